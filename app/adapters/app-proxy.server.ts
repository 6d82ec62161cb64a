// Adapters between app-proxy requests (signed by Shopify) and the lookup service. The proxy
// routes are direct routes (./direct-request.server.ts, docs/decisions/007).
import { z } from "zod";
import { normalizeOrderName } from "~/domain/order-names";
import { phoneKey } from "~/domain/shopper-contact";
import { isCanonicalShopDomain } from "~/domain/shop-domain";
import { hasOfflineSession, validateAppProxyQuery } from "~/shopify.server";
import { header, jsonReply, type DirectReply, type DirectRequest } from "./direct-request.server";

/** A lookup body is a few short fields. */
export const MAX_PROXY_BODY_BYTES = 16 * 1024;

export interface ProxyContext {
  shop: string;
  loggedInCustomerId: string | null;
  /** Shopify's proxy does not reliably forward the shopper's IP; use it only when present. */
  shopperIp: string | null;
  installed: boolean;
}

const BAD_REQUEST: DirectReply = { status: 400, headers: {}, body: "" };

/** The query of a request's path ("/proxy/lookup?shop=…"). */
export function queryOf(request: DirectRequest): URLSearchParams {
  const start = request.url.indexOf("?");
  return new URLSearchParams(start === -1 ? "" : request.url.slice(start + 1));
}

/**
 * The parameters Shopify's proxy adds. A shopper can add the same names to the storefront URL;
 * Shopify then forwards both values and signs them joined, so a repeated one is refused rather
 * than read (the library refuses repeats only of shop, timestamp and signature).
 */
const PROXY_PARAMETERS = ["shop", "logged_in_customer_id", "path_prefix", "timestamp", "signature"];

/**
 * Verifies the app-proxy signature with Shopify's library (as `authenticate.public.appProxy`
 * does); a bad or stale one, or a repeated proxy parameter, is answered 400 and no work is done.
 */
export async function authenticateProxy(
  request: DirectRequest,
): Promise<{ ok: true; proxy: ProxyContext } | { ok: false; reply: DirectReply }> {
  const query = queryOf(request);
  const shop = query.get("shop") ?? "";
  const repeated = PROXY_PARAMETERS.some((name) => query.getAll(name).length > 1);
  if (repeated || !isCanonicalShopDomain(shop) || !(await validateAppProxyQuery(query))) {
    return { ok: false, reply: BAD_REQUEST };
  }
  const customer = query.get("logged_in_customer_id");
  const forwarded = header(request, "x-forwarded-for")?.split(",")[0]?.trim();
  return {
    ok: true,
    proxy: {
      shop,
      loggedInCustomerId: customer && /^\d+$/.test(customer) ? customer : null,
      shopperIp: forwarded && /^[0-9a-fA-F.:]{3,45}$/.test(forwarded) ? forwarded : null,
      installed: await hasOfflineSession(shop),
    },
  };
}

const CONTROL = /\p{C}/u;
/**
 * One "@" between a local part and a dotted domain, in any script (`Jöns@exämple.se`): the
 * lookup only compares it with the order's address, so the shape is all that is checked.
 */
const EMAIL = /^[^\s@\p{C}]+@[^\s@\p{C}.]+(\.[^\s@\p{C}.]+)+$/u;

const lookupInput = z
  .object({
    order: z
      .string({
        required_error: "Enter your order number",
        invalid_type_error: "Enter your order number",
      })
      .trim()
      .min(1, "Enter your order number")
      .max(40, "Order number is too long")
      // Any prefix or suffix a shop sets, in any script; it must name a number.
      .refine((order) => !CONTROL.test(order) && /\d/.test(normalizeOrderName(order)), {
        message: "Enter your order number",
      }),
    email: z
      .string()
      .trim()
      .max(254)
      .regex(EMAIL, "Enter a valid email address")
      .optional()
      .or(z.literal("").transform(() => undefined)),
    phone: z
      .string()
      .trim()
      .max(32)
      .refine((p) => !CONTROL.test(p) && phoneKey(p).length >= 6, "Enter a valid phone number")
      .optional()
      .or(z.literal("").transform(() => undefined)),
    locale: z
      .string()
      .trim()
      .regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})?$/)
      .optional()
      .catch(undefined),
  })
  .refine((v) => v.email || v.phone, {
    message: "Enter the email or phone number used for the order",
    path: ["email"],
  });

export type LookupInput = z.output<typeof lookupInput>;

/** Reads a JSON or form-encoded lookup body; field errors are returned, not thrown. */
export function readLookupInput(
  request: DirectRequest,
): { ok: true; data: LookupInput } | { ok: false; fields: Record<string, string> } {
  let raw: unknown;
  const type = header(request, "content-type") ?? "";
  try {
    raw = type.includes("application/json")
      ? JSON.parse(request.rawBody)
      : Object.fromEntries(new URLSearchParams(request.rawBody));
  } catch {
    return { ok: false, fields: { body: "Send JSON or a form with order and email" } };
  }
  const parsed = lookupInput.safeParse(raw);
  if (parsed.success) return { ok: true, data: parsed.data };
  const fields: Record<string, string> = {};
  for (const issue of parsed.error.issues)
    fields[String(issue.path[0] ?? "body")] ??= issue.message;
  return { ok: false, fields };
}

const JSON_HEADERS = { "cache-control": "no-store", "x-content-type-options": "nosniff" };

export function proxyJson(body: unknown, status = 200, headers: Record<string, string> = {}) {
  return jsonReply(status, body, { ...JSON_HEADERS, ...headers });
}

/** The one not-found answer: identical for an unknown order and a wrong email/phone. */
export function notFound(): DirectReply {
  return proxyJson({ error: "not_found" }, 404);
}
