// The theme editor deep link that adds the storefront order-lookup app block (SPEC §5, §7):
// Shopify's documented form is
//   https://<shop>.myshopify.com/admin/themes/current/editor
//     ?template=<template>&addAppBlockId=<api key>/<block handle>&target=newAppsSection
// where the block handle is the block's file name in extensions/*/blocks without ".liquid".

/** extensions/order-lookup/blocks/order-lookup.liquid */
export const ORDER_LOOKUP_BLOCK_HANDLE = "order-lookup";
/** The block goes on a page of its own ("Track your order"), which uses the page template. */
export const ORDER_LOOKUP_TEMPLATE = "page";

const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;

/** The deep link, or null when the shop domain or the API key cannot form one. */
export function addAppBlockLink(
  shop: string,
  apiKey: string,
  { handle = ORDER_LOOKUP_BLOCK_HANDLE, template = ORDER_LOOKUP_TEMPLATE } = {},
): string | null {
  if (!SHOP_DOMAIN.test(shop) || !/^[\w-]+$/.test(apiKey)) return null;
  const e = encodeURIComponent;
  // The slash of "<api key>/<handle>" stays literal, as in Shopify's documentation.
  return (
    `https://${shop}/admin/themes/current/editor?template=${e(template)}` +
    `&addAppBlockId=${e(apiKey)}/${e(handle)}&target=newAppsSection`
  );
}
