// Webhook → facts → stage → timeline, in one transaction per delivery (SPEC §3, §4).
import { emptyFacts, mergeFacts, type OrderFacts } from "~/domain/facts";
import { env } from "~/env.server";
import { computeCandidateStage, decideStageChange } from "~/domain/stage-engine";
import {
  linkFulfillmentOrder,
  findOrderGidOfFulfillmentOrder,
} from "~/models/fulfillment-order-links.server";
import {
  recordOrderChange,
  recordOrderDeletion,
  recordOrderDelivery,
  type DeliveryReceipt,
  type IdentityFields,
  type OrderChange,
  type OrderState,
  type StageEmail,
  type StagePosition,
} from "~/models/order-deliveries.server";
import type { TimelineSource } from "~/models/timeline.server";
import { fetchOrderGidOfFulfillmentOrder } from "~/shopify/operations/fulfillment-order-order.server";
import { readWebhookFacts, type OrderIdentity } from "~/shopify/webhook-payloads";
import type { WebhookDelivery, WebhookOutcome } from "~/shopify/webhook-request.server";
import { ensureShop, shopUninstalled } from "./shops.server";

/** Ingests one verified delivery of an order-related topic. */
export async function ingestOrderWebhook(delivery: WebhookDelivery): Promise<WebhookOutcome> {
  const { shop, topic } = delivery;
  // Installed but not opened yet (no session) is stored like any delivery; uninstalled is not.
  if (!delivery.installed && (await shopUninstalled(shop))) {
    console.info(`stageline: ignored ${topic} for ${shop}: the app is not installed there`);
    return { status: "ignored", reason: "shop_not_installed" };
  }
  const read = readWebhookFacts(topic, delivery.payload, {
    triggeredAt: delivery.triggeredAt?.toISOString() ?? null,
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
  };
  if (read.kind === "order-deleted") {
    const done = await recordOrderDeletion(shop, receipt, orderGid, new Date());
    if (done.duplicate) return { status: "duplicate" };
    return { status: "stored", detail: { orderGid, deleted: done.result.deleted } };
  }
  const done = await recordOrderDelivery(shop, receipt, orderGid, (order, stages) =>
    planFacts(WEBHOOK_SYNC(delivery.topic), orderGid, read, order, stages),
  );
  if (done.duplicate) return { status: "duplicate" };
  for (const warning of done.result.warnings) {
    console.warn(`stageline: ${shop} ${orderGid}: ${warning}`);
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

type FactsRead = Extract<ReturnType<typeof readWebhookFacts>, { kind: "facts" }>;

interface Planned {
  outcome: WebhookOutcome;
  warnings: string[];
}

function timelineSource(topic: string): TimelineSource {
  return topic.startsWith("fulfillment_events/") ? "carrier" : "shopify";
}

/** Where facts came from, and whether the stage entries they cause are announced. */
interface FactsOrigin {
  source: TimelineSource;
  /** False: no email for the stage entry (backfill: stages reached in the past). */
  notify: boolean;
  /** On the timeline event of a stage change (reconciliation: "corrected from Shopify"). */
  note: string | null;
}

const WEBHOOK_SYNC = (topic: string): FactsOrigin => ({
  source: timelineSource(topic),
  notify: true,
  note: null,
});

// --- Orders read from the Admin API (backfill, reconciliation) ---------------------------------

/** One order as read from the Admin API, in the shape a webhook delivery is read into. */
export interface SyncedOrder {
  orderGid: string;
  identity: OrderIdentity;
  patch: FactsRead["patch"];
  sourceAt: string;
}

/**
 * Applies an order read from the Admin API through the same fold and write path as a webhook
 * delivery. The facts are guarded by their own timestamps, so a newer webhook's facts win;
 * applying the same snapshot twice changes nothing (no second timeline event).
 */
export async function ingestSyncedOrder(shop: string, order: SyncedOrder, origin: FactsOrigin) {
  const read: FactsRead = {
    kind: "facts",
    target: { orderGid: order.orderGid },
    identity: order.identity,
    patch: order.patch,
    sourceAt: order.sourceAt,
  };
  const done = await recordOrderChange(shop, order.orderGid, (current, stages) =>
    planFacts(origin, order.orderGid, read, current, stages),
  );
  for (const warning of done.warnings)
    console.warn(`stageline: ${shop} ${order.orderGid}: ${warning}`);
  return done.outcome;
}

function identityColumns(identity: OrderIdentity): IdentityFields {
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

function factsColumns(facts: OrderFacts) {
  return {
    facts: JSON.stringify(facts),
    financialStatus: facts.order?.financialStatus ?? null,
    fulfillmentStatus: facts.order?.fulfillmentStatus ?? null,
    cancelledAt: toDate(facts.order?.cancelledAt),
  };
}

/**
 * What a delivery changes, given the order as it is inside the transaction. Pure: it may run
 * again when a concurrent delivery wrote the order first.
 */
function planFacts(
  origin: FactsOrigin,
  orderGid: string,
  read: FactsRead,
  order: OrderState | null,
  stages: readonly StagePosition[],
): OrderChange<Planned> {
  const previousFacts: OrderFacts = order ? (JSON.parse(order.facts) as OrderFacts) : emptyFacts();
  const merged = mergeFacts(previousFacts, read.patch);
  const candidate = computeCandidateStage(merged.facts);
  const warnings = candidate.warnings;
  const occurredAt = new Date(read.sourceAt);
  // Identity (name, email, …) follows the order section it came with: a stale delivery's
  // identity is as stale as its facts.
  const identityIsCurrent =
    read.identity !== null &&
    (!order?.name ||
      (read.patch.order !== undefined && merged.facts.order?.at === read.patch.order.at));
  const identity = identityIsCurrent && read.identity ? identityColumns(read.identity) : {};
  const { source } = origin;
  const factsAt = latest(order?.factsAt ?? null, occurredAt);

  if (!order) {
    return {
      write: "create",
      fields: {
        ...identity,
        ...factsColumns(merged.facts),
        factsAt,
        stageKey: candidate.key,
        stageSource: source,
        stageEnteredAt: occurredAt,
        candidateKey: candidate.key,
      },
      event: {
        fromKey: null,
        toKey: candidate.key,
        source,
        occurredAt,
        note: origin.note,
        email: origin.notify ? stageEmail(identity.email, identity.locale) : null,
      },
      result: {
        warnings,
        outcome: { status: "stored", detail: { orderGid, stage: candidate.key, changed: true } },
      },
    };
  }

  if (!merged.changed && !identityIsCurrent) {
    return {
      write: "none",
      result: {
        warnings,
        outcome: { status: "stored", detail: { orderGid, stage: order.stageKey, changed: false } },
      },
    };
  }
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
  return {
    write: "update",
    fields: {
      ...identity,
      ...factsColumns(merged.facts),
      factsAt,
      candidateKey: candidate.key,
      ...(next ? { stageKey: next, stageSource: source, stageEnteredAt: occurredAt } : {}),
    },
    event: next
      ? {
          fromKey: order.stageKey,
          toKey: next,
          source,
          occurredAt,
          note: origin.note,
          email: origin.notify
            ? stageEmail(
                identity.email !== undefined ? identity.email : order.email,
                identity.locale !== undefined ? identity.locale : order.locale,
              )
            : null,
        }
      : null,
    result: {
      warnings,
      outcome: {
        status: "stored",
        detail: { orderGid, stage: next ?? order.stageKey, changed: !!next },
      },
    },
  };
}

/**
 * The email announcing a stage entry (sent only if the stage notifies the customer, see
 * docs/decisions/006): to the order's email address, in its locale.
 */
export function stageEmail(
  recipient: string | null | undefined,
  locale: string | null | undefined,
  now = new Date(),
): StageEmail | null {
  if (!recipient) return null;
  return {
    recipient,
    locale: (locale || "en").toLowerCase(),
    defaultCoalesceSeconds: env().EMAIL_COALESCE_SECONDS,
    now,
  };
}

function latest(a: Date | null, b: Date): Date {
  return a && a > b ? a : b;
}
