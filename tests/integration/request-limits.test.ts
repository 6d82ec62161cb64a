// The login route bounds what it reads on the Remix path too (`npm run dev`, the in-process
// app), not only behind the production server's limit (tests/process/request-limits).
import { describe, expect, it } from "vitest";
import { appFetch } from "../helpers/app";

function postLogin(body: string) {
  return appFetch("/auth/login", {
    method: "POST",
    body,
    headers: { "content-type": "application/x-www-form-urlencoded" },
  });
}

describe("POST /auth/login through Remix", () => {
  it("answers 413 to a body over 64 KB", async () => {
    const response = await postLogin(`shop=${"a".repeat(70 * 1024)}.myshopify.com`);
    expect(response.status).toBe(413);
  });

  it("refuses a shop longer than 255 characters with the invalid-shop message", async () => {
    const response = await postLogin(`shop=${"b".repeat(300)}.myshopify.com`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("Please enter a valid shop domain");
  });
});
