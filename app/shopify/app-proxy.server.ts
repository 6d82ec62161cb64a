// Adapters between app-proxy requests (signed by Shopify) and the lookup service.
import { z } from "zod";
import { authenticate } from "~/shopify.server";

export interface ProxyContext {
  shop: string;
  loggedInCustomerId: string | null;
  /** Shopify's proxy does not reliably forward the shopper's IP; use it only when present. */
  shopperIp: string | null;
  installed: boolean;
}

/** Verifies the app-proxy signature (4xx and no work when it is bad or stale). */
export async function authenticateProxy(request: Request): Promise<ProxyContext> {
  const { session } = await authenticate.public.appProxy(request);
  const url = new URL(request.url);
  const shop = url.searchParams.get("shop")!;
  const customer = url.searchParams.get("logged_in_customer_id");
  const forwarded = request.headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return {
    shop,
    loggedInCustomerId: customer && /^\d+$/.test(customer) ? customer : null,
    shopperIp: forwarded && /^[0-9a-fA-F.:]{3,45}$/.test(forwarded) ? forwarded : null,
    installed: Boolean(session),
  };
}

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
      .regex(/^#?\s*[\w-]+$/u, "Order number can only contain letters, digits and dashes"),
    email: z
      .string()
      .trim()
      .max(254)
      .email("Enter a valid email address")
      .optional()
      .or(z.literal("").transform(() => undefined)),
    phone: z
      .string()
      .trim()
      .max(32)
      .refine((p) => p.replace(/\D/g, "").length >= 6, "Enter a valid phone number")
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
export async function readLookupInput(
  request: Request,
): Promise<{ ok: true; data: LookupInput } | { ok: false; fields: Record<string, string> }> {
  let raw: unknown;
  const type = request.headers.get("content-type") ?? "";
  try {
    raw = type.includes("application/json")
      ? await request.json()
      : Object.fromEntries(new URLSearchParams(await request.text()));
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

const JSON_HEADERS = { "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" };

export function proxyJson(body: unknown, status = 200, headers: Record<string, string> = {}) {
  return Response.json(body, { status, headers: { ...JSON_HEADERS, ...headers } });
}

/** The one not-found answer: identical for an unknown order and a wrong email/phone. */
export function notFound() {
  return proxyJson({ error: "not_found" }, 404);
}
