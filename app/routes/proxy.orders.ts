import { listOrdersOfCustomer } from "~/services/order-lookup.server";
import {
  authenticateProxy,
  MAX_PROXY_BODY_BYTES,
  proxyJson,
  queryOf,
} from "~/adapters/app-proxy.server";
import {
  directRoute,
  type DirectReply,
  type DirectRequest,
} from "~/adapters/direct-request.server";

const LOCALE = /^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})?$/;

// GET /apps/order-status/orders: the logged-in customer's recent orders. A direct route
// (docs/decisions/007).
async function orders(request: DirectRequest): Promise<DirectReply> {
  const auth = await authenticateProxy(request);
  if (!auth.ok) return auth.reply;
  const { proxy } = auth;
  if (!proxy.loggedInCustomerId) return proxyJson({ error: "not_logged_in" }, 401);
  if (!proxy.installed) return proxyJson({ orders: [] });
  const locale = queryOf(request).get("locale");
  return proxyJson({
    orders: await listOrdersOfCustomer(
      proxy.shop,
      proxy.loggedInCustomerId,
      locale && LOCALE.test(locale) ? locale : undefined,
    ),
  });
}

export const loader = directRoute(orders, MAX_PROXY_BODY_BYTES);
