import { clientOr, type Client } from "./client.server";

export function findShop(shop: string, client?: Client) {
  return clientOr(client).shop.findUnique({ where: { shop } });
}

/** Creates the shop row when missing; marks it installed when asked. */
export function upsertShop(shop: string, { installed }: { installed: boolean }, client?: Client) {
  const now = new Date();
  return clientOr(client).shop.upsert({
    where: { shop },
    create: { shop, installedAt: installed ? now : null },
    update: installed ? { installedAt: now, uninstalledAt: null } : {},
  });
}

export interface ShopIdentityFields {
  name: string | null;
  email: string | null;
  accountEmail: string | null;
  locale: string | null;
  ianaTimezone: string | null;
  primaryDomain: string | null;
  currencyCode: string | null;
}

/**
 * Stores what Shopify says the shop is, unless a newer reading was stored already (a late
 * shop/update must not undo a fresher one). Null fields are left as they are.
 */
export async function updateShopIdentity(
  shop: string,
  identity: ShopIdentityFields,
  at: Date,
  client?: Client,
) {
  const data: Record<string, string | Date> = { identityUpdatedAt: at };
  for (const [key, value] of Object.entries(identity)) if (value) data[key] = value;
  const { count } = await clientOr(client).shop.updateMany({
    where: { shop, OR: [{ identityUpdatedAt: null }, { identityUpdatedAt: { lte: at } }] },
    data,
  });
  return count > 0;
}

/** Where the shop's storefront serves the app proxy, as a verified proxy request showed it. */
export function rememberProxyPathPrefix(shop: string, pathPrefix: string, client?: Client) {
  return clientOr(client).shop.updateMany({
    where: { shop },
    data: { proxyPathPrefix: pathPrefix },
  });
}

export function markShopUninstalled(shop: string, at: Date, client?: Client) {
  return clientOr(client).shop.updateMany({ where: { shop }, data: { uninstalledAt: at } });
}

/** Deletes every row the app holds for `shop` (shop/redact). */
export async function deleteAllShopData(shop: string, client?: Client) {
  const c = clientOr(client);
  const where = { shop };
  const counts = {
    timelineEvents: (await c.timelineEvent.deleteMany({ where })).count,
    orders: (await c.order.deleteMany({ where })).count,
    stages: (await c.stage.deleteMany({ where })).count,
    eventRules: (await c.eventRule.deleteMany({ where })).count,
    timeRules: (await c.timeRule.deleteMany({ where })).count,
    timeRuleFirings: (await c.timeRuleFiring.deleteMany({ where })).count,
    webhookReceipts: (await c.webhookReceipt.deleteMany({ where })).count,
    fulfillmentOrderLinks: (await c.fulfillmentOrderLink.deleteMany({ where })).count,
    bulkOperations: (await c.bulkOperation.deleteMany({ where })).count,
    syncRuns: (await c.syncRun.deleteMany({ where })).count,
    complianceRequests: (await c.complianceRequest.deleteMany({ where })).count,
    rateLimitCounters: (await c.rateLimitCounter.deleteMany({ where })).count,
    emailTemplates: (await c.emailTemplate.deleteMany({ where })).count,
    emails: (await c.emailOutbox.deleteMany({ where })).count,
    sessions: (await c.session.deleteMany({ where })).count,
    shops: (await c.shop.deleteMany({ where })).count,
  };
  return counts;
}

/** The merchant's Settings (null values: not set, defaults apply). */
export function updateShopSettings(
  shop: string,
  settings: {
    senderName: string | null;
    replyTo: string | null;
    emailCoalesceSeconds: number | null;
    workingDays: string;
    timeZone: string | null;
    digestEnabled: boolean;
    digestRecipient: string | null;
    retentionDays: number | null;
    writeBackMetafield: boolean;
    writeBackTag: boolean;
  },
  client?: Client,
) {
  return clientOr(client).shop.updateMany({ where: { shop }, data: settings });
}
