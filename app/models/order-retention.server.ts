// Data retention (Settings): shops that delete old closed or cancelled orders, the candidates of
// one shop, and the deletion of an order with everything the app keeps of it.
import { clientOr, type Client } from "./client.server";

/** Shops with a retention period (null keeps orders while the app is installed). */
export function shopsWithRetention(client?: Client) {
  return clientOr(client).shop.findMany({
    where: { retentionDays: { not: null } },
    select: { shop: true, retentionDays: true },
    orderBy: { shop: "asc" },
  });
}

/**
 * A page of the shop's orders placed before `before` (only those can have been closed or
 * cancelled before it), after `cursor` by id; the caller reads their facts.
 */
export function retentionCandidates(
  shop: string,
  before: Date,
  cursor: string | null,
  limit: number,
  client?: Client,
) {
  return clientOr(client).order.findMany({
    where: {
      shop,
      placedAt: { lt: before },
      ...(cursor ? { orderGid: { gt: cursor } } : {}),
    },
    select: { orderGid: true, cancelledAt: true, facts: true, version: true },
    orderBy: { orderGid: "asc" },
    take: limit,
  });
}

/**
 * Deletes the order with its timeline, emails, fulfillment-order links and time-rule firings,
 * unless it changed since it was read (`version`): a reopened order stays. True when it was
 * deleted.
 */
export async function deleteOrderWithHistory(
  shop: string,
  orderGid: string,
  version: number,
  client: Client,
) {
  const { count } = await client.order.deleteMany({ where: { shop, orderGid, version } });
  if (count === 0) return false;
  const where = { shop, orderGid };
  await client.timelineEvent.deleteMany({ where });
  await client.emailOutbox.deleteMany({ where });
  await client.fulfillmentOrderLink.deleteMany({ where });
  await client.timeRuleFiring.deleteMany({ where });
  return true;
}
