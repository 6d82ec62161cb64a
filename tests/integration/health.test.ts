import { describe, expect, it } from "vitest";
import { appFetch } from "../helpers/app";

describe("GET /healthz", () => {
  it("answers 200 when the database is reachable", async () => {
    const response = await appFetch("/healthz");
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toEqual({ status: "ok", database: "reachable" });
  });
});
