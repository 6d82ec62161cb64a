// The storefront's order status page, /apps/order-status (the app proxy's root): the lookup
// block on a page of its own, inside the shop's theme. Stage emails link here. Answered as
// Liquid, so Shopify renders it in the theme's layout; the block's HTML is wrapped in `raw`, so
// nothing in it is taken for Liquid.
import { findShop } from "~/models/shops.server";
import { renderLookupBlock } from "./storefront-block.server";

/** Shopify's proxy prefixes: /apps, /a, /community, /tools, then the merchant's subpath. */
const PATH_PREFIX = /^\/(apps|a|community|tools)\/[\w-]{1,64}$/;
export const DEFAULT_PATH_PREFIX = "/apps/order-status";

export interface OrderStatusPageRequest {
  shop: string;
  /** `path_prefix` of the proxy request: where the shopper reached the page. */
  pathPrefix: string | null;
  loggedIn: boolean;
}

export async function renderOrderStatusPage(request: OrderStatusPageRequest): Promise<string> {
  const prefix =
    request.pathPrefix && PATH_PREFIX.test(request.pathPrefix)
      ? request.pathPrefix
      : DEFAULT_PATH_PREFIX;
  const shop = await findShop(request.shop);
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
