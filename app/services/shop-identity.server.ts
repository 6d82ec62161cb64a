// The shop's own identity (name, addresses, time zone, primary domain, currency, language):
// read from the Admin API on install and kept current by the shop/update webhook (SPEC §3).
// Emails and the order status page read it from the Shop row.
import { z } from "zod";
import { updateShopIdentity, type ShopIdentityFields } from "~/models/shops.server";
import { AdminApiError, type AdminGraphql } from "~/shopify/admin-graphql.server";
import { parseJsonLossless } from "~/shopify/json";
import { SHOP_IDENTITY, type ShopIdentityResult } from "~/shopify/operations/shop-identity.server";
import { SHOP_LOCALES } from "~/shopify/operations/shop-locales.server";
import type { WebhookDelivery, WebhookOutcome } from "./webhook-delivery";
import { ensureShop } from "./shops.server";

/** Reads the shop (and its primary language, where the token may) and stores it. */
export async function refreshShopIdentity(admin: AdminGraphql, now = new Date()) {
  const result = await admin.request(SHOP_IDENTITY, {});
  const identity = { ...identityFromQuery(result), locale: await primaryLocale(admin) };
  await ensureShop(admin.shop);
  await updateShopIdentity(admin.shop, identity, now);
  return identity;
}

/** The shop's primary locale; null when the token may not read the shop's languages. */
async function primaryLocale(admin: AdminGraphql): Promise<string | null> {
  try {
    const { shopLocales } = await admin.request(SHOP_LOCALES, {});
    return shopLocales.find((l) => l.primary)?.locale ?? null;
  } catch (error) {
    if (error instanceof AdminApiError && error.codes.includes("ACCESS_DENIED")) return null;
    throw error;
  }
}

export function identityFromQuery(result: ShopIdentityResult): ShopIdentityFields {
  const { shop } = result;
  return {
    name: shop.name.trim() || null,
    email: address(shop.contactEmail) ?? address(shop.email),
    accountEmail: address(shop.email),
    locale: null,
    ianaTimezone: shop.ianaTimezone || null,
    primaryDomain: shop.primaryDomain.host || null,
    currencyCode: shop.currencyCode || null,
  };
}

// The REST shape of the shop (the webhook's payload); only what Stageline keeps.
const shopUpdatePayload = z.object({
  name: z.string().nullish(),
  email: z.string().nullish(),
  customer_email: z.string().nullish(),
  iana_timezone: z.string().nullish(),
  domain: z.string().nullish(),
  currency: z.string().nullish(),
  primary_locale: z.string().nullish(),
  updated_at: z.string().datetime({ offset: true }).nullish(),
});

/** shop/update: the payload carries the shop's fields, so no query is needed. */
export async function recordShopUpdate(delivery: WebhookDelivery): Promise<WebhookOutcome> {
  const parsed = shopUpdatePayload.safeParse(parseJsonLossless(delivery.rawBody));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { status: "invalid", error: `${issue?.path.join(".")}: ${issue?.message}` };
  }
  const p = parsed.data;
  const at = p.updated_at ? new Date(p.updated_at) : (delivery.triggeredAt ?? new Date());
  await ensureShop(delivery.shop);
  const stored = await updateShopIdentity(
    delivery.shop,
    {
      name: p.name?.trim() || null,
      email: address(p.customer_email) ?? address(p.email),
      accountEmail: address(p.email),
      locale: p.primary_locale?.trim() || null,
      ianaTimezone: p.iana_timezone?.trim() || null,
      primaryDomain: p.domain?.trim().toLowerCase() || null,
      currencyCode: p.currency?.trim() || null,
    },
    at,
  );
  return stored ? { status: "stored" } : { status: "ignored", reason: "older_than_stored" };
}

function address(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed && /^[^\s@<>]+@[^\s@<>]+$/.test(trimmed) ? trimmed : null;
}
