// The Shopify facts Stageline keeps per order, and how deliveries are folded into them.
//
// Webhooks arrive late, twice and out of order, so merging is a join: every section (the order
// itself, each fulfillment, fulfillment order, refund and return) keeps its newest version by
// the source timestamp `at`, fulfillment events form a set, and ties are broken by content.
// The result is the same whatever the delivery order or number of duplicates (commutative,
// associative, idempotent), and the canonical (sorted) form serializes identically.

import type { OrderAttributes } from "./automation/rules";

/** ISO-8601 instant, normalized to UTC ("2026-01-31T12:00:00.000Z") by the payload readers. */
export type IsoTime = string;

/** How many of one line item: to fulfill (order), shipped (fulfillment) or taken off (refund). */
export interface LineItemQuantity {
  /** gid://shopify/LineItem/<numeric id> (built from the numeric id every payload carries). */
  gid: string;
  quantity: number;
}

export interface OrderSection {
  at: IsoTime;
  financialStatus: string | null;
  fulfillmentStatus: string | null;
  cancelledAt: IsoTime | null;
  cancelReason: string | null;
  closedAt: IsoTime | null;
  /**
   * Each line item's current quantity (after edits and refunds, as of `at`); absent when the
   * source did not list line items (facts stored before Stageline read them).
   */
  lineItems?: LineItemQuantity[];
  /**
   * What merchant rules may look at (tags, line items' vendor/SKU/title, shipping methods,
   * destination country, sales channel), as of `at`; absent in facts stored before rules.
   */
  attributes?: OrderAttributes;
}

export interface FulfillmentEventFact {
  gid: string;
  status: string;
  happenedAt: IsoTime;
  estimatedDeliveryAt: IsoTime | null;
  message: string | null;
}

export interface FulfillmentSection {
  gid: string;
  /** "" for a placeholder created by an event whose fulfillment is not known yet. */
  at: IsoTime;
  status: string | null;
  shipmentStatus: string | null;
  trackingCompany: string | null;
  trackingNumbers: string[];
  trackingUrls: string[];
  estimatedDeliveryAt: IsoTime | null;
  /** What the fulfillment ships; absent when the source did not say. */
  lineItems?: LineItemQuantity[];
}

/** A fulfillment with its carrier events (sorted by happenedAt then gid, unique by gid). */
export interface FulfillmentFacts extends FulfillmentSection {
  events: FulfillmentEventFact[];
}

export interface FulfillmentOrderSection {
  gid: string;
  at: IsoTime;
  status: string;
  holdReasons: string[];
  fulfillAt: IsoTime | null;
}

export interface RefundSection {
  gid: string;
  at: IsoTime;
  /** Whether the refund covered the whole order; absent when the source cannot tell. */
  full?: boolean;
  /** Quantities the refund takes off the order; absent when the source did not say. */
  lineItems?: LineItemQuantity[];
}

/** A committed order edit: quantities added (positive) and removed (negative) per line item. */
export interface OrderEditSection {
  gid: string;
  at: IsoTime;
  lineItems: LineItemQuantity[];
}

export interface ReturnSection {
  gid: string;
  at: IsoTime;
  status: string;
}

/** Everything known about one order; arrays are sorted by gid (canonical form). */
export interface OrderFacts {
  order: OrderSection | null;
  fulfillments: FulfillmentFacts[];
  fulfillmentOrders: FulfillmentOrderSection[];
  refunds: RefundSection[];
  returns: ReturnSection[];
  /** Absent in facts stored before edits were kept. */
  edits?: OrderEditSection[];
}

/** What one delivery (webhook, backfill row) says about an order. */
export interface FactsPatch {
  order?: OrderSection;
  fulfillments?: FulfillmentSection[];
  fulfillmentEvents?: { fulfillmentGid: string; event: FulfillmentEventFact }[];
  fulfillmentOrders?: FulfillmentOrderSection[];
  refunds?: RefundSection[];
  returns?: ReturnSection[];
  edits?: OrderEditSection[];
}

/** Facts of an order nothing is known about yet. */
export function emptyFacts(): OrderFacts {
  return { order: null, fulfillments: [], fulfillmentOrders: [], refunds: [], returns: [] };
}

/** Folds a patch into the facts; `changed` is false when the patch added nothing new. */
export function mergeFacts(
  current: OrderFacts,
  patch: FactsPatch,
): { facts: OrderFacts; changed: boolean } {
  const before = canonicalizeFacts(current);
  const facts = combineFacts(current, patch);
  return { facts, changed: JSON.stringify(facts) !== JSON.stringify(before) };
}

/** Facts in canonical form (normalized, deduplicated, sorted), e.g. after loading from storage. */
export function canonicalizeFacts(facts: OrderFacts): OrderFacts {
  return combineFacts(facts, {});
}

function combineFacts(current: OrderFacts, patch: FactsPatch): OrderFacts {
  const orders = [current.order, patch.order].filter((o): o is OrderSection => o != null);
  return {
    order: orders.map(normalizeOrder).reduce<OrderSection | null>(newerOrFirst, null),
    fulfillments: combineFulfillments(
      current.fulfillments ?? [],
      patch.fulfillments ?? [],
      patch.fulfillmentEvents ?? [],
    ),
    fulfillmentOrders: latestByGid(
      [...(current.fulfillmentOrders ?? []), ...(patch.fulfillmentOrders ?? [])].map(
        normalizeFulfillmentOrder,
      ),
    ),
    refunds: latestByGid(
      [...(current.refunds ?? []), ...(patch.refunds ?? [])].map(normalizeRefund),
    ),
    returns: latestByGid(
      [...(current.returns ?? []), ...(patch.returns ?? [])].map(normalizeReturn),
    ),
    ...nonEmptyEdits(
      latestByGid([...(current.edits ?? []), ...(patch.edits ?? [])].map(normalizeEdit)),
    ),
  };
}

/** Edits only when there are any, so facts without edits keep their stored form. */
function nonEmptyEdits(edits: OrderEditSection[]): { edits?: OrderEditSection[] } {
  return edits.length > 0 ? { edits } : {};
}

function combineFulfillments(
  known: FulfillmentFacts[],
  sections: FulfillmentSection[],
  events: { fulfillmentGid: string; event: FulfillmentEventFact }[],
): FulfillmentFacts[] {
  const sectionsByGid = new Map<string, FulfillmentSection>();
  const eventsByFulfillment = new Map<string, Map<string, FulfillmentEventFact>>();

  const addSection = (section: FulfillmentSection) => {
    const normalized = normalizeFulfillmentSection(section);
    const existing = sectionsByGid.get(normalized.gid);
    sectionsByGid.set(normalized.gid, existing ? newerOf(existing, normalized) : normalized);
  };
  const addEvent = (fulfillmentGid: string, event: FulfillmentEventFact) => {
    const normalized = normalizeEvent(event);
    const eventsByGid = eventsByFulfillment.get(fulfillmentGid) ?? new Map();
    const existing = eventsByGid.get(normalized.gid);
    eventsByGid.set(normalized.gid, existing ? newerEventOf(existing, normalized) : normalized);
    eventsByFulfillment.set(fulfillmentGid, eventsByGid);
  };

  for (const fulfillment of known) {
    addSection(fulfillment);
    for (const event of fulfillment.events ?? []) addEvent(fulfillment.gid, event);
  }
  for (const section of sections) addSection(section);
  for (const { fulfillmentGid, event } of events) addEvent(fulfillmentGid, event);

  // Events may arrive before their fulfillment: keep them on a placeholder that any real
  // section outranks (its `at` is "", older than every timestamp).
  for (const gid of eventsByFulfillment.keys()) {
    if (!sectionsByGid.has(gid)) sectionsByGid.set(gid, placeholderFulfillment(gid));
  }

  return [...sectionsByGid.values()].sort(byGid).map((section) => ({
    ...section,
    events: [...(eventsByFulfillment.get(section.gid)?.values() ?? [])].sort(byHappenedAtThenGid),
  }));
}

function placeholderFulfillment(gid: string): FulfillmentSection {
  return {
    gid,
    at: "",
    status: null,
    shipmentStatus: null,
    trackingCompany: null,
    trackingNumbers: [],
    trackingUrls: [],
    estimatedDeliveryAt: null,
  };
}

function latestByGid<T extends { gid: string; at: IsoTime }>(sections: T[]): T[] {
  const byGidMap = new Map<string, T>();
  for (const section of sections) {
    const existing = byGidMap.get(section.gid);
    byGidMap.set(section.gid, existing ? newerOf(existing, section) : section);
  }
  return [...byGidMap.values()].sort(byGid);
}

function newerOrFirst<T extends { at: IsoTime }>(current: T | null, next: T): T {
  return current ? newerOf(current, next) : next;
}

/**
 * The newer of two versions of one section. Equal timestamps fall back to comparing the
 * serialized content, a total order, so the winner never depends on which came first.
 */
function newerOf<T extends { at: IsoTime }>(a: T, b: T): T {
  return compareVersions(a.at, a, b.at, b) >= 0 ? a : b;
}

function newerEventOf(a: FulfillmentEventFact, b: FulfillmentEventFact): FulfillmentEventFact {
  return compareVersions(a.happenedAt, a, b.happenedAt, b) >= 0 ? a : b;
}

function compareVersions(atA: IsoTime, a: object, atB: IsoTime, b: object): number {
  const byTime = timeValue(atA) - timeValue(atB);
  if (byTime !== 0 && !Number.isNaN(byTime)) return byTime;
  return compareText(JSON.stringify(a), JSON.stringify(b));
}

/** Milliseconds since the epoch; "" (placeholder) and unparsable times sort first. */
export function timeValue(at: IsoTime | null): number {
  if (!at) return Number.NEGATIVE_INFINITY;
  const ms = Date.parse(at);
  return Number.isNaN(ms) ? Number.NEGATIVE_INFINITY : ms;
}

function byGid(a: { gid: string }, b: { gid: string }): number {
  return compareText(a.gid, b.gid);
}

function byHappenedAtThenGid(a: FulfillmentEventFact, b: FulfillmentEventFact): number {
  const byTime = timeValue(a.happenedAt) - timeValue(b.happenedAt);
  if (byTime !== 0 && !Number.isNaN(byTime)) return byTime;
  return compareText(a.happenedAt, b.happenedAt) || compareText(a.gid, b.gid);
}

/** Code-unit order: locale-independent, so every machine sorts the same way. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// Normalizers build fresh objects with a fixed key order and no undefined fields, so equal
// facts serialize identically and content comparison is meaningful.

function normalizeOrder(section: OrderSection): OrderSection {
  return {
    at: section.at,
    financialStatus: section.financialStatus ?? null,
    fulfillmentStatus: section.fulfillmentStatus ?? null,
    cancelledAt: section.cancelledAt ?? null,
    cancelReason: section.cancelReason ?? null,
    closedAt: section.closedAt ?? null,
    ...lineItemsOf(section.lineItems),
    ...(section.attributes ? { attributes: normalizeAttributes(section.attributes) } : {}),
  };
}

function normalizeAttributes(attributes: OrderAttributes): OrderAttributes {
  return {
    tags: [...attributes.tags],
    lineItems: attributes.lineItems.map((item) => ({
      vendor: item.vendor ?? null,
      sku: item.sku ?? null,
      title: item.title ?? null,
    })),
    shippingMethods: [...attributes.shippingMethods],
    country: attributes.country ?? null,
    salesChannel: attributes.salesChannel ?? null,
  };
}

/** Line items summed per gid and sorted, only when the source listed them. */
function lineItemsOf(items: LineItemQuantity[] | undefined): { lineItems?: LineItemQuantity[] } {
  if (!items) return {};
  const byGidMap = new Map<string, number>();
  for (const item of items) byGidMap.set(item.gid, (byGidMap.get(item.gid) ?? 0) + item.quantity);
  return {
    lineItems: [...byGidMap].map(([gid, quantity]) => ({ gid, quantity })).sort(byGid),
  };
}

function normalizeFulfillmentSection(section: FulfillmentSection): FulfillmentSection {
  return {
    gid: section.gid,
    at: section.at,
    status: section.status ?? null,
    shipmentStatus: section.shipmentStatus ?? null,
    trackingCompany: section.trackingCompany ?? null,
    trackingNumbers: [...(section.trackingNumbers ?? [])],
    trackingUrls: [...(section.trackingUrls ?? [])],
    estimatedDeliveryAt: section.estimatedDeliveryAt ?? null,
    ...lineItemsOf(section.lineItems),
  };
}

function normalizeEvent(event: FulfillmentEventFact): FulfillmentEventFact {
  return {
    gid: event.gid,
    status: event.status,
    happenedAt: event.happenedAt,
    estimatedDeliveryAt: event.estimatedDeliveryAt ?? null,
    message: event.message ?? null,
  };
}

function normalizeFulfillmentOrder(section: FulfillmentOrderSection): FulfillmentOrderSection {
  return {
    gid: section.gid,
    at: section.at,
    status: section.status,
    // Hold reasons are a set: sort them so two renderings of one hold compare equal.
    holdReasons: [...new Set(section.holdReasons ?? [])].sort(compareText),
    fulfillAt: section.fulfillAt ?? null,
  };
}

function normalizeRefund(section: RefundSection): RefundSection {
  return {
    gid: section.gid,
    at: section.at,
    ...(section.full === undefined ? {} : { full: section.full }),
    ...lineItemsOf(section.lineItems),
  };
}

function normalizeEdit(section: OrderEditSection): OrderEditSection {
  return { gid: section.gid, at: section.at, lineItems: lineItemsOf(section.lineItems).lineItems! };
}

function normalizeReturn(section: ReturnSection): ReturnSection {
  return { gid: section.gid, at: section.at, status: section.status };
}
