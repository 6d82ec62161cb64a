import { clientOr, type Client } from "./client.server";

export interface ReceiptInput {
  eventId: string;
  topic: string;
  webhookId: string | null;
  triggeredAt: Date | null;
}

export async function hasReceipt(shop: string, eventId: string, client?: Client) {
  const found = await clientOr(client).webhookReceipt.findUnique({
    where: { shop_eventId: { shop, eventId } },
    select: { eventId: true },
  });
  return found !== null;
}

/** Records a delivery; throws a unique violation (P2002) when it was recorded before. */
export function createReceipt(shop: string, receipt: ReceiptInput, client?: Client) {
  return clientOr(client).webhookReceipt.create({ data: { shop, ...receipt } });
}

/** Removes receipts older than `before` (across shops: housekeeping, not a tenant read). */
export function deleteReceiptsBefore(before: Date, client?: Client) {
  return clientOr(client).webhookReceipt.deleteMany({ where: { receivedAt: { lt: before } } });
}
