// What each Shopify status value means to the stage engine. Facts store Shopify's raw strings;
// these tables interpret them. Webhooks (REST vocabulary, lowercase) and Admin GraphQL
// (uppercase enums) spell the same values differently, so lookups are case-insensitive.
// Every enum is an open set: a value missing here reads as `undefined` ("unknown"), never throws.

export type PaymentMeaning = "pending" | "paid" | "refunded" | "expired" | "voided";

const FINANCIAL_STATUS: Readonly<Record<string, PaymentMeaning>> = {
  pending: "pending",
  partially_paid: "pending",
  authorized: "paid",
  paid: "paid",
  partially_refunded: "paid",
  refunded: "refunded",
  expired: "expired",
  voided: "voided",
};

/** How much of the order Shopify says is fulfilled. */
export type OrderFulfillmentMeaning = "none" | "partial" | "fulfilled";

const ORDER_FULFILLMENT_STATUS: Readonly<Record<string, OrderFulfillmentMeaning>> = {
  // REST / webhook values (null = nothing fulfilled)
  fulfilled: "fulfilled",
  partial: "partial",
  restocked: "none",
  // Admin GraphQL OrderDisplayFulfillmentStatus
  partially_fulfilled: "partial",
  unfulfilled: "none",
  pending_fulfillment: "none",
  open: "none",
  in_progress: "none",
  on_hold: "none", // holds are read from fulfillment orders, not from this summary
  scheduled: "none",
  request_declined: "none",
  fulfillment_not_required: "none",
};

/** Whether a fulfillment still stands (counts as a shipment). */
export type FulfillmentMeaning = "active" | "inactive";

const FULFILLMENT_STATUS: Readonly<Record<string, FulfillmentMeaning>> = {
  pending: "active",
  open: "active",
  success: "active",
  cancelled: "inactive",
  error: "inactive",
  failure: "inactive",
};

/** Where a shipment is, from a fulfillment's shipment status or a carrier event. */
export type ShipmentMeaning =
  "shipped" | "in_transit" | "out_for_delivery" | "ready_for_pickup" | "delivered" | "issue";

const SHIPMENT_STATUS: Readonly<Record<string, ShipmentMeaning>> = {
  // REST shipment_status and FulfillmentEventStatus (lowercased)
  label_printed: "shipped",
  label_purchased: "shipped",
  confirmed: "in_transit",
  in_transit: "in_transit",
  carrier_picked_up: "in_transit",
  out_for_delivery: "out_for_delivery",
  ready_for_pickup: "ready_for_pickup",
  delivered: "delivered",
  picked_up: "delivered",
  attempted_delivery: "issue",
  failure: "issue",
  delayed: "issue",
  // Admin GraphQL FulfillmentDisplayStatus (a backfill may store these): no carrier progress yet
  fulfilled: "shipped",
  marked_as_fulfilled: "shipped",
  submitted: "shipped",
  label_voided: "shipped",
  canceled: "shipped", // the fulfillment's own status decides whether it still counts
  not_delivered: "issue",
};

export type ReturnMeaning = "requested" | "open" | "declined" | "closed" | "canceled";

const RETURN_STATUS: Readonly<Record<string, ReturnMeaning>> = {
  requested: "requested",
  open: "open",
  declined: "declined",
  closed: "closed",
  canceled: "canceled",
  cancelled: "canceled", // Shopify spells returns "canceled"; accept the other spelling too
};

export type FulfillmentOrderMeaning = "on_hold" | "not_on_hold";

const FULFILLMENT_ORDER_STATUS: Readonly<Record<string, FulfillmentOrderMeaning>> = {
  open: "not_on_hold",
  in_progress: "not_on_hold",
  cancelled: "not_on_hold",
  incomplete: "not_on_hold",
  closed: "not_on_hold",
  scheduled: "not_on_hold",
  on_hold: "on_hold",
};

/** Meaning of an order's financial status; undefined when Shopify sent a value we don't know. */
export function paymentMeaning(status: string): PaymentMeaning | undefined {
  return lookup(FINANCIAL_STATUS, status);
}

/** Meaning of an order's fulfillment status (null = nothing fulfilled); undefined when unknown. */
export function orderFulfillmentMeaning(
  status: string | null,
): OrderFulfillmentMeaning | undefined {
  return status === null ? "none" : lookup(ORDER_FULFILLMENT_STATUS, status);
}

/** Whether a fulfillment status leaves the fulfillment standing; undefined when unknown. */
export function fulfillmentMeaning(status: string): FulfillmentMeaning | undefined {
  return lookup(FULFILLMENT_STATUS, status);
}

/** Meaning of a shipment or fulfillment-event status; undefined when unknown. */
export function shipmentMeaning(status: string): ShipmentMeaning | undefined {
  return lookup(SHIPMENT_STATUS, status);
}

/** Meaning of a return status; undefined when unknown. */
export function returnMeaning(status: string): ReturnMeaning | undefined {
  return lookup(RETURN_STATUS, status);
}

/** Meaning of a fulfillment order status; undefined when unknown. */
export function fulfillmentOrderMeaning(status: string): FulfillmentOrderMeaning | undefined {
  return lookup(FULFILLMENT_ORDER_STATUS, status);
}

function lookup<T>(table: Readonly<Record<string, T>>, status: string): T | undefined {
  const key = status.trim().toLowerCase();
  return Object.hasOwn(table, key) ? table[key] : undefined;
}
