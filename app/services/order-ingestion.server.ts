// Webhook → facts → stage → timeline, in one transaction per delivery (SPEC §3, §4).
import { emptyFacts, mergeFacts, type OrderFacts } from "~/domain/facts";
import { env } from "~/env.server";
import { quoted, singleLine } from "~/log.server";
import { orderNameKey } from "~/domain/order-name";
import { normalizeEmail, phoneKey } from "~/domain/shopper-contact";
import { computeCandidateStage, decideStageChange } from "~/domain/stage-engine";
import {
  linkFulfillmentOrder,
  findOrderGidOfFulfillmentOrder,
} from "~/models/fulfillment-order-links.server";
import {
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
import { ensureShop } from "./shops.server";

/** Ingests one verified delivery of an order-related topic. */
export async function ingestOrderWebhook(delivery: WebhookDelivery): Promise<WebhookOutcome> {
  const { shop, topic } = delivery;
  if (!delivery.installed) {
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
  };
  if (read.kind === "order-deleted") {
    const done = await recordOrderDeletion(shop, receipt, orderGid, new Date());
    if (done.duplicate) return { status: "duplicate" };
    return { status: "stored", detail: { orderGid, deleted: done.result.deleted } };
  }
  const done = await recordOrderDelivery(shop, receipt, orderGid, (order, stages) =>
    planFacts(delivery, orderGid, read, order, stages),
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

type FactsRead = Extract<ReturnType<typeof readWebhookFacts>, { kind: "facts" }>;

interface Planned {
  outcome: WebhookOutcome;
  warnings: string[];
}

function timelineSource(topic: string): TimelineSource {
  return topic.startsWith("fulfillment_events/") ? "carrier" : "shopify";
}

/**
 * The identity columns a delivery writes. Once the customer's data was redacted
 * (customers/redact), who the order is for stays empty whatever later deliveries say.
 */
function identityColumns(identity: OrderIdentity, redacted: boolean): IdentityFields {
  const columns: IdentityFields = {
    name: identity.name,
    nameKey: identity.name ? normalizeOrderName(identity.name) || null : null,
    email: identity.email ? normalizeEmail(identity.email) || null : null,
    phoneDigits: identity.phone ? phoneKey(identity.phone) || null : null,
    locale: identity.locale,
    customerGid: identity.customerGid,
    customerFirstName: identity.customerFirstName,
    orderStatusUrl: identity.orderStatusUrl,
    lineItems: JSON.stringify(identity.lineItems),
    placedAt: toDate(identity.processedAt ?? identity.createdAt),
  };
  if (redacted) {
    Object.assign(columns, {
      email: null,
      phoneDigits: null,
      customerGid: null,
      customerFirstName: null,
      orderStatusUrl: null,
    });
  }
  return columns;
}

/** "#1001", "1001", " #1001 " and "＃１００１" all become "1001" (app/domain/order-name.ts). */
export function normalizeOrderName(name: string): string {
  return orderNameKey(name);
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
  delivery: WebhookDelivery,
  orderGid: string,
  read: FactsRead,
  order: OrderState | null,
  stages: readonly StagePosition[],
): OrderChange<Planned> {
  const previousFacts: OrderFacts = order ? (JSON.parse(order.facts) as OrderFacts) : emptyFacts();
  const merged = mergeFacts(previousFacts, read.patch);
  const candidate = computeCandidateStage(merged.facts);
  // Unknown values are reported by the delivery that brings them, not by every later one.
  const warnings =
    candidate.warnings.length > 0 && order
      ? withoutKnown(candidate.warnings, computeCandidateStage(previousFacts).warnings)
      : candidate.warnings;
  const occurredAt = new Date(read.sourceAt);
  // Identity (name, email, …) follows the order section it came with: a stale delivery's
  // identity is as stale as its facts.
  const identityIsCurrent =
    read.identity !== null &&
    (!order?.name ||
      (read.patch.order !== undefined && merged.facts.order?.at === read.patch.order.at));
  const identity =
    identityIsCurrent && read.identity
      ? identityColumns(read.identity, order?.redacted ?? false)
      : {};
  const source = timelineSource(delivery.topic);
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
        email: stageEmail(identity.email, identity.locale),
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
          email: stageEmail(
            identity.email !== undefined ? identity.email : order.email,
            identity.locale !== undefined ? identity.locale : order.locale,
          ),
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

function withoutKnown(warnings: string[], known: string[]): string[] {
  const before = new Set(known);
  return warnings.filter((warning) => !before.has(warning));
}

function latest(a: Date | null, b: Date): Date {
  return a && a > b ? a : b;
}
