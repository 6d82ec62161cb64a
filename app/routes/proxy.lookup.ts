import type { ActionFunctionArgs } from "@remix-run/node";
import { lookupOrderForShopper } from "~/services/order-lookup.server";
import {
  authenticateProxy,
  notFound,
  proxyJson,
  readLookupInput,
} from "~/shopify/app-proxy.server";

// POST /apps/order-status/lookup (through Shopify's app proxy).
export async function action({ request }: ActionFunctionArgs) {
  const proxy = await authenticateProxy(request);
  if (!proxy.installed) return notFound();
  const input = await readLookupInput(request);
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
      "Retry-After": String(result.retryAfterSeconds),
    });
  }
  return result.status === 200 ? proxyJson({ order: result.order }) : notFound();
}

export async function loader() {
  return proxyJson({ error: "method_not_allowed" }, 405, { Allow: "POST" });
}
