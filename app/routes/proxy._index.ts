import { renderOrderStatusPage } from "~/services/order-status-page.server";
import { authenticateProxy, MAX_PROXY_BODY_BYTES, queryOf } from "~/adapters/app-proxy.server";
import {
  directRoute,
  type DirectReply,
  type DirectRequest,
} from "~/adapters/direct-request.server";

// GET /apps/order-status: the order status page (the lookup block in the shop's theme), as
// Liquid for Shopify to render. Stage emails link here.
async function page(request: DirectRequest): Promise<DirectReply> {
  const auth = await authenticateProxy(request);
  if (!auth.ok) return auth.reply;
  const { proxy } = auth;
  if (!proxy.installed) return { status: 404, headers: {}, body: "" };
  const body = await renderOrderStatusPage({
    shop: proxy.shop,
    pathPrefix: queryOf(request).get("path_prefix"),
    loggedIn: proxy.loggedInCustomerId !== null,
  });
  return {
    status: 200,
    headers: { "content-type": "application/liquid", "cache-control": "no-store" },
    body,
  };
}

export const loader = directRoute(page, MAX_PROXY_BODY_BYTES);
