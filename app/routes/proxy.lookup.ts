import { lookupOrderForShopper } from "~/services/order-lookup.server";
import {
  authenticateProxy,
  MAX_PROXY_BODY_BYTES,
  notFound,
  proxyJson,
  readLookupInput,
} from "~/adapters/app-proxy.server";
import {
  directRoute,
  toResponse,
  type DirectReply,
  type DirectRequest,
} from "~/adapters/direct-request.server";

// POST /apps/order-status/lookup (through Shopify's app proxy). A direct route: the production
// server serves it without Express and Remix (docs/decisions/007).
async function lookup(request: DirectRequest): Promise<DirectReply> {
  // Remix hands every non-GET method to the action; only POST is a lookup.
  if (request.method !== "POST") return METHOD_NOT_ALLOWED;
  const auth = await authenticateProxy(request);
  if (!auth.ok) return auth.reply;
  const { proxy } = auth;
  if (!proxy.installed) return notFound();
  const input = readLookupInput(request);
  if (!input.ok) return proxyJson({ error: "invalid_input", fields: input.fields }, 422);
  const result = await lookupOrderForShopper({
    shop: proxy.shop,
    orderName: input.data.order,
    email: input.data.email,
    phone: input.data.phone,
    locale: input.data.locale,
    shopperIp: proxy.shopperIp ?? undefined,
    now: new Date(),
  });
  if (result.status === 429) {
    return proxyJson({ error: "rate_limited" }, 429, {
      "retry-after": String(result.retryAfterSeconds),
    });
  }
  return result.status === 200 ? proxyJson({ order: result.order }) : notFound();
}

export const action = directRoute(lookup, MAX_PROXY_BODY_BYTES);

const METHOD_NOT_ALLOWED = proxyJson({ error: "method_not_allowed" }, 405, { allow: "POST" });

export async function loader() {
  return toResponse(METHOD_NOT_ALLOWED);
}
