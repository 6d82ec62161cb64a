// From a webhook delivery to order facts. The schemas name only the fields Stageline uses and
// stay lenient about everything else (unknown fields ignored, nulls tolerated, enums kept as
// raw strings), so a Shopify API version bump does not break ingestion. Bodies must come from
// parseJsonLossless: numeric ids arrive as exact strings.

import { z } from "zod";
import type {
  FactsPatch,
  FulfillmentOrderSection,
  FulfillmentSection,
  IsoTime,
  LineItemQuantity,
  OrderSection,
  RefundSection,
} from "~/domain/facts";
import { timeValue } from "~/domain/facts";
import { isShopifyGid, shopifyGid } from "~/domain/ids";
import { topicsOfKind, WEBHOOK_SUBSCRIPTIONS } from "./webhook-topics";

export type OrderTarget = { orderGid: string } | { fulfillmentOrderGid: string };

import type { OrderIdentity } from "~/domain/order-fold";

export type { OrderIdentity };

export type WebhookFacts =
  | {
      kind: "facts";
      target: OrderTarget;
      identity: OrderIdentity | null;
      patch: FactsPatch;
      sourceAt: IsoTime;
      /** Fulfillment orders the delivery mentions (fulfillment_orders/* topics). */
      knownFulfillmentOrders?: string[];
    }
  | { kind: "order-deleted"; orderGid: string }
  | { kind: "not-order"; reason: string }
  | { kind: "invalid"; error: string };

export interface WebhookContext {
  /** X-Shopify-Triggered-At, when the delivery had one. */
  triggeredAt: IsoTime | null;
  /** When the delivery was received: source times far beyond it are replaced by it. */
  receivedAt: IsoTime;
}

/** Reads what a webhook delivery says about an order; never throws on a bad payload. */
export function readWebhookFacts(topic: string, body: unknown, ctx: WebhookContext): WebhookFacts {
  const normalizedTopic = normalizeWebhookTopic(topic);
  const reader = TOPIC_READERS[normalizedTopic];
  if (!reader) return { kind: "not-order", reason: notOrderReason(normalizedTopic) };
  try {
    const bound = sourceTimeBound(ctx.receivedAt);
    const triggeredAt = ctx.triggeredAt === null ? null : bound(parseTriggeredAt(ctx.triggeredAt));
    const read = reader(body, { topic: normalizedTopic, triggeredAt });
    return read.kind === "facts" ? boundSourceTimes(read, bound) : read;
  } catch (error) {
    if (error instanceof PayloadError) {
      return { kind: "invalid", error: `${normalizedTopic}: ${error.message}` };
    }
    throw error;
  }
}

/** Who a topic's news comes from: carrier events move the stage as the carrier's. */
export function stageSourceOfTopic(topic: string): "shopify" | "carrier" {
  return normalizeWebhookTopic(topic).startsWith("fulfillment_events/") ? "carrier" : "shopify";
}

/** "ORDERS_UPDATED" (GraphQL enum form) or "orders/updated" → "orders/updated". */
export function normalizeWebhookTopic(topic: string): string {
  const trimmed = topic.trim();
  if (trimmed.includes("/")) return trimmed.toLowerCase();
  return TOPIC_BY_ENUM_NAME.get(trimmed.toUpperCase()) ?? trimmed.toLowerCase();
}

/**
 * An ISO-8601 time in UTC ("…Z"), or null when `value` is not a date. Strict: a calendar date
 * ("2026-02-30" is not one), optionally a time of day and an offset; `Date.parse` alone would
 * read "1" as 2001-01-01 and roll February 30 into March.
 */
export function toUtcIso(value: string): IsoTime | null {
  const match = ISO_TIME.exec(value.trim());
  if (!match) return null;
  const [, year, month, day, hour = "00", minute = "00", second = "00", fraction = "", zone] =
    match;
  const y = Number(year);
  const m = Number(month);
  const d = Number(day);
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return null;
  if (Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59) return null;
  // Shopify always sends an offset; a zoneless time is read as UTC so the result never depends
  // on the server's time zone.
  let offset = "Z";
  if (zone && zone.toUpperCase() !== "Z") {
    const [, sign, hh, mm] = /^([+-])(\d{2}):?(\d{2})$/.exec(zone)!;
    if (Number(hh) > 23 || Number(mm) > 59) return null;
    offset = `${sign}${hh}:${mm}`;
  }
  const ms = Date.parse(
    `${year}-${month}-${day}T${hour}:${minute}:${second}${fraction.slice(0, 4)}${offset}`,
  );
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

const ISO_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|z|[+-]\d{2}:?\d{2})?)?$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!;
}

/**
 * How far in the future a source time may be (clock skew) before it is not believed: a
 * delivery dated 2099 would otherwise make every real update of the order look older.
 */
export const MAX_SOURCE_TIME_AHEAD_MS = 24 * 60 * 60 * 1000;

type Bound = (at: IsoTime) => IsoTime;

/**
 * A time more than MAX_SOURCE_TIME_AHEAD_MS after `receivedAt` becomes `receivedAt`. Times here
 * come from toUtcIso (four-digit years, "…Z"), so comparing the text compares the instants.
 */
function sourceTimeBound(receivedAt: IsoTime): Bound & { limit: IsoTime } {
  const received = toUtcIso(receivedAt) ?? fail("receivedAt", `not a date: "${receivedAt}"`);
  const limit = new Date(timeValue(received) + MAX_SOURCE_TIME_AHEAD_MS).toISOString();
  return Object.assign((at: IsoTime) => (at > limit ? received : at), { limit });
}

/** The read with every time that orders versions (and the order's placed time) bounded. */
function boundSourceTimes(
  read: Extract<WebhookFacts, { kind: "facts" }>,
  bound: Bound & { limit: IsoTime },
) {
  const { patch, identity } = read;
  // Nearly always nothing is ahead: the newest time of the patch decides (no copies then).
  const newest = [read.sourceAt, identity?.createdAt ?? "", identity?.processedAt ?? ""];
  if (newest.every((at) => at <= bound.limit)) return read;
  const boundAt = <T extends { at: IsoTime }>(section: T): T =>
    section.at ? { ...section, at: bound(section.at) } : section;
  const bounded: FactsPatch = { ...patch };
  if (patch.order) bounded.order = boundAt(patch.order);
  if (patch.fulfillments) bounded.fulfillments = patch.fulfillments.map(boundAt);
  if (patch.fulfillmentOrders) bounded.fulfillmentOrders = patch.fulfillmentOrders.map(boundAt);
  if (patch.refunds) bounded.refunds = patch.refunds.map(boundAt);
  if (patch.returns) bounded.returns = patch.returns.map(boundAt);
  if (patch.fulfillmentEvents) {
    bounded.fulfillmentEvents = patch.fulfillmentEvents.map(({ fulfillmentGid, event }) => ({
      fulfillmentGid,
      event: { ...event, happenedAt: bound(event.happenedAt) },
    }));
  }
  return {
    ...read,
    patch: bounded,
    sourceAt: bound(read.sourceAt),
    identity: identity && {
      ...identity,
      createdAt: identity.createdAt && bound(identity.createdAt),
      processedAt: identity.processedAt && bound(identity.processedAt),
    },
  };
}

// --- Topics -----------------------------------------------------------------------------------

interface ReadContext {
  topic: string;
  triggeredAt: IsoTime | null;
}

type TopicReader = (body: unknown, ctx: ReadContext) => WebhookFacts;

const TOPIC_READERS: Record<string, TopicReader> = {
  "orders/create": readOrder,
  "orders/updated": readOrder,
  "orders/paid": readOrder,
  "orders/cancelled": readOrder,
  "orders/fulfilled": readOrder,
  "orders/partially_fulfilled": readOrder,
  "orders/edited": readOrderEdit,
  "orders/delete": readOrderDelete,
  "fulfillments/create": readFulfillment,
  "fulfillments/update": readFulfillment,
  "fulfillment_events/create": readFulfillmentEvent,
  "refunds/create": readRefund,
  "returns/request": readReturn,
  "returns/approve": readReturn,
  "returns/decline": readReturn,
  "returns/cancel": readReturn,
  "returns/close": readReturn,
  "returns/reopen": readReturn,
  "fulfillment_orders/placed_on_hold": readFulfillmentOrder,
  "fulfillment_orders/hold_released": readFulfillmentOrder,
  "fulfillment_orders/scheduled_fulfillment_order_ready": readFulfillmentOrder,
};

const COMPLIANCE_TOPICS: ReadonlySet<string> = new Set(topicsOfKind("compliance"));

/** The topics this module reads (tests check them against the subscription table). */
export const ORDER_FACT_TOPICS: readonly string[] = Object.keys(TOPIC_READERS);

const TOPIC_BY_ENUM_NAME = new Map(
  WEBHOOK_SUBSCRIPTIONS.map(({ topic }) => [topic.replace("/", "_").toUpperCase(), topic] as const),
);

function notOrderReason(topic: string): string {
  if (COMPLIANCE_TOPICS.has(topic)) return `compliance topic ${topic}`;
  if (topic.startsWith("app/")) return `app topic ${topic}`;
  if (topic.startsWith("bulk_operations/")) return `bulk operation topic ${topic}`;
  return `unhandled topic ${topic}`;
}

// --- Schemas (only the fields we use) ---------------------------------------------------------

const text = z
  .string()
  .nullish()
  .transform((value) => (value ? value : null));

const numericId = z
  .union([z.string(), z.number()], {
    errorMap: (_issue, ctx) => ({
      message: ctx.data === undefined ? "Required" : "expected a numeric id",
    }),
  })
  .transform((value, ctx) => {
    const id = typeof value === "number" ? safeIdText(value) : /^\d+$/.test(value) ? value : null;
    if (id !== null) return id;
    const message =
      typeof value === "number"
        ? "id beyond 2^53 lost precision: parse the body with parseJsonLossless"
        : `expected a numeric id, got "${value}"`;
    ctx.addIssue({ code: z.ZodIssueCode.custom, message });
    return z.NEVER;
  });

function safeIdText(value: number): string | null {
  return Number.isSafeInteger(value) && value >= 0 ? String(value) : null;
}

const isoTime = z.string().transform((value, ctx) => {
  const normalized = toUtcIso(value);
  if (normalized === null) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: `not a date: "${value}"` });
    return z.NEVER;
  }
  return normalized;
});

const optionalTime = isoTime.nullish().transform((value) => value ?? null);

const trackingText = z.union([z.string(), z.number()]).transform(String);

/** A line item as fulfillments, refunds and edits name it: its numeric id and a quantity. */
const lineItemRef = z.object({
  id: numericId.nullish(),
  admin_graphql_api_id: text,
  quantity: z.number().nullish(),
});

const fulfillmentPayload = z.object({
  line_items: z.array(lineItemRef).nullish(),
  id: numericId.nullish(),
  admin_graphql_api_id: text,
  order_id: numericId.nullish(),
  status: text,
  shipment_status: text,
  tracking_company: text,
  tracking_number: trackingText.nullish(),
  tracking_numbers: z.array(trackingText.nullable()).nullish(),
  tracking_url: text,
  tracking_urls: z.array(z.string().nullable()).nullish(),
  created_at: optionalTime,
  updated_at: optionalTime,
});

const refundPayload = z.object({
  refund_line_items: z
    .array(z.object({ line_item_id: numericId.nullish(), quantity: z.number().nullish() }))
    .nullish(),
  id: numericId.nullish(),
  admin_graphql_api_id: text,
  order_id: numericId.nullish(),
  created_at: optionalTime,
  processed_at: optionalTime,
});

const orderPayload = z.object({
  id: numericId.nullish(),
  admin_graphql_api_id: text,
  name: text,
  order_number: z.union([z.number(), z.string()]).nullish(),
  email: text,
  contact_email: text,
  phone: text,
  customer_locale: text,
  order_status_url: text,
  created_at: optionalTime,
  processed_at: optionalTime,
  updated_at: optionalTime,
  cancelled_at: optionalTime,
  closed_at: optionalTime,
  cancel_reason: text,
  financial_status: text,
  fulfillment_status: text,
  customer: z
    .object({
      id: numericId.nullish(),
      admin_graphql_api_id: text,
      first_name: text,
      phone: text,
    })
    .nullish(),
  billing_address: z.object({ phone: text }).nullish(),
  line_items: z
    .array(
      lineItemRef.extend({
        variant_id: numericId.nullish(),
        current_quantity: z.number().nullish(),
      }),
    )
    .nullish(),
  fulfillments: z.array(fulfillmentPayload).nullish(),
  refunds: z.array(refundPayload).nullish(),
});

const editedLineItem = z.object({ id: numericId, delta: z.number() });

const orderEditPayload = z.object({
  order_edit: z.object({
    id: numericId.nullish(),
    order_id: numericId,
    committed_at: optionalTime,
    created_at: optionalTime,
    line_items: z
      .object({
        additions: z.array(editedLineItem).nullish(),
        removals: z.array(editedLineItem).nullish(),
      })
      .nullish(),
  }),
});

const orderDeletePayload = z.object({ id: numericId.nullish(), admin_graphql_api_id: text });

const fulfillmentEventPayload = z.object({
  id: numericId.nullish(),
  admin_graphql_api_id: text,
  fulfillment_id: numericId,
  order_id: numericId,
  status: z.string(),
  message: text,
  happened_at: optionalTime,
  created_at: optionalTime,
  estimated_delivery_at: optionalTime,
});

const returnPayload = z.object({
  id: numericId.nullish(),
  admin_graphql_api_id: text,
  status: text,
  order_id: numericId.nullish(),
  order: z.object({ id: numericId.nullish(), admin_graphql_api_id: text }).nullish(),
});

const fulfillmentHold = z.object({ reason: text });

const fulfillmentOrderRef = z.object({
  id: z.union([z.string().min(1), z.number()]).transform(String),
  status: z.string(),
  fulfillment_holds: z.array(fulfillmentHold).nullish(),
  fulfill_at: optionalTime,
});

const fulfillmentOrderPayload = z.object({
  fulfillment_order: fulfillmentOrderRef,
  remaining_fulfillment_order: fulfillmentOrderRef.nullish(),
  created_fulfillment_hold: fulfillmentHold.nullish(),
});

type FulfillmentPayload = z.output<typeof fulfillmentPayload>;
type RefundPayload = z.output<typeof refundPayload>;
type OrderPayload = z.output<typeof orderPayload>;
type FulfillmentOrderRef = z.output<typeof fulfillmentOrderRef>;

// --- Readers ----------------------------------------------------------------------------------

function readOrder(body: unknown, ctx: ReadContext): WebhookFacts {
  const payload = parsePayload(orderPayload, body);
  const orderGid = requireGid("Order", payload.admin_graphql_api_id, payload.id, "id");
  const at = payload.updated_at ?? requireTriggeredAt(ctx, "updated_at");
  const order: OrderSection = {
    at,
    financialStatus: payload.financial_status,
    fulfillmentStatus: payload.fulfillment_status,
    cancelledAt: payload.cancelled_at,
    cancelReason: payload.cancel_reason,
    closedAt: payload.closed_at,
    ...(payload.line_items
      ? {
          // current_quantity already leaves out what edits and refunds removed.
          lineItems: lineItemQuantities(
            payload.line_items.map((item) => ({
              ...item,
              quantity: item.current_quantity ?? item.quantity,
            })),
          ),
        }
      : {}),
  };
  const fulfillments = (payload.fulfillments ?? []).map((fulfillment, index) =>
    fulfillmentSection(fulfillment, at, `fulfillments.${index}`),
  );
  const refunds = (payload.refunds ?? []).map((refund, index) =>
    refundSection(refund, at, `refunds.${index}`),
  );
  const patch: FactsPatch = { order, ...nonEmpty({ fulfillments, refunds }) };
  return {
    kind: "facts",
    target: { orderGid },
    identity: orderIdentity(payload, orderGid),
    patch,
    sourceAt: newestAt(patch) ?? at,
  };
}

function readOrderEdit(body: unknown, ctx: ReadContext): WebhookFacts {
  const { order_edit: edit } = parsePayload(orderEditPayload, body);
  const sourceAt =
    edit.committed_at ??
    edit.created_at ??
    ctx.triggeredAt ??
    fail("order_edit.committed_at", "Required (and no X-Shopify-Triggered-At)");
  // The edit's quantities count only against an order section older than the edit.
  const changes = [
    ...(edit.line_items?.additions ?? []).map((item) => ({ ...item, sign: 1 })),
    ...(edit.line_items?.removals ?? []).map((item) => ({ ...item, sign: -1 })),
  ].map((item) => ({ gid: shopifyGid("LineItem", item.id), quantity: item.sign * item.delta }));
  const id = edit.id ?? `${edit.order_id}-${timeValue(sourceAt)}`;
  return {
    kind: "facts",
    target: { orderGid: shopifyGid("Order", edit.order_id) },
    identity: null,
    patch: { edits: [{ gid: shopifyGid("OrderEdit", id), at: sourceAt, lineItems: changes }] },
    sourceAt,
  };
}

function readOrderDelete(body: unknown): WebhookFacts {
  const payload = parsePayload(orderDeletePayload, body);
  return {
    kind: "order-deleted",
    orderGid: requireGid("Order", payload.admin_graphql_api_id, payload.id, "id"),
  };
}

function readFulfillment(body: unknown, ctx: ReadContext): WebhookFacts {
  const payload = parsePayload(fulfillmentPayload, body);
  const orderId = payload.order_id ?? fail("order_id", "Required");
  const fallbackAt =
    payload.updated_at ?? payload.created_at ?? requireTriggeredAt(ctx, "updated_at");
  const section = fulfillmentSection(payload, fallbackAt, "");
  return orderFacts(shopifyGid("Order", orderId), { fulfillments: [section] }, section.at);
}

function readFulfillmentEvent(body: unknown, ctx: ReadContext): WebhookFacts {
  const payload = parsePayload(fulfillmentEventPayload, body);
  const happenedAt =
    payload.happened_at ?? payload.created_at ?? requireTriggeredAt(ctx, "happened_at");
  const event = {
    gid: requireGid("FulfillmentEvent", payload.admin_graphql_api_id, payload.id, "id"),
    status: payload.status,
    happenedAt,
    estimatedDeliveryAt: payload.estimated_delivery_at,
    message: payload.message,
  };
  // The payload has no fulfillment gid, only its numeric id.
  const fulfillmentGid = shopifyGid("Fulfillment", payload.fulfillment_id);
  const patch: FactsPatch = { fulfillmentEvents: [{ fulfillmentGid, event }] };
  return orderFacts(shopifyGid("Order", payload.order_id), patch, happenedAt);
}

function readRefund(body: unknown, ctx: ReadContext): WebhookFacts {
  const payload = parsePayload(refundPayload, body);
  const orderId = payload.order_id ?? fail("order_id", "Required");
  const fallbackAt =
    payload.created_at ?? payload.processed_at ?? requireTriggeredAt(ctx, "created_at");
  // Whether the refund was full cannot be told from this payload: `full` stays unset.
  const refund = refundSection(payload, fallbackAt, "");
  return orderFacts(shopifyGid("Order", orderId), { refunds: [refund] }, refund.at);
}

const RETURN_STATUS_BY_ACTION: Readonly<Record<string, string>> = {
  request: "requested",
  approve: "open",
  decline: "declined",
  cancel: "canceled",
  close: "closed",
  reopen: "open",
};

function readReturn(body: unknown, ctx: ReadContext): WebhookFacts {
  const payload = parsePayload(returnPayload, body);
  const orderGid = payload.order
    ? requireGid("Order", payload.order.admin_graphql_api_id, payload.order.id, "order.id")
    : shopifyGid("Order", payload.order_id ?? fail("order_id", "Required"));
  // Return payloads carry no updated_at: the delivery's trigger time orders them.
  const at = ctx.triggeredAt ?? fail(TRIGGERED_AT_HEADER, "Required: returns carry no timestamp");
  const action = ctx.topic.slice("returns/".length);
  const section = {
    gid: requireGid("Return", payload.admin_graphql_api_id, payload.id, "id"),
    at,
    status: payload.status ?? RETURN_STATUS_BY_ACTION[action],
  };
  return orderFacts(orderGid, { returns: [section] }, at);
}

function readFulfillmentOrder(body: unknown, ctx: ReadContext): WebhookFacts {
  const payload = parsePayload(fulfillmentOrderPayload, body);
  // Fulfillment-order payloads carry no timestamp and no order id: the caller maps the
  // fulfillment order to its order.
  const at =
    ctx.triggeredAt ?? fail(TRIGGERED_AT_HEADER, "Required: fulfillment orders carry no timestamp");
  const extraHoldReasons = payload.created_fulfillment_hold?.reason
    ? [payload.created_fulfillment_hold.reason]
    : [];
  const held = fulfillmentOrderSection(payload.fulfillment_order, at, extraHoldReasons);
  const remaining = payload.remaining_fulfillment_order
    ? fulfillmentOrderSection(payload.remaining_fulfillment_order, at, [])
    : null;
  const sections = remaining ? [held, remaining] : [held];
  return {
    kind: "facts",
    target: { fulfillmentOrderGid: held.gid },
    identity: null,
    patch: { fulfillmentOrders: sections },
    sourceAt: at,
    knownFulfillmentOrders: sections.map((section) => section.gid),
  };
}

// --- Sections and identity --------------------------------------------------------------------

function fulfillmentSection(
  payload: FulfillmentPayload,
  fallbackAt: IsoTime,
  path: string,
): FulfillmentSection {
  const numbers = compact(payload.tracking_numbers);
  const urls = compact(payload.tracking_urls);
  return {
    gid: requireGid("Fulfillment", payload.admin_graphql_api_id, payload.id, joinPath(path, "id")),
    // Each fulfillment is guarded by its own updated_at, not the enclosing order's.
    at: payload.updated_at ?? payload.created_at ?? fallbackAt,
    status: payload.status,
    shipmentStatus: payload.shipment_status,
    trackingCompany: payload.tracking_company,
    trackingNumbers: numbers.length > 0 ? numbers : compact([payload.tracking_number]),
    trackingUrls: urls.length > 0 ? urls : compact([payload.tracking_url]),
    estimatedDeliveryAt: null, // only fulfillment events carry estimates
    ...(payload.line_items ? { lineItems: lineItemQuantities(payload.line_items) } : {}),
  };
}

/** Quantities by line item gid, built from the numeric id (edits name line items only by it). */
function lineItemQuantities(
  items: { id?: string | null; admin_graphql_api_id: string | null; quantity?: number | null }[],
): LineItemQuantity[] {
  return items.flatMap((item) => {
    const gid = optionalGid("LineItem", item.id ? null : item.admin_graphql_api_id, item.id);
    return gid && item.quantity != null ? [{ gid, quantity: item.quantity }] : [];
  });
}

function refundSection(payload: RefundPayload, fallbackAt: IsoTime, path: string): RefundSection {
  return {
    gid: requireGid("Refund", payload.admin_graphql_api_id, payload.id, joinPath(path, "id")),
    at: payload.created_at ?? payload.processed_at ?? fallbackAt,
    ...(payload.refund_line_items
      ? {
          lineItems: lineItemQuantities(
            payload.refund_line_items.map((item) => ({
              id: item.line_item_id,
              admin_graphql_api_id: null,
              quantity: item.quantity,
            })),
          ),
        }
      : {}),
  };
}

function fulfillmentOrderSection(
  payload: FulfillmentOrderRef,
  at: IsoTime,
  extraHoldReasons: string[],
): FulfillmentOrderSection {
  const holdReasons = (payload.fulfillment_holds ?? []).map((hold) => hold.reason);
  return {
    gid: isShopifyGid(payload.id) ? payload.id : shopifyGid("FulfillmentOrder", payload.id),
    at,
    status: payload.status,
    holdReasons: [...new Set([...compact(holdReasons), ...extraHoldReasons])],
    fulfillAt: payload.fulfill_at,
  };
}

function orderIdentity(payload: OrderPayload, orderGid: string): OrderIdentity {
  const customer = payload.customer;
  return {
    orderGid,
    name: payload.name,
    orderNumber: payload.order_number == null ? null : String(payload.order_number),
    email: payload.email ?? payload.contact_email,
    phone: payload.phone ?? customer?.phone ?? payload.billing_address?.phone ?? null,
    locale: payload.customer_locale,
    customerGid: customer
      ? optionalGid("Customer", customer.admin_graphql_api_id, customer.id)
      : null,
    customerFirstName: customer?.first_name ?? null,
    createdAt: payload.created_at,
    processedAt: payload.processed_at,
    orderStatusUrl: payload.order_status_url,
    lineItems: (payload.line_items ?? []).flatMap((item) =>
      item.variant_id && item.quantity != null
        ? [{ variantId: shopifyGid("ProductVariant", item.variant_id), quantity: item.quantity }]
        : [],
    ),
  };
}

function orderFacts(orderGid: string, patch: FactsPatch, fallbackAt: IsoTime): WebhookFacts {
  return {
    kind: "facts",
    target: { orderGid },
    identity: null,
    patch,
    sourceAt: newestAt(patch) ?? fallbackAt,
  };
}

/** The newest source time in a patch (events count by happenedAt). */
export function newestAt(patch: FactsPatch): IsoTime | null {
  const times = [
    patch.order?.at,
    ...(patch.fulfillments ?? []).map((section) => section.at),
    ...(patch.fulfillmentEvents ?? []).map(({ event }) => event.happenedAt),
    ...(patch.fulfillmentOrders ?? []).map((section) => section.at),
    ...(patch.refunds ?? []).map((section) => section.at),
    ...(patch.returns ?? []).map((section) => section.at),
    ...(patch.edits ?? []).map((section) => section.at),
  ];
  let newest: IsoTime | null = null;
  for (const at of times) {
    if (at && timeValue(at) > timeValue(newest)) newest = at;
  }
  return newest;
}

// --- Helpers ----------------------------------------------------------------------------------

/** A payload problem; readWebhookFacts turns it into an `invalid` result naming the field. */
class PayloadError extends Error {}

function fail(path: string, message: string): never {
  throw new PayloadError(`${path || "(body)"}: ${message}`);
}

function parsePayload<Schema extends z.ZodTypeAny>(
  schema: Schema,
  body: unknown,
): z.output<Schema> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const problems = result.error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join(".") || "(body)"}: ${issue.message}`);
  throw new PayloadError(problems.join("; "));
}

const TRIGGERED_AT_HEADER = "X-Shopify-Triggered-At";

function parseTriggeredAt(value: string): IsoTime {
  return toUtcIso(value) ?? fail(TRIGGERED_AT_HEADER, `not a date: "${value}"`);
}

function requireTriggeredAt(ctx: ReadContext, field: string): IsoTime {
  return ctx.triggeredAt ?? fail(field, `Required (and no ${TRIGGERED_AT_HEADER})`);
}

/** The resource's gid: admin_graphql_api_id when it is one, else rebuilt from the numeric id. */
function optionalGid(
  resource: string,
  adminGraphqlApiId: string | null,
  numericId: string | null | undefined,
): string | null {
  if (adminGraphqlApiId && isShopifyGid(adminGraphqlApiId)) return adminGraphqlApiId;
  return numericId ? shopifyGid(resource, numericId) : null;
}

function requireGid(
  resource: string,
  adminGraphqlApiId: string | null,
  numericId: string | null | undefined,
  path: string,
): string {
  return (
    optionalGid(resource, adminGraphqlApiId, numericId) ??
    fail(path, "Required (no admin_graphql_api_id either)")
  );
}

function compact(values: (string | null | undefined)[] | null | undefined): string[] {
  return (values ?? []).filter((value): value is string => Boolean(value));
}

function joinPath(prefix: string, field: string): string {
  return prefix ? `${prefix}.${field}` : field;
}

function nonEmpty<T extends Record<string, unknown[]>>(lists: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(lists).filter(([, list]) => list.length > 0),
  ) as Partial<T>;
}
