import { deleteReceiptsBefore } from "~/models/webhook-receipts.server";

/** Receipts are kept 48 hours: longer than Shopify's retry window of 4 hours, with margin. */
export const RECEIPT_RETENTION_MS = 48 * 60 * 60 * 1000;

export async function pruneWebhookReceipts(now: Date) {
  const { count } = await deleteReceiptsBefore(new Date(now.getTime() - RECEIPT_RETENTION_MS));
  return count;
}
