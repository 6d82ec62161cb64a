// From an order as the Admin API gives it (GraphQL shape) to the facts a webhook delivery
// would give: the same sections, statuses spelled as the webhooks spell them, each section
// guarded by its own timestamp. Used by the backfill (bulk JSONL) and reconciliation (paged
// query); both hand over the order with its connections as plain lists of nodes.
import { z } from "zod";
import type {
  FactsPatch,
  FulfillmentOrderSection,
  FulfillmentSection,
  IsoTime,
  RefundSection,
  ReturnSection,
} from "~/domain/facts";
import { newestAt, toUtcIso, type OrderIdentity } from "./webhook-payloads";

/** An order read from the Admin API, in the shape ingestion applies. */
export interface AdminOrderFacts {
  orderGid: string;
  identity: OrderIdentity;
  patch: FactsPatch;
  sourceAt: IsoTime;
}

const text = z
  .string()
  .nullish()
  .transform((value) => (value ? value : null));

const time = z.string().transform((value, ctx) => {
  const iso = toUtcIso(value);
  if (iso === null) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: `not a date: "${value}"` });
    return z.NEVER;
  }
  return iso;
});
const optionalTime = time.nullish().transform((value) => value ?? null);

/** GraphQL enum value → the webhook's spelling ("PARTIALLY_PAID" → "partially_paid"). */
const enumText = text.transform((value) => (value ? value.toLowerCase() : null));

const gid = z.string().startsWith("gid://shopify/");

const fulfillment = z.object({
  id: gid,
  status: enumText,
  displayStatus: enumText,
  createdAt: optionalTime,
  updatedAt: optionalTime,
  trackingInfo: z
    .array(z.object({ company: text, number: text, url: text }))
    .nullish()
    .transform((value) => value ?? []),
});

const event = z.object({
  id: gid,
  status: z.string().transform((value) => value.toLowerCase()),
  happenedAt: time,
  estimatedDeliveryAt: optionalTime,
  message: text,
});

export const adminOrderSchema = z.object({
  id: gid,
  name: text,
  email: text,
  phone: text,
  customerLocale: text,
  statusPageUrl: text,
  createdAt: optionalTime,
  processedAt: optionalTime,
  updatedAt: time,
  cancelledAt: optionalTime,
  cancelReason: enumText,
  closedAt: optionalTime,
  displayFinancialStatus: enumText,
  displayFulfillmentStatus: enumText,
  customer: z.object({ id: gid, firstName: text }).nullish(),
  fulfillments: z.array(fulfillment).nullish(),
  refunds: z
    .array(z.object({ id: gid, createdAt: optionalTime, updatedAt: optionalTime }))
    .nullish(),
  lineItems: z
    .array(z.object({ quantity: z.number().int(), variant: z.object({ id: gid }).nullish() }))
    .default([]),
  fulfillmentOrders: z
    .array(
      z.object({
        id: gid,
        status: z.string().transform((value) => value.toLowerCase()),
        updatedAt: optionalTime,
        fulfillAt: optionalTime,
        fulfillmentHolds: z
          .array(z.object({ reason: z.string().transform((r) => r.toLowerCase()) }))
          .nullish(),
      }),
    )
    .default([]),
  returns: z
    .array(z.object({ id: gid, status: z.string().transform((s) => s.toLowerCase()) }))
    .default([]),
  fulfillmentEvents: z.array(z.object({ id: gid, events: z.array(event) })).default([]),
});

/** An Admin API order (connections as lists of nodes), as assembled by the callers. */
export type AdminOrderInput = z.input<typeof adminOrderSchema>;

/** The order-level fulfillment status as webhooks spell it (null: nothing fulfilled). */
const ORDER_FULFILLMENT_SPELLING: Readonly<Record<string, string | null>> = {
  unfulfilled: null,
  partially_fulfilled: "partial",
};

/**
 * Reads one order. `snapshotAt` (when Shopify took the snapshot) dates the sections that carry
 * no timestamp of their own (returns, fulfillment orders without `updatedAt`), so a webhook
 * about them triggered later still wins. Throws a ZodError for an order it cannot read.
 */
export function readAdminOrder(input: unknown, snapshotAt: IsoTime): AdminOrderFacts {
  const order = adminOrderSchema.parse(input);
  const at = order.updatedAt;
  const fulfillmentStatus = order.displayFulfillmentStatus;
  const fulfillments: FulfillmentSection[] = (order.fulfillments ?? []).map((f) => ({
    gid: f.id,
    at: f.updatedAt ?? f.createdAt ?? at,
    status: f.status,
    // Without a carrier status the Admin API says FULFILLED where webhooks say null.
    shipmentStatus: f.displayStatus === "fulfilled" ? null : f.displayStatus,
    trackingCompany: f.trackingInfo.find((t) => t.company)?.company ?? null,
    trackingNumbers: f.trackingInfo.flatMap((t) => (t.number ? [t.number] : [])),
    trackingUrls: f.trackingInfo.flatMap((t) => (t.url ? [t.url] : [])),
    estimatedDeliveryAt: null, // only fulfillment events carry estimates
  }));
  const refunds: RefundSection[] = (order.refunds ?? []).map((r) => ({
    gid: r.id,
    at: r.createdAt ?? r.updatedAt ?? at,
  }));
  const fulfillmentOrders: FulfillmentOrderSection[] = order.fulfillmentOrders.map((fo) => ({
    gid: fo.id,
    at: fo.updatedAt ?? snapshotAt,
    status: fo.status,
    holdReasons: (fo.fulfillmentHolds ?? []).map((hold) => hold.reason),
    fulfillAt: fo.fulfillAt,
  }));
  const returns: ReturnSection[] = order.returns.map((r) => ({
    gid: r.id,
    at: snapshotAt,
    status: r.status,
  }));
  const fulfillmentEvents = order.fulfillmentEvents.flatMap((f) =>
    f.events.map((e) => ({
      fulfillmentGid: f.id,
      event: {
        gid: e.id,
        status: e.status,
        happenedAt: e.happenedAt,
        estimatedDeliveryAt: e.estimatedDeliveryAt,
        message: e.message,
      },
    })),
  );
  const patch: FactsPatch = {
    order: {
      at,
      financialStatus: order.displayFinancialStatus,
      fulfillmentStatus:
        fulfillmentStatus !== null && fulfillmentStatus in ORDER_FULFILLMENT_SPELLING
          ? ORDER_FULFILLMENT_SPELLING[fulfillmentStatus]!
          : fulfillmentStatus,
      cancelledAt: order.cancelledAt,
      cancelReason: order.cancelReason,
      closedAt: order.closedAt,
    },
    ...(fulfillments.length > 0 ? { fulfillments } : {}),
    ...(fulfillmentEvents.length > 0 ? { fulfillmentEvents } : {}),
    ...(fulfillmentOrders.length > 0 ? { fulfillmentOrders } : {}),
    ...(refunds.length > 0 ? { refunds } : {}),
    ...(returns.length > 0 ? { returns } : {}),
  };
  const identity: OrderIdentity = {
    orderGid: order.id,
    name: order.name,
    orderNumber: null,
    email: order.email,
    phone: order.phone,
    locale: order.customerLocale,
    customerGid: order.customer?.id ?? null,
    customerFirstName: order.customer?.firstName ?? null,
    createdAt: order.createdAt,
    processedAt: order.processedAt,
    orderStatusUrl: order.statusPageUrl,
    lineItems: order.lineItems.flatMap((item) =>
      item.variant ? [{ variantId: item.variant.id, quantity: item.quantity }] : [],
    ),
  };
  return { orderGid: order.id, identity, patch, sourceAt: newestAt(patch) ?? at };
}

/** A page of the paginated query → the same input (connections' edges unwrapped). */
export function unwrapConnections(node: Record<string, unknown>): Record<string, unknown> {
  const nodes = (value: unknown) =>
    ((value as { edges?: { node: unknown }[] } | undefined)?.edges ?? []).map((e) => e.node);
  return {
    ...node,
    lineItems: nodes(node.lineItems),
    fulfillmentOrders: nodes(node.fulfillmentOrders),
    returns: nodes(node.returns),
    fulfillmentEvents: ((node.fulfillmentEvents as { id: string; events: unknown }[]) ?? []).map(
      (f) => ({ id: f.id, events: nodes(f.events) }),
    ),
  };
}
