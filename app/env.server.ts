// Environment, validated once at boot: a bad value stops the process with a message that
// names the variable, instead of failing later inside a request.
import fs from "node:fs";
import { z } from "zod";

const DEFAULT_SCOPES =
  "read_orders,write_orders,read_fulfillments,read_returns,read_merchant_managed_fulfillment_orders,write_app_proxy";

const nonNegativeInt = (fallback: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, "must be a whole number of seconds (0 or more)")
    .default(String(fallback))
    .transform(Number);

/** A file the process can read that holds at least one PEM certificate. */
function readablePem(file: string): boolean {
  try {
    return fs.readFileSync(file, "utf8").includes("-----BEGIN CERTIFICATE-----");
  } catch {
    return false;
  }
}

const schema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    SHOPIFY_API_KEY: z.string().trim().min(1, "is required (the app's client id)"),
    SHOPIFY_API_SECRET: z.string().trim().min(1, "is required (the app's client secret)"),
    SHOPIFY_APP_URL: z
      .string()
      .trim()
      .url("must be an absolute URL such as https://stageline.example.com")
      .refine((url) => /^https?:\/\//.test(url), "must start with http:// or https://"),
    SCOPES: z
      .string()
      .trim()
      .default(DEFAULT_SCOPES)
      .refine((s) => /^[a-z_]+(,[a-z_]+)*$/.test(s), "must be a comma-separated list of scopes"),
    DATABASE_URL: z
      .string()
      .trim()
      .default("file:./data/stageline.sqlite")
      .refine(
        (url) => url.startsWith("file:") || /^postgres(ql)?:\/\//.test(url),
        'must start with "file:" (SQLite) or "postgresql://" (PostgreSQL)',
      ),
    PORT: z
      .string()
      .trim()
      .regex(/^\d+$/, "must be a port number")
      .default("3000")
      .transform(Number)
      .refine((port) => port > 0 && port < 65536, "must be between 1 and 65535"),
    SMTP_URL: z
      .string()
      .trim()
      .optional()
      .transform((v) => v || undefined)
      .refine((v) => !v || /^smtps?:\/\/[^/]+/.test(v), "must look like smtp://user:pass@host:587"),
    SMTP_CA_FILE: z
      .string()
      .trim()
      .optional()
      .transform((v) => v || undefined)
      .refine(
        (v) => !v || readablePem(v),
        "must name a readable PEM file of certificates (-----BEGIN CERTIFICATE-----)",
      ),
    EMAIL_FROM: z
      .string()
      .trim()
      .optional()
      .transform((v) => v || undefined)
      .refine(
        (v) => !v || /^([^<>]*<)?[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+>?$/.test(v),
        'must be an address such as "Shop <orders@example.com>"',
      ),
    EMAIL_DISPATCHER: z.enum(["on", "off"], { message: 'must be "on" or "off"' }).default("on"),
    EMAIL_COALESCE_SECONDS: nonNegativeInt(120),
  })
  .superRefine((env, ctx) => {
    if (env.SMTP_URL && !env.EMAIL_FROM) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["EMAIL_FROM"],
        message: 'is required with SMTP_URL (the sender, e.g. "Shop <orders@example.com>")',
      });
    }
    if (env.NODE_ENV === "production" && env.EMAIL_DISPATCHER === "on" && !env.SMTP_URL) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["SMTP_URL"],
        message:
          "is required in production while EMAIL_DISPATCHER=on (or set EMAIL_DISPATCHER=off)",
      });
    }
  });

export type Env = z.output<typeof schema>;

export class EnvError extends Error {
  override name = "EnvError";
}

/** Parses an environment; throws EnvError listing every bad variable by name. */
export function readEnv(source: Record<string, string | undefined> = process.env): Env {
  const result = schema.safeParse(source);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const name = String(issue.path[0] ?? "environment");
    const message =
      issue.code === "invalid_type" && issue.received === "undefined"
        ? "is required"
        : issue.message;
    return `  ${name} ${message}`;
  });
  throw new EnvError(`Invalid environment:\n${lines.join("\n")}`);
}

let cached: Env | undefined;

/** The process environment, validated on first use. */
export function env(): Env {
  cached ??= readEnv();
  return cached;
}
