import { clientOr, type Client } from "./client.server";

export type TimelineSource = "shopify" | "carrier" | "merchant" | "rule" | "backfill";

export interface TimelineEventInput {
  orderGid: string;
  fromKey: string | null;
  toKey: string;
  source: TimelineSource;
  actor: string | null;
  note: string | null;
  occurredAt: Date;
  customerNotified: boolean;
}

export function appendTimelineEvent(shop: string, event: TimelineEventInput, client?: Client) {
  return clientOr(client).timelineEvent.create({ data: { shop, ...event } });
}

export function listOrderTimeline(shop: string, orderGid: string, client?: Client) {
  return clientOr(client).timelineEvent.findMany({
    where: { shop, orderGid },
    orderBy: { id: "asc" },
  });
}

/** Stage events of several orders at once, grouped by order. */
export async function listTimelinesForOrders(shop: string, orderGids: string[], client?: Client) {
  const events = await clientOr(client).timelineEvent.findMany({
    where: { shop, orderGid: { in: orderGids } },
    orderBy: { id: "asc" },
  });
  const byOrder = new Map<string, typeof events>();
  for (const event of events) {
    byOrder.set(event.orderGid, [...(byOrder.get(event.orderGid) ?? []), event]);
  }
  return byOrder;
}

export function markCustomerNotified(shop: string, id: number, client?: Client) {
  return clientOr(client).timelineEvent.updateMany({
    where: { shop, id },
    data: { customerNotified: true },
  });
}
