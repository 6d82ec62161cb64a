import { clientOr, type Client } from "./client.server";

/** Removes receipts older than `before` (across shops: housekeeping, not a tenant read). */
export function deleteReceiptsBefore(before: Date, client?: Client) {
  return clientOr(client).webhookReceipt.deleteMany({ where: { receivedAt: { lt: before } } });
}
