// Small builders for OrderFacts in engine tests: sensible defaults, override what matters.
import { emptyFacts } from "~/domain/facts";
import type {
  FulfillmentEventFact,
  FulfillmentFacts,
  FulfillmentOrderSection,
  OrderFacts,
  OrderSection,
  ReturnSection,
} from "~/domain/facts";

/** Minute `n` of a fixed test day, as a normalized IsoTime. */
export function minute(n: number): string {
  return new Date(Date.UTC(2026, 2, 2, 9, n)).toISOString();
}

export function orderSection(overrides: Partial<OrderSection> = {}): OrderSection {
  return {
    at: minute(0),
    financialStatus: "paid",
    fulfillmentStatus: null,
    cancelledAt: null,
    cancelReason: null,
    closedAt: null,
    ...overrides,
  };
}

export function fulfillment(overrides: Partial<FulfillmentFacts> = {}): FulfillmentFacts {
  return {
    gid: "gid://shopify/Fulfillment/1",
    at: minute(10),
    status: "success",
    shipmentStatus: null,
    trackingCompany: "UPS",
    trackingNumbers: ["1Z001"],
    trackingUrls: ["https://ups.example/1Z001"],
    estimatedDeliveryAt: null,
    events: [],
    ...overrides,
  };
}

export function fulfillmentEvent(
  overrides: Partial<FulfillmentEventFact> = {},
): FulfillmentEventFact {
  return {
    gid: "gid://shopify/FulfillmentEvent/1",
    status: "in_transit",
    happenedAt: minute(20),
    estimatedDeliveryAt: null,
    message: null,
    ...overrides,
  };
}

export function fulfillmentOrder(
  overrides: Partial<FulfillmentOrderSection> = {},
): FulfillmentOrderSection {
  return {
    gid: "gid://shopify/FulfillmentOrder/1",
    at: minute(5),
    status: "open",
    holdReasons: [],
    fulfillAt: null,
    ...overrides,
  };
}

export function returnSection(overrides: Partial<ReturnSection> = {}): ReturnSection {
  return { gid: "gid://shopify/Return/1", at: minute(30), status: "requested", ...overrides };
}

/** A paid order with the given parts (order section overrides go in `order`). */
export function factsOf(
  parts: Omit<Partial<OrderFacts>, "order"> & { order?: Partial<OrderSection> | null } = {},
): OrderFacts {
  const { order, ...rest } = parts;
  return { ...emptyFacts(), order: order === null ? null : orderSection(order), ...rest };
}

/** A fully fulfilled, paid order whose one shipment has the given status. */
export function deliveredOrderFacts(parts: Partial<OrderFacts> = {}): OrderFacts {
  return factsOf({
    order: { fulfillmentStatus: "fulfilled" },
    fulfillments: [fulfillment({ shipmentStatus: "delivered" })],
    ...parts,
  });
}
