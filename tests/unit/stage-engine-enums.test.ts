// Every status value Shopify documents (tests/fixtures/webhooks/status-enums.json, REST/webhook
// and Admin GraphQL spellings) maps to the expected stage; unknown values never crash.
import { describe, expect, it } from "vitest";
import type { OrderFacts } from "~/domain/facts";
import { computeCandidateStage } from "~/domain/stage-engine";
import type { DefaultStageKey } from "~/domain/stages";
import enums from "../fixtures/webhooks/status-enums.json";
import {
  deliveredOrderFacts,
  factsOf,
  fulfillment,
  fulfillmentEvent,
  fulfillmentOrder,
  minute,
  returnSection,
} from "./support/facts-builders";

const graphql = enums.graphql;
const rest = enums.rest_and_webhook_payloads;

function allVersions(byVersion: Record<string, string[]>): string[] {
  return Object.values(byVersion).flat();
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}

function expectedFor(
  table: Record<string, DefaultStageKey>,
  value: string | null,
): DefaultStageKey {
  const expected = table[value === null ? "null" : value.toLowerCase()];
  if (!expected)
    throw new Error(`no expected stage for documented value ${value}: add it to the table`);
  return expected;
}

const FINANCIAL_STATUSES = unique([
  ...rest["order.financial_status"].documented_values,
  ...rest["order.financial_status"].also_possible,
  ...graphql.OrderDisplayFinancialStatus.values,
]);

const FINANCIAL_STAGE: Record<string, DefaultStageKey> = {
  pending: "awaiting_payment",
  partially_paid: "awaiting_payment",
  authorized: "confirmed",
  paid: "confirmed",
  partially_refunded: "confirmed",
  refunded: "refunded",
  voided: "payment_issue",
  expired: "payment_issue",
};

const ORDER_FULFILLMENT_STATUSES = unique([
  ...rest["order.fulfillment_status"].documented_values,
  ...allVersions(graphql.OrderDisplayFulfillmentStatus.values_by_version),
]);

// A paid order without fulfillment facts: only the order-level summary speaks.
const ORDER_FULFILLMENT_STAGE: Record<string, DefaultStageKey> = {
  null: "confirmed",
  fulfilled: "shipped",
  partial: "partially_shipped",
  restocked: "confirmed",
  unfulfilled: "confirmed",
  partially_fulfilled: "partially_shipped",
  pending_fulfillment: "confirmed",
  open: "confirmed",
  in_progress: "confirmed",
  on_hold: "confirmed",
  scheduled: "confirmed",
  request_declined: "confirmed",
  fulfillment_not_required: "confirmed",
};

const FULFILLMENT_STATUSES = unique([
  ...rest["fulfillment.status"].documented_values,
  ...graphql.FulfillmentStatus.values,
  ...graphql.FulfillmentStatus.deprecated_values,
]);

// A fulfilled order whose one shipment is delivered: a standing fulfillment makes it delivered,
// a cancelled/failed one leaves no shipment to speak of.
const FULFILLMENT_STAGE: Record<string, DefaultStageKey> = {
  pending: "delivered",
  open: "delivered",
  success: "delivered",
  cancelled: "shipped",
  error: "shipped",
  failure: "shipped",
};

const SHIPMENT_STATUSES = unique([
  ...rest["fulfillment.shipment_status"].documented_values,
  ...rest["fulfillment.shipment_status"].also_possible,
  ...allVersions(graphql.FulfillmentDisplayStatus.values_by_version),
]);

const SHIPMENT_STAGE: Record<string, DefaultStageKey> = {
  null: "shipped",
  label_printed: "shipped",
  label_purchased: "shipped",
  confirmed: "in_transit",
  in_transit: "in_transit",
  carrier_picked_up: "in_transit",
  out_for_delivery: "out_for_delivery",
  ready_for_pickup: "ready_for_pickup",
  delivered: "delivered",
  picked_up: "delivered",
  attempted_delivery: "delivery_issue",
  failure: "delivery_issue",
  delayed: "delivery_issue",
  // FulfillmentDisplayStatus only
  fulfilled: "shipped",
  marked_as_fulfilled: "shipped",
  submitted: "shipped",
  label_voided: "shipped",
  canceled: "shipped",
  not_delivered: "delivery_issue",
};

const EVENT_STATUSES = unique(
  allVersions(graphql.FulfillmentEventStatus.values_by_version).map((value) => value.toLowerCase()),
);

const RETURN_STATUSES = unique([
  ...rest["return.status (returns/* payloads)"].values,
  ...graphql.ReturnStatus.values,
]);

// On a delivered order.
const RETURN_STAGE: Record<string, DefaultStageKey> = {
  requested: "return_requested",
  open: "return_in_progress",
  declined: "return_declined",
  closed: "returned",
  canceled: "delivered",
};

const FULFILLMENT_ORDER_STATUSES = unique([
  ...rest["fulfillment_order.status (fulfillment_orders/* payloads)"].values,
  ...graphql.FulfillmentOrderStatus.values,
]);

// On a paid, unfulfilled order.
const FULFILLMENT_ORDER_STAGE: Record<string, DefaultStageKey> = {
  open: "confirmed",
  in_progress: "confirmed",
  cancelled: "confirmed",
  incomplete: "confirmed",
  closed: "confirmed",
  scheduled: "confirmed",
  on_hold: "on_hold",
};

function fulfilledOrderShipping(shipmentStatus: string | null): OrderFacts {
  return factsOf({
    order: { fulfillmentStatus: "fulfilled" },
    fulfillments: [fulfillment({ shipmentStatus })],
  });
}

function fulfilledOrderWithEvent(status: string): OrderFacts {
  return factsOf({
    order: { fulfillmentStatus: "fulfilled" },
    fulfillments: [fulfillment({ events: [fulfillmentEvent({ status })] })],
  });
}

describe("every documented Shopify status maps to a stage", () => {
  it.each(FINANCIAL_STATUSES)("financial status %s", (status) => {
    const result = computeCandidateStage(factsOf({ order: { financialStatus: status } }));
    expect(result).toEqual({ key: expectedFor(FINANCIAL_STAGE, status), warnings: [] });
  });

  it.each(ORDER_FULFILLMENT_STATUSES)("order fulfillment status %s", (status) => {
    const result = computeCandidateStage(factsOf({ order: { fulfillmentStatus: status } }));
    expect(result).toEqual({ key: expectedFor(ORDER_FULFILLMENT_STAGE, status), warnings: [] });
  });

  it.each(FULFILLMENT_STATUSES)("fulfillment status %s", (status) => {
    const facts = deliveredOrderFacts({
      fulfillments: [fulfillment({ status, shipmentStatus: "delivered" })],
    });
    expect(computeCandidateStage(facts)).toEqual({
      key: expectedFor(FULFILLMENT_STAGE, status),
      warnings: [],
    });
  });

  it.each(SHIPMENT_STATUSES)("shipment status %s", (status) => {
    expect(computeCandidateStage(fulfilledOrderShipping(status))).toEqual({
      key: expectedFor(SHIPMENT_STAGE, status),
      warnings: [],
    });
  });

  it.each(EVENT_STATUSES)("fulfillment event status %s", (status) => {
    expect(computeCandidateStage(fulfilledOrderWithEvent(status))).toEqual({
      key: expectedFor(SHIPMENT_STAGE, status),
      warnings: [],
    });
  });

  it.each(RETURN_STATUSES)("return status %s", (status) => {
    const facts = deliveredOrderFacts({ returns: [returnSection({ status })] });
    expect(computeCandidateStage(facts)).toEqual({
      key: expectedFor(RETURN_STAGE, status),
      warnings: [],
    });
  });

  it.each(FULFILLMENT_ORDER_STATUSES)("fulfillment order status %s", (status) => {
    const facts = factsOf({ fulfillmentOrders: [fulfillmentOrder({ status })] });
    expect(computeCandidateStage(facts)).toEqual({
      key: expectedFor(FULFILLMENT_ORDER_STAGE, status),
      warnings: [],
    });
  });

  it("covers the also-possible REST values and every GraphQL version", () => {
    expect(FINANCIAL_STATUSES).toContain("expired");
    expect(SHIPMENT_STATUSES).toEqual(
      expect.arrayContaining(["delayed", "carrier_picked_up", "picked_up"]),
    );
    expect(EVENT_STATUSES).toEqual(
      expect.arrayContaining(["picked_up", "carrier_picked_up", "delayed"]),
    );
    expect(ORDER_FULFILLMENT_STATUSES).toContain("FULFILLMENT_NOT_REQUIRED");
  });
});

// Unknown values: no crash, a warning naming field and value, and the fact is treated as absent.
const UNKNOWN = "brand_new_value";

const UNKNOWN_CASES: [string, OrderFacts, DefaultStageKey, string][] = [
  [
    "financial status (no payment info: placed)",
    factsOf({ order: { financialStatus: UNKNOWN } }),
    "placed",
    "order.financialStatus",
  ],
  [
    "order fulfillment status (nothing fulfilled)",
    factsOf({ order: { fulfillmentStatus: UNKNOWN } }),
    "confirmed",
    "order.fulfillmentStatus",
  ],
  [
    "fulfillment status (the fulfillment still stands)",
    deliveredOrderFacts({
      fulfillments: [fulfillment({ status: UNKNOWN, shipmentStatus: "delivered" })],
    }),
    "delivered",
    "fulfillments[gid://shopify/Fulfillment/1].status",
  ],
  [
    "shipment status (no carrier info)",
    fulfilledOrderShipping(UNKNOWN),
    "shipped",
    "fulfillments[gid://shopify/Fulfillment/1].shipmentStatus",
  ],
  [
    "event status (the previous known status applies)",
    factsOf({
      order: { fulfillmentStatus: "fulfilled" },
      fulfillments: [
        fulfillment({
          events: [
            fulfillmentEvent({
              gid: "gid://shopify/FulfillmentEvent/1",
              status: "out_for_delivery",
            }),
            fulfillmentEvent({
              gid: "gid://shopify/FulfillmentEvent/2",
              status: UNKNOWN,
              happenedAt: minute(40),
            }),
          ],
        }),
      ],
    }),
    "out_for_delivery",
    "fulfillments[gid://shopify/Fulfillment/1].events[gid://shopify/FulfillmentEvent/2].status",
  ],
  [
    "return status (no return)",
    deliveredOrderFacts({ returns: [returnSection({ status: UNKNOWN })] }),
    "delivered",
    "returns[gid://shopify/Return/1].status",
  ],
  [
    "fulfillment order status (not on hold)",
    factsOf({ fulfillmentOrders: [fulfillmentOrder({ status: UNKNOWN })] }),
    "confirmed",
    "fulfillmentOrders[gid://shopify/FulfillmentOrder/1].status",
  ],
];

describe("unknown status values", () => {
  it.each(UNKNOWN_CASES)("%s", (_name, facts, expectedKey, field) => {
    const result = computeCandidateStage(facts);
    expect(result.key).toBe(expectedKey);
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toContain(field);
    expect(result.warnings[0]).toContain(UNKNOWN);
  });

  it("reads known values case-insensitively, as GraphQL spells them", () => {
    const facts = factsOf({
      order: { financialStatus: "PAID", fulfillmentStatus: "FULFILLED" },
      fulfillments: [fulfillment({ status: "SUCCESS", shipmentStatus: "OUT_FOR_DELIVERY" })],
    });
    expect(computeCandidateStage(facts)).toEqual({ key: "out_for_delivery", warnings: [] });
  });
});
