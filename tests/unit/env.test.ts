import path from "node:path";
import { describe, expect, it } from "vitest";
import { EnvError, readEnv } from "~/env.server";

/** Test-only TLS files (tests/fixtures/tls/README.md). */
const testCertificate = (name: string) =>
  path.resolve(import.meta.dirname, "../fixtures/tls", name);

const valid = {
  SHOPIFY_API_KEY: "key",
  SHOPIFY_API_SECRET: "secret",
  SHOPIFY_APP_URL: "https://stageline.example.com",
};

describe("readEnv", () => {
  it("applies the documented defaults", () => {
    const env = readEnv(valid);
    expect(env).toMatchObject({
      DATABASE_URL: "file:./data/stageline.sqlite",
      PORT: 3000,
      EMAIL_DISPATCHER: "on",
      EMAIL_COALESCE_SECONDS: 120,
      NODE_ENV: "development",
    });
    expect(env.SCOPES.split(",")).toContain("write_app_proxy");
  });

  it("accepts PostgreSQL URLs and a zero coalescing window", () => {
    const env = readEnv({
      ...valid,
      DATABASE_URL: "postgresql://u@h/db",
      EMAIL_COALESCE_SECONDS: "0",
    });
    expect(env.DATABASE_URL).toBe("postgresql://u@h/db");
    expect(env.EMAIL_COALESCE_SECONDS).toBe(0);
  });

  it.each([
    [{ SHOPIFY_API_SECRET: undefined }, "SHOPIFY_API_SECRET is required"],
    [{ SHOPIFY_API_SECRET: "  " }, "SHOPIFY_API_SECRET is required"],
    [{ SHOPIFY_API_KEY: undefined }, "SHOPIFY_API_KEY is required"],
    [{ SHOPIFY_APP_URL: "localhost" }, "SHOPIFY_APP_URL must be an absolute URL"],
    [{ DATABASE_URL: "mysql://x" }, "DATABASE_URL must start with"],
    [{ PORT: "http" }, "PORT must be a port number"],
    [{ PORT: "70000" }, "PORT must be between 1 and 65535"],
    [{ SMTP_URL: "mail.example.com" }, "SMTP_URL must look like smtp://"],
    [{ EMAIL_FROM: "not an address" }, "EMAIL_FROM must be an address"],
    [{ EMAIL_DISPATCHER: "yes" }, 'EMAIL_DISPATCHER must be "on" or "off"'],
    [{ EMAIL_COALESCE_SECONDS: "2m" }, "EMAIL_COALESCE_SECONDS must be a whole number"],
    [{ NODE_ENV: "production" }, "SMTP_URL is required in production"],
    [{ SMTP_URL: "smtp://mail.example.com:587" }, "EMAIL_FROM is required with SMTP_URL"],
    [{ SMTP_CA_FILE: "/nonexistent/ca.pem" }, "SMTP_CA_FILE must name a readable PEM file"],
    [{ SMTP_CA_FILE: testCertificate("smtp.key") }, "SMTP_CA_FILE must name a readable PEM file"],
  ])("rejects %o with a message naming the variable", (override, message) => {
    expect(() => readEnv({ ...valid, ...override })).toThrow(EnvError);
    expect(() => readEnv({ ...valid, ...override })).toThrow(message);
  });

  it("accepts a PEM file of certificates to trust for SMTP", () => {
    const file = testCertificate("ca.crt");
    expect(readEnv({ ...valid, SMTP_CA_FILE: file }).SMTP_CA_FILE).toBe(file);
    expect(readEnv({ ...valid, SMTP_CA_FILE: " " }).SMTP_CA_FILE).toBeUndefined();
  });

  it("lists every bad variable at once", () => {
    let message = "";
    try {
      readEnv({});
    } catch (error) {
      message = (error as Error).message;
    }
    for (const name of ["SHOPIFY_API_KEY", "SHOPIFY_API_SECRET", "SHOPIFY_APP_URL"]) {
      expect(message).toContain(name);
    }
  });
});
