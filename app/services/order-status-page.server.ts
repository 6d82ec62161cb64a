// The storefront's order status page, the app proxy's root (/apps/order-status): the lookup
// block on a page of its own, inside the shop's theme. Stage emails link here. Answered as
// Liquid, so Shopify renders it in the theme's layout; the block's HTML is wrapped in `raw`, so
// nothing in it is taken for Liquid.
import { findShop, rememberProxyPathPrefix } from "~/models/shops.server";
import { APP_PROXY_PATH, proxyPathPrefixOf } from "~/shopify/app-proxy";
import { renderLookupBlock } from "./storefront-block.server";

export interface OrderStatusPageRequest {
  shop: string;
  /** `path_prefix` of the proxy request: where the shopper reached the page. */
  pathPrefix: string | null;
  loggedIn: boolean;
}

export async function renderOrderStatusPage(request: OrderStatusPageRequest): Promise<string> {
  const seen = proxyPathPrefixOf(request.pathPrefix);
  const prefix = seen ?? APP_PROXY_PATH;
  const shop = await findShop(request.shop);
  // Where this shop's storefront serves the page: emails link there.
  if (shop && seen && shop.proxyPathPrefix !== seen) {
    await rememberProxyPathPrefix(request.shop, seen);
  }
  const block = await renderLookupBlock({
    locale: shop?.locale ?? "en",
    loggedIn: request.loggedIn,
    settings: {},
    rootUrl: "/",
    proxySubpath: prefix.slice(1),
    assetUrl: (name) => `${prefix}/assets/${encodeURIComponent(name)}`,
  });
  return `{% raw %}<div class="stageline-order-status-page">${block}</div>{% endraw %}`;
}
