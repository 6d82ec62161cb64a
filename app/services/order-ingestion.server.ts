// Webhook → facts → stage → timeline, in one transaction per delivery (SPEC §3, §4). The service
// reads the payload, resolves the order and stores what the domain's fold decides.
import type { StageSource } from "~/domain/stage-engine";
import {
  foldDelivery,
  type FactsDelivery,
  type OrderChange,
  type OrderState,
  type StagePosition,
} from "~/domain/order-fold";
import { env } from "~/env.server";
import { quoted, singleLine } from "~/log.server";
import {
  linkFulfillmentOrder,
  findOrderGidOfFulfillmentOrder,
} from "~/models/fulfillment-order-links.server";
import {
  recordOrderChange,
  recordOrderDeletion,
  recordOrderDelivery,
  type DeliveryReceipt,
} from "~/models/order-deliveries.server";
import type { AdminOrderFacts } from "~/shopify/admin-orders";
import { fetchOrderGidOfFulfillmentOrder } from "~/shopify/operations/fulfillment-order-order.server";
import { readWebhookFacts, stageSourceOfTopic } from "~/shopify/webhook-payloads";
import type { WebhookDelivery, WebhookOutcome } from "./webhook-delivery";
import { ensureShop, shopUninstalled } from "./shops.server";

/** Ingests one verified delivery of an order-related topic. */
export async function ingestOrderWebhook(delivery: WebhookDelivery): Promise<WebhookOutcome> {
  const { shop, topic } = delivery;
  // Installed but not opened yet (no session) is stored like any delivery; uninstalled is not.
  if (!delivery.installed && (await shopUninstalled(shop))) {
    console.info(`stageline: ignored ${quoted(topic)} for ${shop}: the app is not installed there`);
    return { status: "ignored", reason: "shop_not_installed" };
  }
  const read = readWebhookFacts(topic, delivery.payload, {
    triggeredAt: delivery.triggeredAt?.toISOString() ?? null,
    receivedAt: new Date().toISOString(),
  });
  if (read.kind === "invalid") return { status: "invalid", error: read.error };
  if (read.kind === "not-order") return { status: "ignored", reason: read.reason };

  await ensureShop(shop);
  const orderGid =
    read.kind === "order-deleted" ? read.orderGid : await resolveOrderGid(delivery, read.target);
  if (!orderGid) return { status: "ignored", reason: "unknown_fulfillment_order" };

  // The receipt is written in the delivery's transaction: a repeat of the event (even a
  // concurrent one) finds it there and writes nothing.
  const receipt: DeliveryReceipt = {
    eventId: delivery.dedupeKey,
    topic,
    webhookId: delivery.webhookId,
    triggeredAt: delivery.triggeredAt,
    replacesRejected: delivery.replaying === true,
  };
  if (read.kind === "order-deleted") {
    const done = await recordOrderDeletion(shop, receipt, orderGid, new Date());
    if (done.duplicate) return { status: "duplicate" };
    return { status: "stored", detail: { orderGid, deleted: done.result.deleted } };
  }
  const facts: FactsDelivery = {
    patch: read.patch,
    identity: read.identity,
    sourceAt: read.sourceAt,
    source: stageSourceOfTopic(topic),
  };
  const done = await recordOrderDelivery(shop, receipt, orderGid, (order, stages) =>
    planDelivery(orderGid, facts, order, stages),
  );
  if (done.duplicate) return { status: "duplicate" };
  for (const warning of done.result.warnings) {
    console.warn(`stageline: ${shop} ${quoted(orderGid)}: ${singleLine(warning)}`);
  }
  return done.result.outcome;
}

async function resolveOrderGid(
  delivery: WebhookDelivery,
  target: { orderGid: string } | { fulfillmentOrderGid: string },
): Promise<string | null> {
  if ("orderGid" in target) return target.orderGid;
  const { shop } = delivery;
  const known = await findOrderGidOfFulfillmentOrder(shop, target.fulfillmentOrderGid);
  if (known) return known;
  // The payload names only the fulfillment order; Shopify tells us its order. A failure here
  // propagates as a 5xx so Shopify retries the delivery.
  const orderGid = await fetchOrderGidOfFulfillmentOrder(
    await delivery.admin(),
    target.fulfillmentOrderGid,
  );
  if (orderGid) await linkFulfillmentOrder(shop, target.fulfillmentOrderGid, orderGid);
  return orderGid;
}

/** What a delivery changes, folded inside the transaction (see foldDelivery). */
function planDelivery(
  orderGid: string,
  delivery: FactsDelivery,
  order: OrderState | null,
  stages: readonly StagePosition[],
): OrderChange<{ outcome: WebhookOutcome; warnings: string[] }> {
  const change = foldDelivery(order, delivery, {
    stages,
    emailTiming: { now: new Date(), defaultCoalesceSeconds: env().EMAIL_COALESCE_SECONDS },
    notify: delivery.source !== "backfill",
  });
  const { stage, changed, warnings } = change.result;
  return {
    ...change,
    result: { warnings, outcome: { status: "stored", detail: { orderGid, stage, changed } } },
  };
}

// --- Orders read from the Admin API (backfill, reconciliation) ---------------------------------

/** Where an order read from the Admin API comes from, and what its stage entries announce. */
export interface SyncOrigin {
  /** "backfill" (day one) or "shopify" (reconciliation). */
  source: StageSource;
  /** False: no email for the stage entry (backfill: stages reached in the past). */
  notify: boolean;
  /** On the timeline event of a stage change (reconciliation: "corrected from Shopify"). */
  note: string | null;
}

/**
 * Applies an order read from the Admin API through the same fold and write path as a webhook
 * delivery. Each fact is guarded by its own timestamp, so a newer webhook's facts win; applying
 * the same snapshot twice changes nothing (no second timeline event).
 */
export async function ingestSyncedOrder(
  shop: string,
  order: AdminOrderFacts,
  origin: SyncOrigin,
): Promise<WebhookOutcome> {
  const facts: FactsDelivery = {
    patch: order.patch,
    identity: order.identity,
    sourceAt: order.sourceAt,
    source: origin.source,
  };
  const done = await recordOrderChange(shop, order.orderGid, (current, stages) => {
    const change = foldDelivery(current, facts, {
      stages,
      emailTiming: { now: new Date(), defaultCoalesceSeconds: env().EMAIL_COALESCE_SECONDS },
      notify: origin.notify,
    });
    const { stage, changed, warnings } = change.result;
    const result = {
      warnings,
      outcome: {
        status: "stored" as const,
        detail: { orderGid: order.orderGid, stage, changed },
      },
    };
    if (change.write === "none") return { ...change, result };
    const event =
      change.event && origin.note ? { ...change.event, note: origin.note } : change.event;
    return { ...change, event, result } as OrderChange<typeof result>;
  });
  for (const warning of done.warnings) {
    console.warn(`stageline: ${shop} ${order.orderGid}: ${warning}`);
  }
  return done.outcome;
}
