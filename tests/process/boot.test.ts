import { afterEach, describe, expect, it } from "vitest";
import { CHROME_UA, testEnv } from "../helpers/constants";
import { runServerExpectingExit, startServer, type RunningServer } from "../helpers/server-process";

const running: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
});

function baseEnv() {
  return { PATH: process.env.PATH ?? "", ...testEnv(process.env.DATABASE_URL!) };
}

describe("booting the production server", () => {
  it.each([
    ["SHOPIFY_API_SECRET", { SHOPIFY_API_SECRET: "" }, "SHOPIFY_API_SECRET is required"],
    ["SHOPIFY_API_KEY", { SHOPIFY_API_KEY: "" }, "SHOPIFY_API_KEY is required"],
    [
      "SHOPIFY_APP_URL",
      { SHOPIFY_APP_URL: "not a url" },
      "SHOPIFY_APP_URL must be an absolute URL",
    ],
    ["DATABASE_URL", { DATABASE_URL: "mysql://x" }, "DATABASE_URL must start with"],
    [
      "EMAIL_COALESCE_SECONDS",
      { EMAIL_COALESCE_SECONDS: "-5" },
      "EMAIL_COALESCE_SECONDS must be a whole number",
    ],
  ])("refuses to start with a bad %s and names it", async (_name, override, message) => {
    const env: Record<string, string> = { ...baseEnv(), ...override };
    for (const [k, v] of Object.entries(override)) if (v === "") delete env[k];
    const { code, output } = await runServerExpectingExit(env);
    expect(code).toBe(1);
    expect(output).toContain("Invalid environment");
    expect(output).toContain(message);
    expect(output).not.toMatch(/at .*\.js:\d+/); // a message, not a stack trace
  });

  it("runs in production mode when NODE_ENV is not set", async () => {
    const env = baseEnv() as Record<string, string>;
    delete env.NODE_ENV;
    env.EMAIL_DISPATCHER = "on";
    // Production checks are on: no SMTP server configured for the dispatcher → refused.
    const refused = await runServerExpectingExit(env);
    expect(refused.code).toBe(1);
    expect(refused.output).toContain("SMTP_URL");

    // (startServer adds the test process's environment: an empty NODE_ENV counts as unset.)
    const server = await startServer({ ...env, NODE_ENV: "", EMAIL_DISPATCHER: "off" });
    running.push(server);
    // Demo-only pages do not exist in production, whatever Host the client claims.
    for (const path of ["/preview/order-lookup", "/apps/order-status"]) {
      const response = await fetch(`${server.url}${path}`, {
        headers: { "user-agent": CHROME_UA, host: "localhost" },
      });
      expect(response.status, path).toBe(404);
    }
  });

  it("serves /healthz 200 on a reachable database", async () => {
    const server = await startServer(baseEnv());
    running.push(server);
    const response = await fetch(`${server.url}/healthz`, { headers: { "user-agent": CHROME_UA } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok", database: "reachable" });
  });

  it("answers /healthz 503 while the database is unreachable", async () => {
    const server = await startServer({
      ...baseEnv(),
      DATABASE_URL: "postgresql://stageline@127.0.0.1:1/none",
    });
    running.push(server);
    const response = await fetch(`${server.url}/healthz`, { headers: { "user-agent": CHROME_UA } });
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ status: "unavailable", database: "unreachable" });
  });
});
