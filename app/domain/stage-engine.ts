// The stage engine (SPEC §4): from an order's facts, the automatic candidate stage; from the
// candidate and the current stage, whether to move.
//
// Unknown Shopify values (every enum is an open set) are treated as if that fact were absent,
// with a warning naming the field and value:
// - an unknown shipment or event status is skipped, so the newest *known* status of that
//   shipment still applies (its previous known meaning);
// - an unknown financial, order fulfillment, fulfillment, return or fulfillment-order status
//   reads as "no such fact" (no payment info, nothing fulfilled, fulfillment still standing,
//   no return, not on hold).
// The candidate can then only fall back to an earlier progress stage, which decideStageChange
// never applies, so an unknown value never moves a progress stage. The one visible effect: an
// automatic exception whose defining value turns unknown (e.g. a return status Shopify adds
// later) reads as cleared, like any other exception that stops being reported.

import { timeValue } from "./facts";
import type { FulfillmentFacts, IsoTime, OrderFacts, OrderSection } from "./facts";
import {
  fulfillmentMeaning,
  fulfillmentOrderMeaning,
  orderFulfillmentMeaning,
  paymentMeaning,
  returnMeaning,
  shipmentMeaning,
} from "./shopify-statuses";
import type {
  OrderFulfillmentMeaning,
  PaymentMeaning,
  ReturnMeaning,
  ShipmentMeaning,
} from "./shopify-statuses";
import type { DefaultStageKey, StageDefinition } from "./stages";

export interface CandidateStage {
  key: DefaultStageKey;
  /** One line per unknown Shopify value that was ignored. */
  warnings: string[];
}

/** Who set an order's current stage. */
export type StageSource = "shopify" | "carrier" | "merchant" | "rule" | "backfill";

export interface StageDecisionInput {
  current: { key: string; source: StageSource; candidateKey: string | null } | null;
  candidateKey: string;
  stages: readonly Pick<StageDefinition, "key" | "position" | "exception">[];
  /** The last stage a merchant or a rule chose for the order, if any. */
  chosen?: { key: string; source: StageSource } | null;
}

export interface StageDecision {
  /** The stage to move to, or null to stay. */
  nextKey: string | null;
  /** The candidate differs from the one recorded with the current stage (store the new one). */
  candidateChanged: boolean;
  /**
   * An automatic exception cleared and the order goes back to the stage a merchant or a rule
   * chose (further along than what Shopify's facts say): `nextKey` is that stage.
   */
  backToChosen?: { source: StageSource; exceptionKey: string };
}

export interface ShipmentView {
  fulfillmentGid: string;
  trackingCompany: string | null;
  trackingNumber: string | null;
  trackingUrl: string | null;
  /** Effective shipment status, lowercase ("in_transit"), or null when the carrier said nothing. */
  status: string | null;
  estimatedDeliveryAt: IsoTime | null;
}

/** The automatic stage Shopify's facts point to, by SPEC §4 precedence (exceptions first). */
export function computeCandidateStage(facts: OrderFacts): CandidateStage {
  // One warning per kind of field and value: an unknown status on 500 fulfillments is one line.
  const unknown = new Map<string, { field: string; value: string; count: number }>();
  const reading = readOrderFacts(facts, (field, value) => {
    const key = `${field.replace(/\[[^\]]*\]/g, "[]")}\u0000${value}`;
    const seen = unknown.get(key);
    if (seen) seen.count++;
    else unknown.set(key, { field, value, count: 1 });
  });
  const warnings = [...unknown.values()].map(({ field, value, count }) => {
    const more = count > 1 ? ` (and ${count - 1} more like it)` : "";
    return `unknown ${field} ${quotedValue(value)}${more}: treated as absent`;
  });
  return { key: exceptionStage(reading) ?? progressStage(reading), warnings };
}

/** A payload value as a warning shows it: JSON-quoted (no raw CR, LF or NUL) and bounded. */
function quotedValue(value: string): string {
  return JSON.stringify(value.length > 100 ? `${value.slice(0, 100)}…` : value);
}

/** Whether the order moves to the candidate stage, given who set its current stage. */
export function decideStageChange(input: StageDecisionInput): StageDecision {
  const { current, candidateKey, stages } = input;
  if (!current) return { nextKey: candidateKey, candidateChanged: true };

  // Same candidate as last time: Shopify said nothing new, so a merchant's choice stays.
  const candidateChanged = candidateKey !== current.candidateKey;
  if (!candidateChanged || candidateKey === current.key) return { nextKey: null, candidateChanged };

  const candidate = stageInfo(stages, candidateKey);
  const currentStage = stageInfo(stages, current.key);
  const move = { nextKey: candidateKey, candidateChanged };
  if (candidate.exception) return move;
  // An automatic exception (hold, payment or delivery problem) has cleared: back to the furthest
  // of what Shopify's facts say and the stage a merchant or a rule chose before it.
  if (currentStage.exception && AUTOMATIC_SOURCES.has(current.source)) {
    const chosen = input.chosen ? stages.find((s) => s.key === input.chosen!.key) : undefined;
    if (chosen && !chosen.exception && chosen.position >= candidate.position) {
      if (chosen.key === current.key) return { nextKey: null, candidateChanged };
      return {
        nextKey: chosen.key,
        candidateChanged,
        backToChosen: { source: input.chosen!.source, exceptionKey: current.key },
      };
    }
    return move;
  }
  // Progress never moves backwards, and a merchant's stage stays until Shopify is further along.
  if (candidate.position > currentStage.position) return move;
  return { nextKey: null, candidateChanged };
}

/** One entry per tracking number of each standing fulfillment (one with nulls if it has none). */
export function shipmentsFromFacts(facts: OrderFacts): ShipmentView[] {
  return activeFulfillments(facts).flatMap((fulfillment) => {
    const status = effectiveShipment(fulfillment)?.status.trim().toLowerCase() ?? null;
    const estimatedDeliveryAt = latestEstimate(fulfillment);
    const numbers = fulfillment.trackingNumbers.length > 0 ? fulfillment.trackingNumbers : [null];
    return numbers.map((trackingNumber, index) => ({
      fulfillmentGid: fulfillment.gid,
      trackingCompany: fulfillment.trackingCompany,
      trackingNumber,
      trackingUrl: fulfillment.trackingUrls[index] ?? null,
      status,
      estimatedDeliveryAt,
    }));
  });
}

/** The latest delivery estimate among shipments not yet delivered (the order is complete then). */
export function estimatedDeliveryFromFacts(facts: OrderFacts): IsoTime | null {
  let latest: IsoTime | null = null;
  for (const fulfillment of activeFulfillments(facts)) {
    if (effectiveShipment(fulfillment)?.meaning === "delivered") continue;
    const estimate = latestEstimate(fulfillment);
    if (estimate && timeValue(estimate) > timeValue(latest)) latest = estimate;
  }
  return latest;
}

// --- Reading the facts ------------------------------------------------------------------------

type ReportUnknown = (field: string, value: string) => void;

/** The facts reduced to what the precedence rules ask about. */
interface OrderReading {
  cancelled: boolean;
  payment: PaymentMeaning | null;
  orderFulfillment: OrderFulfillmentMeaning;
  /** Effective shipment meaning of each standing fulfillment (null: no carrier info). */
  shipments: (ShipmentMeaning | null)[];
  /** Known, non-canceled returns. */
  returns: ReturnMeaning[];
  onHold: boolean;
}

function readOrderFacts(facts: OrderFacts, reportUnknown: ReportUnknown): OrderReading {
  const order = facts.order;
  const active = activeFulfillments(facts, reportUnknown);
  const orderSays = readOrderFulfillment(order, reportUnknown);
  return {
    cancelled: Boolean(order?.cancelledAt),
    payment: readPayment(order, reportUnknown),
    // Fully shipped as soon as either the order or its fulfillments say so: each source stands
    // on its own, since Shopify may deliver the other late or never.
    orderFulfillment:
      orderSays !== "fulfilled" && fulfillmentsCoverOrder(facts, active) ? "fulfilled" : orderSays,
    shipments: active.map(
      (fulfillment) => effectiveShipment(fulfillment, reportUnknown)?.meaning ?? null,
    ),
    returns: facts.returns.flatMap((section) => {
      const meaning = returnMeaning(section.status);
      if (!meaning) reportUnknown(`returns[${section.gid}].status`, section.status);
      return meaning && meaning !== "canceled" ? [meaning] : [];
    }),
    onHold: facts.fulfillmentOrders.some((section) => {
      const meaning = fulfillmentOrderMeaning(section.status);
      if (!meaning) reportUnknown(`fulfillmentOrders[${section.gid}].status`, section.status);
      return meaning === "on_hold";
    }),
  };
}

function readPayment(order: OrderSection | null, reportUnknown: ReportUnknown) {
  if (!order?.financialStatus) return null;
  const meaning = paymentMeaning(order.financialStatus);
  if (!meaning) reportUnknown("order.financialStatus", order.financialStatus);
  return meaning ?? null;
}

function readOrderFulfillment(
  order: OrderSection | null,
  reportUnknown: ReportUnknown,
): OrderFulfillmentMeaning {
  const status = order?.fulfillmentStatus ?? null;
  const meaning = orderFulfillmentMeaning(status);
  if (!meaning && status !== null) reportUnknown("order.fulfillmentStatus", status);
  return meaning ?? "none";
}

/** Fulfillments that still stand: not cancelled, errored or failed (unknown statuses stand). */
function activeFulfillments(facts: OrderFacts, reportUnknown?: ReportUnknown): FulfillmentFacts[] {
  return facts.fulfillments.filter((fulfillment) => {
    if (fulfillment.status === null) return true;
    const meaning = fulfillmentMeaning(fulfillment.status);
    if (!meaning) reportUnknown?.(`fulfillments[${fulfillment.gid}].status`, fulfillment.status);
    return meaning !== "inactive";
  });
}

/**
 * Whether the standing fulfillments ship every quantity still to fulfill: the order's line items
 * (current quantities as of its section's `at`), adjusted by the edits and refunds Shopify
 * reported after that. False when the line items are unknown (the order is not known yet, or was
 * stored before line items were kept), so a fulfillment that arrives first counts once they are.
 */
export function fulfillmentsCoverOrder(
  facts: OrderFacts,
  active: FulfillmentFacts[] = activeFulfillments(facts),
): boolean {
  const order = facts.order;
  if (!order?.lineItems || active.length === 0) return false;
  const toShip = new Map<string, number>();
  const add = (gid: string, quantity: number) => toShip.set(gid, (toShip.get(gid) ?? 0) + quantity);
  for (const item of order.lineItems) add(item.gid, item.quantity);
  // Later changes than the order section describes (it already reflects earlier ones).
  const orderAt = timeValue(order.at);
  for (const edit of facts.edits ?? []) {
    if (timeValue(edit.at) > orderAt)
      for (const item of edit.lineItems) add(item.gid, item.quantity);
  }
  for (const refund of facts.refunds) {
    if (timeValue(refund.at) <= orderAt) continue;
    for (const item of refund.lineItems ?? []) add(item.gid, -item.quantity);
  }
  const shipped = new Map<string, number>();
  for (const fulfillment of active) {
    for (const item of fulfillment.lineItems ?? []) {
      shipped.set(item.gid, (shipped.get(item.gid) ?? 0) + item.quantity);
    }
  }
  let anythingToShip = false;
  for (const [gid, quantity] of toShip) {
    if (quantity <= 0) continue;
    anythingToShip = true;
    if ((shipped.get(gid) ?? 0) < quantity) return false;
  }
  return anythingToShip;
}

interface ShipmentReading {
  status: string;
  meaning: ShipmentMeaning;
  at: IsoTime;
  /** Breaks ties between equal times: events ("1…") outrank the fulfillment's own status ("0"). */
  tieBreak: string;
}

/**
 * The newest known status among the fulfillment's own shipment status (at its `at`) and its
 * carrier events (at `happenedAt`). Unknown values are skipped, so an older known one applies.
 */
function effectiveShipment(
  fulfillment: FulfillmentFacts,
  reportUnknown?: ReportUnknown,
): ShipmentReading | null {
  const sightings = [
    {
      status: fulfillment.shipmentStatus,
      at: fulfillment.at,
      tieBreak: "0",
      field: `fulfillments[${fulfillment.gid}].shipmentStatus`,
    },
    ...fulfillment.events.map((event) => ({
      status: event.status,
      at: event.happenedAt,
      tieBreak: `1${event.gid}`,
      field: `fulfillments[${fulfillment.gid}].events[${event.gid}].status`,
    })),
  ];
  let newest: ShipmentReading | null = null;
  for (const { status, at, tieBreak, field } of sightings) {
    if (status === null) continue;
    const meaning = shipmentMeaning(status);
    if (!meaning) {
      reportUnknown?.(field, status);
      continue;
    }
    const reading = { status, meaning, at, tieBreak };
    if (!newest || isLater(reading, newest)) newest = reading;
  }
  return newest;
}

function isLater(a: { at: IsoTime; tieBreak: string }, b: { at: IsoTime; tieBreak: string }) {
  const byTime = timeValue(a.at) - timeValue(b.at);
  if (byTime !== 0 && !Number.isNaN(byTime)) return byTime > 0;
  return a.tieBreak > b.tieBreak;
}

/** The most recently reported delivery estimate of one fulfillment. */
function latestEstimate(fulfillment: FulfillmentFacts): IsoTime | null {
  let newest: { estimate: IsoTime; at: IsoTime; tieBreak: string } | null = null;
  const sightings = [
    { estimate: fulfillment.estimatedDeliveryAt, at: fulfillment.at, tieBreak: "0" },
    ...fulfillment.events.map((event) => ({
      estimate: event.estimatedDeliveryAt,
      at: event.happenedAt,
      tieBreak: `1${event.gid}`,
    })),
  ];
  for (const { estimate, at, tieBreak } of sightings) {
    if (!estimate) continue;
    const sighting = { estimate, at, tieBreak };
    if (!newest || isLater(sighting, newest)) newest = sighting;
  }
  return newest?.estimate ?? null;
}

// --- Precedence -------------------------------------------------------------------------------

function exceptionStage(reading: OrderReading): DefaultStageKey | null {
  if (reading.cancelled) return "cancelled";
  if (reading.payment === "refunded") return "refunded";
  const returnStage = returnStageOf(reading.returns);
  if (returnStage) return returnStage;
  if (reading.shipments.includes("issue")) return "delivery_issue";
  // A voided payment on a cancelled order is just the cancellation (handled above).
  if (reading.payment === "expired" || reading.payment === "voided") return "payment_issue";
  if (reading.onHold) return "on_hold";
  return null;
}

function returnStageOf(returns: ReturnMeaning[]): DefaultStageKey | null {
  if (returns.includes("open")) return "return_in_progress";
  if (returns.includes("requested")) return "return_requested";
  if (returns.includes("closed")) return "returned";
  if (returns.includes("declined")) return "return_declined";
  return null;
}

function progressStage(reading: OrderReading): DefaultStageKey {
  if (reading.orderFulfillment === "fulfilled") return deliveryProgress(reading.shipments);
  // Partially fulfilled orders stop here: each shipment shows its own status elsewhere.
  if (reading.orderFulfillment === "partial" || reading.shipments.length > 0) {
    return "partially_shipped";
  }
  if (reading.payment === "paid") return "confirmed";
  if (reading.payment === "pending") return "awaiting_payment";
  return "placed";
}

/**
 * Progress of a fully fulfilled order: delivered once every shipment is; otherwise the furthest
 * point reached by a shipment still under way (delivered parcels no longer speak for the order).
 */
function deliveryProgress(shipments: (ShipmentMeaning | null)[]): DefaultStageKey {
  const underway = shipments.filter((meaning) => meaning !== "delivered");
  if (shipments.length > 0 && underway.length === 0) return "delivered";
  if (underway.includes("out_for_delivery")) return "out_for_delivery";
  if (underway.includes("ready_for_pickup")) return "ready_for_pickup";
  if (underway.includes("in_transit")) return "in_transit";
  return "shipped";
}

// --- Decision helpers -------------------------------------------------------------------------

const AUTOMATIC_SOURCES: ReadonlySet<StageSource> = new Set(["shopify", "carrier", "backfill"]);

function stageInfo(
  stages: StageDecisionInput["stages"],
  key: string,
): { position: number; exception: boolean } {
  // A key the shop no longer has (deleted stage) ranks below every stage and is no exception.
  return stages.find((stage) => stage.key === key) ?? { position: -1, exception: false };
}
