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
    webhookReceipts: (await c.webhookReceipt.deleteMany({ where })).count,
    fulfillmentOrderLinks: (await c.fulfillmentOrderLink.deleteMany({ where })).count,
    bulkOperations: (await c.bulkOperation.deleteMany({ where })).count,
    complianceRequests: (await c.complianceRequest.deleteMany({ where })).count,
    rateLimitCounters: (await c.rateLimitCounter.deleteMany({ where })).count,
    emailTemplates: (await c.emailTemplate.deleteMany({ where })).count,
    emails: (await c.emailOutbox.deleteMany({ where })).count,
    sessions: (await c.session.deleteMany({ where })).count,
    shops: (await c.shop.deleteMany({ where })).count,
  };
  return counts;
}
