// Many orders at known stages, each written twice: as the lines of a BackfillOrders bulk result
// (Admin GraphQL shape, JSONL) and as the webhook deliveries Shopify would have sent for it
// (REST shape). Both say the same thing, so a backfill and a webhook replay must agree.
// Field names follow the Admin schema (tests/fixtures/shopify) and the webhook examples
// (tests/fixtures/webhooks).
import type { Delivery } from "../fixtures/webhooks/factory";

export interface CorpusOrder {
  gid: string;
  /** The stage both representations lead to. */
  expectedStage: string;
  jsonl: string[];
  deliveries: Delivery[];
  fulfillmentOrderIds: string[];
  /** The order as the Admin API double serves it to OrdersUpdatedSince. */
  node: Record<string, unknown> & { id: string; updatedAt: string };
}

type Scenario = {
  stage: string;
  financial: string;
  fulfilled: 0 | 1 | 2;
  shipment?: string;
  event?: string;
  cancelled?: boolean;
  refund?: boolean;
  returnStatus?: "requested" | "open" | "declined" | "closed";
  hold?: boolean;
};

const SCENARIOS: Scenario[] = [
  { stage: "awaiting_payment", financial: "pending", fulfilled: 0 },
  { stage: "confirmed", financial: "paid", fulfilled: 0 },
  { stage: "confirmed", financial: "authorized", fulfilled: 0 },
  { stage: "partially_shipped", financial: "paid", fulfilled: 1 },
  { stage: "shipped", financial: "paid", fulfilled: 2 },
  { stage: "in_transit", financial: "paid", fulfilled: 2, shipment: "in_transit" },
  { stage: "out_for_delivery", financial: "paid", fulfilled: 2, shipment: "out_for_delivery" },
  {
    stage: "delivered",
    financial: "paid",
    fulfilled: 2,
    shipment: "delivered",
    event: "delivered",
  },
  { stage: "delivery_issue", financial: "paid", fulfilled: 2, shipment: "attempted_delivery" },
  { stage: "cancelled", financial: "refunded", fulfilled: 0, cancelled: true, refund: true },
  { stage: "refunded", financial: "refunded", fulfilled: 0, refund: true },
  { stage: "payment_issue", financial: "expired", fulfilled: 0 },
  { stage: "on_hold", financial: "paid", fulfilled: 0, hold: true },
  {
    stage: "return_requested",
    financial: "paid",
    fulfilled: 2,
    shipment: "delivered",
    returnStatus: "requested",
  },
  {
    stage: "return_in_progress",
    financial: "paid",
    fulfilled: 2,
    shipment: "delivered",
    returnStatus: "open",
  },
  {
    stage: "returned",
    financial: "paid",
    fulfilled: 2,
    shipment: "delivered",
    returnStatus: "closed",
  },
];

const RETURN_TOPIC = {
  requested: ["request"],
  open: ["request", "approve"],
  declined: ["request", "decline"],
  closed: ["request", "approve", "close"],
} as const;

const iso = (ms: number) => new Date(ms).toISOString();
const upper = (value: string) => value.toUpperCase();

/** Order `i` of a corpus: ids from `firstId`, times from `start`. */
export function corpusOrder(
  i: number,
  start = Date.parse("2026-11-01T00:00:00Z"),
  firstId = 7_000_000_000,
): CorpusOrder {
  const s = SCENARIOS[i % SCENARIOS.length]!;
  const id = String(firstId + i * 10);
  const gid = `gid://shopify/Order/${id}`;
  const created = start + i * 1000;
  const updated = created + 60 * 60_000;
  const lineIds = [0, 1].map((k) => String(firstId + i * 10 + 1 + k));
  const variantIds = [0, 1].map((k) => String(900_000 + (i % 50) * 2 + k));
  const fulfillmentId = String(firstId + i * 10 + 3);
  const fulfillmentGid = `gid://shopify/Fulfillment/${fulfillmentId}`;
  const refundId = String(firstId + i * 10 + 4);
  const returnId = String(firstId + i * 10 + 5);
  const fulfillmentOrderGid = `gid://shopify/FulfillmentOrder/${firstId + i * 10 + 6}`;
  const eventId = String(firstId + i * 10 + 7);
  const customerId = String(5_000_000 + i);
  const name = `#${10_000 + i}`;
  const email = `shopper${i}@example.com`;
  const statusUrl = `https://corpus.example/orders/${id}/authenticate?key=k${i}`;
  const tracking = {
    company: "UPS",
    number: `1Z${fulfillmentId}`,
    url: `https://www.ups.com/track?tracknum=1Z${fulfillmentId}`,
  };
  const fulfillmentStatus = s.fulfilled === 2 ? "fulfilled" : s.fulfilled === 1 ? "partial" : null;
  const cancelledAt = s.cancelled ? iso(updated) : null;

  // --- Webhooks (REST shape) --------------------------------------------------------------
  const restFulfillment = {
    id: fulfillmentId,
    admin_graphql_api_id: fulfillmentGid,
    order_id: id,
    status: "success",
    shipment_status: s.shipment ?? null,
    created_at: iso(created + 30 * 60_000),
    updated_at: iso(updated),
    tracking_company: tracking.company,
    tracking_number: tracking.number,
    tracking_numbers: [tracking.number],
    tracking_url: tracking.url,
    tracking_urls: [tracking.url],
  };
  const restRefund = {
    id: refundId,
    admin_graphql_api_id: `gid://shopify/Refund/${refundId}`,
    order_id: id,
    created_at: iso(updated - 60_000),
    processed_at: iso(updated - 60_000),
  };
  const restOrder = {
    id,
    admin_graphql_api_id: gid,
    name,
    email,
    phone: null,
    customer_locale: "en",
    order_status_url: statusUrl,
    created_at: iso(created),
    processed_at: iso(created),
    updated_at: iso(updated),
    cancelled_at: cancelledAt,
    cancel_reason: s.cancelled ? "customer" : null,
    closed_at: cancelledAt,
    financial_status: s.financial,
    fulfillment_status: fulfillmentStatus,
    customer: {
      id: customerId,
      admin_graphql_api_id: `gid://shopify/Customer/${customerId}`,
      first_name: `Shopper${i}`,
    },
    line_items: lineIds.map((lineId, k) => ({
      id: lineId,
      variant_id: variantIds[k],
      quantity: 1,
    })),
    fulfillments: s.fulfilled > 0 ? [restFulfillment] : [],
    refunds: s.refund ? [restRefund] : [],
  };
  const deliveries: Delivery[] = [
    { topic: "orders/updated", body: restOrder, triggeredAt: iso(updated) },
  ];
  if (s.event) {
    deliveries.push({
      topic: "fulfillment_events/create",
      body: {
        id: eventId,
        admin_graphql_api_id: `gid://shopify/FulfillmentEvent/${eventId}`,
        fulfillment_id: fulfillmentId,
        order_id: id,
        status: s.event,
        message: "Delivered",
        happened_at: iso(updated - 5 * 60_000),
        created_at: iso(updated - 5 * 60_000),
        estimated_delivery_at: null,
      },
      triggeredAt: iso(updated - 5 * 60_000),
    });
  }
  if (s.hold) {
    deliveries.push({
      topic: "fulfillment_orders/placed_on_hold",
      body: {
        fulfillment_order: {
          id: fulfillmentOrderGid,
          status: "on_hold",
          fulfillment_holds: [{ reason: "other" }],
        },
        remaining_fulfillment_order: null,
        created_fulfillment_hold: { reason: "other" },
      },
      triggeredAt: iso(updated + 60_000),
    });
  }
  if (s.returnStatus) {
    RETURN_TOPIC[s.returnStatus].forEach((action, k) => {
      deliveries.push({
        topic: `returns/${action}`,
        body: {
          id: returnId,
          admin_graphql_api_id: `gid://shopify/Return/${returnId}`,
          status: { request: "requested", approve: "open", decline: "declined", close: "closed" }[
            action
          ],
          order: { id, admin_graphql_api_id: gid },
        },
        triggeredAt: iso(updated + (k + 2) * 60_000),
      });
    });
  }

  // --- Bulk result (GraphQL shape, JSONL) -------------------------------------------------
  const gqlFulfillment = {
    id: fulfillmentGid,
    status: "SUCCESS",
    displayStatus: s.shipment ? upper(s.shipment) : "FULFILLED",
    createdAt: restFulfillment.created_at,
    updatedAt: restFulfillment.updated_at,
    trackingInfo: [tracking],
  };
  const root = {
    id: gid,
    name,
    email,
    phone: null,
    customerLocale: "en",
    statusPageUrl: statusUrl,
    createdAt: iso(created),
    processedAt: iso(created),
    updatedAt: iso(updated),
    cancelledAt,
    cancelReason: s.cancelled ? "CUSTOMER" : null,
    closedAt: cancelledAt,
    displayFinancialStatus: upper(s.financial),
    displayFulfillmentStatus:
      s.fulfilled === 2 ? "FULFILLED" : s.fulfilled === 1 ? "PARTIALLY_FULFILLED" : "UNFULFILLED",
    customer: { id: `gid://shopify/Customer/${customerId}`, firstName: `Shopper${i}` },
    fulfillments: s.fulfilled > 0 ? [gqlFulfillment] : [],
    refunds: s.refund
      ? [
          {
            id: restRefund.admin_graphql_api_id,
            createdAt: restRefund.created_at,
            updatedAt: restRefund.created_at,
          },
        ]
      : [],
  };
  const lineItems = lineIds.map((lineId, k) => ({
    id: `gid://shopify/LineItem/${lineId}`,
    quantity: 1,
    variant: { id: `gid://shopify/ProductVariant/${variantIds[k]}` },
  }));
  const fulfillmentOrder = {
    id: fulfillmentOrderGid,
    status: s.hold ? "ON_HOLD" : s.fulfilled === 2 ? "CLOSED" : "OPEN",
    updatedAt: iso(updated + (s.hold ? 60_000 : 0)),
    fulfillAt: null,
    fulfillmentHolds: s.hold ? [{ reason: "OTHER" }] : [],
  };
  const returns = s.returnStatus
    ? [{ id: `gid://shopify/Return/${returnId}`, status: upper(s.returnStatus) }]
    : [];
  const events = s.event
    ? [
        {
          id: `gid://shopify/FulfillmentEvent/${eventId}`,
          status: upper(s.event),
          happenedAt: iso(updated - 5 * 60_000),
          estimatedDeliveryAt: null,
          message: "Delivered",
        },
      ]
    : [];
  const fulfillmentEvents = s.fulfilled > 0 ? [{ id: fulfillmentGid }] : [];
  const jsonl = [
    JSON.stringify({ ...root, fulfillmentEvents }),
    ...lineItems.map((l) => JSON.stringify({ ...l, __parentId: gid })),
    JSON.stringify({ ...fulfillmentOrder, __parentId: gid }),
    ...returns.map((r) => JSON.stringify({ ...r, __parentId: gid })),
    ...events.map((e) => JSON.stringify({ ...e, __parentId: fulfillmentGid })),
  ];
  const edges = (nodes: unknown[]) => ({ edges: nodes.map((node) => ({ node })) });
  const node = {
    ...root,
    lineItems: edges(lineItems),
    fulfillmentOrders: edges([fulfillmentOrder]),
    returns: edges(returns),
    // Both `fulfillments` selections (one aliased) resolve from this field.
    fulfillments: s.fulfilled > 0 ? [{ ...gqlFulfillment, events: edges(events) }] : [],
  };
  return {
    gid,
    expectedStage: s.stage,
    jsonl,
    deliveries,
    fulfillmentOrderIds: [fulfillmentOrderGid],
    node,
  };
}

/** The JSONL lines of orders 0…count−1, generated as they are read. */
export function* corpusLines(count: number, start?: number): Generator<string> {
  for (let i = 0; i < count; i++) yield* corpusOrder(i, start).jsonl;
}
