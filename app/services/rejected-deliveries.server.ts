// Authentic deliveries Stageline could not read (docs/decisions/012): answered 200 so Shopify
// neither retries a payload that would fail the same way nor drops the subscription, kept as
// rejected receipts with the error and the body (7 days, see housekeeping), counted in the
// admin, and re-ingested by `npm run webhooks:replay` once the reader accepts them.
import {
  deleteRejectedDelivery,
  listAllRejectedDeliveries,
  listRejectedDeliveries,
  recordRejectedDelivery,
  updateRejection,
} from "~/models/webhook-receipts.server";
import { parseJsonLossless } from "~/shopify/json";
import { WEBHOOK_SUBSCRIPTIONS } from "~/shopify/webhook-topics";
import { hasOfflineSession, offlineAdmin } from "~/shopify.server";
import {
  handleAppUninstalled,
  handleScopesUpdate,
  recordBulkOperationFinished,
} from "./app-lifecycle.server";
import { handleComplianceWebhook } from "./compliance.server";
import { ingestOrderWebhook } from "./order-ingestion.server";
import type { WebhookDelivery, WebhookOutcome, WebhookService } from "./webhook-delivery";

/** Keeps an authentic delivery that could not be read; answers what the adapter replies. */
export async function keepUnreadableDelivery(
  delivery: Pick<WebhookDelivery, "shop" | "topic" | "dedupeKey" | "webhookId" | "triggeredAt">,
  rawBody: string,
  error: string,
): Promise<WebhookOutcome> {
  console.warn(`stageline: kept an unreadable ${delivery.topic} of ${delivery.shop}: ${error}`);
  await recordRejectedDelivery(delivery.shop, {
    eventId: delivery.dedupeKey,
    topic: delivery.topic,
    webhookId: delivery.webhookId,
    triggeredAt: delivery.triggeredAt,
    error,
    rawBody,
  });
  return { status: "rejected", error };
}

/** What the admin shows: how many deliveries could not be read, and the latest errors. */
export async function unreadableDeliveries(shop: string) {
  const { count, latest } = await listRejectedDeliveries(shop, 5);
  return {
    count,
    latest: latest.map((r) => ({
      topic: r.topic,
      error: r.rejectedError ?? "",
      receivedAt: r.receivedAt.toISOString(),
    })),
  };
}

function serviceOf(topic: string): WebhookService | null {
  const kind = WEBHOOK_SUBSCRIPTIONS.find((s) => s.topic === topic)?.kind;
  if (kind === "order") return ingestOrderWebhook;
  if (kind === "compliance") return handleComplianceWebhook;
  if (kind === "bulk_operation") return recordBulkOperationFinished;
  if (topic === "app/uninstalled") return handleAppUninstalled;
  if (topic === "app/scopes_update") return handleScopesUpdate;
  return null;
}

export interface ReplayReport {
  replayed: number;
  stillRejected: { shop: string; eventId: string; topic: string; error: string }[];
}

/**
 * Runs every rejected delivery (all shops, oldest first) through its service again. A delivery
 * the reader now accepts is ingested and its receipt becomes an ordinary one (order topics in
 * the same transaction); one it still refuses stays, with the new error.
 */
export async function replayRejectedDeliveries(): Promise<ReplayReport> {
  const report: ReplayReport = { replayed: 0, stillRejected: [] };
  for (const row of await listAllRejectedDeliveries()) {
    const { shop, eventId, topic } = row;
    const stillRejected = async (error: string) => {
      await updateRejection(shop, eventId, error);
      report.stillRejected.push({ shop, eventId, topic, error });
    };
    const service = serviceOf(topic);
    if (!service) {
      await stillRejected(`no service reads ${topic}`);
      continue;
    }
    let payload: unknown;
    try {
      payload = parseJsonLossless(row.rawBody ?? "");
    } catch {
      await stillRejected("body is not JSON");
      continue;
    }
    const outcome = await service({
      shop,
      topic,
      dedupeKey: eventId,
      webhookId: row.webhookId ?? eventId,
      triggeredAt: row.triggeredAt,
      rawBody: row.rawBody ?? "",
      payload,
      installed: await hasOfflineSession(shop),
      admin: () => offlineAdmin(shop),
      replaying: true,
    });
    if (outcome.status === "invalid" || outcome.status === "rejected") {
      await stillRejected(outcome.error);
      continue;
    }
    // Order topics replaced the rejected receipt in their transaction; other services keep no
    // receipt of their own (or ignored the delivery): forget the rejected one now.
    await deleteRejectedDelivery(shop, eventId);
    report.replayed++;
  }
  return report;
}
