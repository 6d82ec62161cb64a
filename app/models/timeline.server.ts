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

export function markCustomerNotified(shop: string, id: number, client?: Client) {
  return clientOr(client).timelineEvent.updateMany({
    where: { shop, id },
    data: { customerNotified: true },
  });
}
