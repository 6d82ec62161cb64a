// The app proxy as shopify.app.toml declares it ([app_proxy] prefix and subpath; a unit test keeps
// the two equal). Shopify serves it on every domain of the shop at /<prefix>/<subpath>; a merchant
// may change both in the admin, and each proxied request says where it was reached (`path_prefix`).

export const APP_PROXY = { prefix: "apps", subpath: "order-status" } as const;

/** The storefront path of the order status page unless the merchant changed it. */
export const APP_PROXY_PATH = `/${APP_PROXY.prefix}/${APP_PROXY.subpath}`;

/** Shopify's proxy prefixes (/apps, /a, /community, /tools), then the subpath. */
const PATH_PREFIX = /^\/(apps|a|community|tools)\/[\w-]{1,64}$/;

/** A `path_prefix` a proxied request may carry; anything else is not used. */
export function proxyPathPrefixOf(value: string | null | undefined): string | null {
  return value && PATH_PREFIX.test(value) ? value : null;
}

/** The order status page on the shop's storefront: its primary domain once known. */
export function orderStatusPageUrl(shop: {
  shop: string;
  primaryDomain?: string | null;
  proxyPathPrefix?: string | null;
}): string {
  const path = proxyPathPrefixOf(shop.proxyPathPrefix) ?? APP_PROXY_PATH;
  return `https://${shop.primaryDomain || shop.shop}${path}`;
}
