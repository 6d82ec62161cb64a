// Webhook → facts → stage → timeline, in one transaction per delivery (SPEC §3, §4).
import { db } from "~/db.server";
import { emptyFacts, mergeFacts, type OrderFacts } from "~/domain/facts";
import { computeCandidateStage, decideStageChange } from "~/domain/stage-engine";
import { isUniqueViolation, type Client } from "~/models/client.server";
import { linkFulfillmentOrder, findOrderGidOfFulfillmentOrder } from "~/models/fulfillment-order-links.server";
import {
  createOrder,
  findOrder,
  markOrderDeleted,
  updateOrderAtVersion,
  type OrderRow,
  type OrderWrite,
} from "~/models/orders.server";
import { listStagePositions } from "~/models/stages.server";
import { appendTimelineEvent, type TimelineSource } from "~/models/timeline.server";
import { createReceipt, hasReceipt } from "~/models/webhook-receipts.server";
import { parseJsonLossless } from "~/shopify/json";
import { fetchOrderGidOfFulfillmentOrder } from "~/shopify/operations/fulfillment-order-order.server";
import { readWebhookFacts, type OrderIdentity } from "~/shopify/webhook-payloads";
import type { WebhookDelivery, WebhookOutcome } from "~/shopify/webhook-request.server";
import { ensureShop } from "./shops.server";

const MAX_ATTEMPTS = 5;

class ConcurrentWriteError extends Error {}
class DuplicateDeliveryError extends Error {}

/** Ingests one verified delivery of an order-related topic. */
export async function ingestOrderWebhook(delivery: WebhookDelivery): Promise<WebhookOutcome> {
  const { shop, topic } = delivery;
  if (!delivery.admin) {
    console.info(`stageline: ignored ${topic} for ${shop}: the app is not installed there`);
    return { status: "ignored", reason: "shop_not_installed" };
  }
  let body: unknown;
  try {
    body = parseJsonLossless(delivery.rawBody);
  } catch {
    return { status: "invalid", error: "body is not JSON" };
  }
  const read = readWebhookFacts(topic, body, {
    triggeredAt: delivery.triggeredAt?.toISOString() ?? null,
  });
  if (read.kind === "invalid") return { status: "invalid", error: read.error };
  if (read.kind === "not-order") return { status: "ignored", reason: read.reason };
  if (await hasReceipt(shop, delivery.dedupeKey)) return { status: "duplicate" };

  await ensureShop(shop);
  const orderGid =
    read.kind === "order-deleted" ? read.orderGid : await resolveOrderGid(delivery, read.target);
  if (!orderGid) return { status: "ignored", reason: "unknown_fulfillment_order" };

  for (let attempt = 1; ; attempt++) {
    try {
      return await db().$transaction((tx) => {
        if (read.kind === "order-deleted") return applyDeletion(tx, delivery, orderGid);
        return applyFacts(tx, delivery, orderGid, read);
      });
    } catch (error) {
      if (error instanceof DuplicateDeliveryError) return { status: "duplicate" };
      const retryable = error instanceof ConcurrentWriteError || isUniqueViolation(error);
      if (!retryable || attempt >= MAX_ATTEMPTS) throw error;
    }
  }
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
  const orderGid = await fetchOrderGidOfFulfillmentOrder(delivery.admin!, target.fulfillmentOrderGid);
  if (orderGid) await linkFulfillmentOrder(shop, target.fulfillmentOrderGid, orderGid);
  return orderGid;
}

async function recordDelivery(tx: Client, delivery: WebhookDelivery) {
  try {
    await createReceipt(
      delivery.shop,
      {
        eventId: delivery.dedupeKey,
        topic: delivery.topic,
        webhookId: delivery.webhookId,
        triggeredAt: delivery.triggeredAt,
      },
      tx,
    );
  } catch (error) {
    if (isUniqueViolation(error)) throw new DuplicateDeliveryError();
    throw error;
  }
}

async function applyDeletion(
  tx: Client,
  delivery: WebhookDelivery,
  orderGid: string,
): Promise<WebhookOutcome> {
  await recordDelivery(tx, delivery);
  const { count } = await markOrderDeleted(delivery.shop, orderGid, new Date(), tx);
  return { status: "stored", detail: { orderGid, deleted: count > 0 } };
}

type FactsRead = Extract<ReturnType<typeof readWebhookFacts>, { kind: "facts" }>;

function timelineSource(topic: string): TimelineSource {
  return topic.startsWith("fulfillment_events/") ? "carrier" : "shopify";
}

function identityColumns(identity: OrderIdentity): Partial<OrderWrite> {
  return {
    name: identity.name,
    nameKey: identity.name ? normalizeOrderName(identity.name) : null,
    email: identity.email?.trim().toLowerCase() || null,
    phoneDigits: identity.phone?.replace(/\D/g, "") || null,
    locale: identity.locale,
    customerGid: identity.customerGid,
    customerFirstName: identity.customerFirstName,
    orderStatusUrl: identity.orderStatusUrl,
    lineItems: JSON.stringify(identity.lineItems),
    placedAt: toDate(identity.processedAt ?? identity.createdAt),
  };
}

/** "#1001", "1001" and " #1001 " all become "1001". */
export function normalizeOrderName(name: string): string {
  return name.trim().replace(/^#/, "").trim().toLowerCase();
}

function toDate(iso: string | null | undefined): Date | null {
  return iso ? new Date(iso) : null;
}

function factsColumns(facts: OrderFacts): Pick<OrderWrite, "facts" | "financialStatus" | "fulfillmentStatus" | "cancelledAt"> {
  return {
    facts: JSON.stringify(facts),
    financialStatus: facts.order?.financialStatus ?? null,
    fulfillmentStatus: facts.order?.fulfillmentStatus ?? null,
    cancelledAt: toDate(facts.order?.cancelledAt),
  };
}

async function applyFacts(
  tx: Client,
  delivery: WebhookDelivery,
  orderGid: string,
  read: FactsRead,
): Promise<WebhookOutcome> {
  const { shop } = delivery;
  await recordDelivery(tx, delivery);
  const order = await findOrder(shop, orderGid, tx);
  const previousFacts: OrderFacts = order ? (JSON.parse(order.facts) as OrderFacts) : emptyFacts();
  const merged = mergeFacts(previousFacts, read.patch);
  const candidate = computeCandidateStage(merged.facts);
  for (const warning of candidate.warnings) {
    console.warn(`stageline: ${shop} ${orderGid}: ${warning}`);
  }
  const occurredAt = new Date(read.sourceAt);
  // Identity (name, email, …) follows the order section it came with: a stale delivery's
  // identity is as stale as its facts.
  const identityIsCurrent =
    read.identity !== null &&
    (!order?.name || (read.patch.order !== undefined && merged.facts.order?.at === read.patch.order.at));
  const identity = identityIsCurrent && read.identity ? identityColumns(read.identity) : {};
  const source = timelineSource(delivery.topic);
  const factsAt = latest(order?.factsAt ?? null, occurredAt);

  if (!order) {
    await createOrder(
      shop,
      orderGid,
      {
        ...identity,
        ...factsColumns(merged.facts),
        factsAt,
        stageKey: candidate.key,
        stageSource: source,
        stageEnteredAt: occurredAt,
        candidateKey: candidate.key,
      },
      tx,
    );
    await appendTimelineEvent(
      shop,
      { orderGid, fromKey: null, toKey: candidate.key, source, actor: null, note: null, occurredAt, customerNotified: false },
      tx,
    );
    return { status: "stored", detail: { orderGid, stage: candidate.key, changed: true } };
  }

  if (!merged.changed && !identityIsCurrent) {
    return { status: "stored", detail: { orderGid, stage: order.stageKey, changed: false } };
  }
  const stages = await listStagePositions(shop, tx);
  const decision = decideStageChange({
    current: {
      key: order.stageKey,
      source: order.stageSource as TimelineSource,
      candidateKey: order.candidateKey,
    },
    candidateKey: candidate.key,
    stages,
  });
  const next = decision.nextKey && decision.nextKey !== order.stageKey ? decision.nextKey : null;
  const written = await updateOrderAtVersion(
    shop,
    orderGid,
    order.version,
    {
      ...identity,
      ...factsColumns(merged.facts),
      factsAt,
      candidateKey: candidate.key,
      ...(next ? { stageKey: next, stageSource: source, stageEnteredAt: occurredAt } : {}),
    },
    tx,
  );
  if (!written) throw new ConcurrentWriteError();
  if (next) await recordStageChange(tx, shop, order, next, source, occurredAt);
  return { status: "stored", detail: { orderGid, stage: next ?? order.stageKey, changed: !!next } };
}

function recordStageChange(
  tx: Client,
  shop: string,
  order: OrderRow,
  toKey: string,
  source: TimelineSource,
  occurredAt: Date,
) {
  return appendTimelineEvent(
    shop,
    {
      orderGid: order.orderGid,
      fromKey: order.stageKey,
      toKey,
      source,
      actor: null,
      note: null,
      occurredAt,
      customerNotified: false,
    },
    tx,
  );
}

function latest(a: Date | null, b: Date): Date {
  return a && a > b ? a : b;
}
