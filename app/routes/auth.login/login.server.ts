import type { LoginError } from "@shopify/shopify-app-remix/server";
import { LoginErrorType } from "@shopify/shopify-app-remix/server";
import { MAX_SHOP_DOMAIN_LENGTH } from "~/domain/shop-domain";
import { login } from "~/shopify.server";
import { MAX_FORM_BODY_BYTES, readBody } from "~/adapters/direct-request.server";

/**
 * Shopify's `login`, reached only with a bounded body (413 beyond MAX_FORM_BODY_BYTES) and a
 * `shop` no longer than a domain can be: the library echoes the value into its redirect.
 */
export async function boundedLogin(request: Request): Promise<LoginError | Response> {
  let forwarded = request;
  let shop: FormDataEntryValue | null;
  if (request.method === "GET" || request.method === "HEAD") {
    shop = new URL(request.url).searchParams.get("shop");
  } else {
    const body = await readBody(request, MAX_FORM_BODY_BYTES);
    if (body === null) return new Response(null, { status: 413 });
    forwarded = new Request(request.url, {
      method: request.method,
      headers: request.headers,
      body,
    });
    shop = await forwarded
      .clone()
      .formData()
      .then((form) => form.get("shop"))
      .catch(() => null);
  }
  if (typeof shop === "string" && shop.length > MAX_SHOP_DOMAIN_LENGTH) {
    return { shop: LoginErrorType.InvalidShop };
  }
  return login(forwarded);
}
