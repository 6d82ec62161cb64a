import type { LoaderFunctionArgs } from "@remix-run/node";
import { listOrdersOfCustomer } from "~/services/order-lookup.server";
import { authenticateProxy, proxyJson } from "~/shopify/app-proxy.server";

// GET /apps/order-status/orders: the logged-in customer's recent orders.
export async function loader({ request }: LoaderFunctionArgs) {
  const proxy = await authenticateProxy(request);
  if (!proxy.loggedInCustomerId) return proxyJson({ error: "not_logged_in" }, 401);
  if (!proxy.installed) return proxyJson({ orders: [] });
  const locale = new URL(request.url).searchParams.get("locale") ?? undefined;
  const safeLocale =
    locale && /^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})?$/.test(locale) ? locale : undefined;
  return proxyJson({
    orders: await listOrdersOfCustomer(proxy.shop, proxy.loggedInCustomerId, safeLocale),
  });
}
