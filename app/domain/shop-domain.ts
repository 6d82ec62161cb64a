// A shop's permanent domain as Shopify writes it in webhook headers and app-proxy queries:
// "example-shop.myshopify.com", lower case, nothing around it. Anything else (upper case, a
// trailing dot, two values joined by a repeated header) is refused at the door with a 4xx
// rather than reaching code that would throw on it.

/** The longest domain name DNS allows; Shopify's are far shorter. */
export const MAX_SHOP_DOMAIN_LENGTH = 255;

const CANONICAL_SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;

export function isCanonicalShopDomain(value: string | null | undefined): value is string {
  return (
    typeof value === "string" &&
    value.length <= MAX_SHOP_DOMAIN_LENGTH &&
    CANONICAL_SHOP_DOMAIN.test(value)
  );
}
