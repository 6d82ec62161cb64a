// Stageline keys Shopify resources by their GraphQL id (a string). REST-shaped webhook payloads
// sometimes carry only the numeric id, so the gid is rebuilt from it.

/** The Admin GraphQL id of a resource, e.g. shopifyGid("Order", "820982911946154508"). */
export function shopifyGid(resource: string, numericId: string): string {
  return `gid://shopify/${resource}/${numericId}`;
}

/** True for a Shopify GraphQL id ("gid://shopify/…"). */
export function isShopifyGid(value: string): boolean {
  return value.startsWith("gid://shopify/");
}
