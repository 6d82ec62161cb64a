import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalizeFacts, emptyFacts, mergeFacts } from "~/domain/facts";
import type {
  FactsPatch,
  FulfillmentEventFact,
  FulfillmentSection,
  OrderFacts,
  OrderSection,
} from "~/domain/facts";
import {
  fulfillment,
  fulfillmentEvent,
  fulfillmentOrder,
  minute,
  orderSection,
  returnSection,
} from "./support/facts-builders";

function section(overrides: Partial<FulfillmentSection> = {}): FulfillmentSection {
  const { events: _events, ...rest } = fulfillment(overrides);
  return rest;
}

function fold(patches: FactsPatch[], start: OrderFacts = emptyFacts()): OrderFacts {
  return patches.reduce((facts, patch) => mergeFacts(facts, patch).facts, start);
}

/** Facts written as a patch, so facts can be merged into facts. */
function asPatch(facts: OrderFacts): FactsPatch {
  return {
    ...(facts.order ? { order: facts.order } : {}),
    fulfillments: facts.fulfillments.map(({ events: _events, ...rest }) => rest),
    fulfillmentEvents: facts.fulfillments.flatMap((f) =>
      f.events.map((event) => ({ fulfillmentGid: f.gid, event })),
    ),
    fulfillmentOrders: facts.fulfillmentOrders,
    refunds: facts.refunds,
    returns: facts.returns,
    ...(facts.edits ? { edits: facts.edits } : {}),
  };
}

describe("mergeFacts", () => {
  it("keeps the newer order section and ignores an older one", () => {
    const newer = orderSection({ at: minute(10), financialStatus: "paid" });
    const older = orderSection({ at: minute(5), financialStatus: "pending" });
    const first = mergeFacts(emptyFacts(), { order: newer });
    expect(first.changed).toBe(true);
    const second = mergeFacts(first.facts, { order: older });
    expect(second.changed).toBe(false);
    expect(second.facts.order).toEqual(newer);
  });

  it("picks the same winner for equal timestamps whatever the delivery order", () => {
    const a = orderSection({ at: minute(5), financialStatus: "paid" });
    const b = orderSection({ at: minute(5), financialStatus: "authorized" });
    const ab = fold([{ order: a }, { order: b }]);
    const ba = fold([{ order: b }, { order: a }]);
    expect(ab).toEqual(ba);
  });

  it("reports no change for a duplicate delivery", () => {
    const patch: FactsPatch = { order: orderSection(), fulfillments: [section()] };
    const once = mergeFacts(emptyFacts(), patch);
    const twice = mergeFacts(once.facts, patch);
    expect(twice).toEqual({ facts: once.facts, changed: false });
  });

  it("keeps an early event on a placeholder that the real fulfillment later replaces", () => {
    const gid = "gid://shopify/Fulfillment/7";
    const event = fulfillmentEvent({ status: "delivered" });
    const early = mergeFacts(emptyFacts(), { fulfillmentEvents: [{ fulfillmentGid: gid, event }] });
    expect(early.facts.fulfillments).toEqual([
      {
        gid,
        at: "",
        status: null,
        shipmentStatus: null,
        trackingCompany: null,
        trackingNumbers: [],
        trackingUrls: [],
        estimatedDeliveryAt: null,
        events: [event],
      },
    ]);
    const later = mergeFacts(early.facts, { fulfillments: [section({ gid, at: minute(1) })] });
    expect(later.facts.fulfillments).toEqual([
      { ...section({ gid, at: minute(1) }), events: [event] },
    ]);
  });

  it("keeps events as a set sorted by time then gid", () => {
    const gid = "gid://shopify/Fulfillment/1";
    const e1 = fulfillmentEvent({ gid: "gid://shopify/FulfillmentEvent/b", happenedAt: minute(3) });
    const e2 = fulfillmentEvent({ gid: "gid://shopify/FulfillmentEvent/a", happenedAt: minute(3) });
    const e3 = fulfillmentEvent({ gid: "gid://shopify/FulfillmentEvent/c", happenedAt: minute(1) });
    const facts = fold([
      { fulfillments: [section({ gid })] },
      { fulfillmentEvents: [e1, e2].map((event) => ({ fulfillmentGid: gid, event })) },
      { fulfillmentEvents: [e3, e1].map((event) => ({ fulfillmentGid: gid, event })) },
    ]);
    expect(facts.fulfillments[0].events.map((e) => e.gid)).toEqual([e3.gid, e2.gid, e1.gid]);
  });

  it("keeps a fulfillment's events when a newer section replaces it", () => {
    const event = fulfillmentEvent();
    const facts = fold([
      { fulfillments: [section({ at: minute(1) })] },
      { fulfillmentEvents: [{ fulfillmentGid: section().gid, event }] },
      { fulfillments: [section({ at: minute(9), shipmentStatus: "in_transit" })] },
    ]);
    expect(facts.fulfillments).toEqual([
      { ...section({ at: minute(9), shipmentStatus: "in_transit" }), events: [event] },
    ]);
  });

  it("sorts every list by gid so equal facts serialize identically", () => {
    const facts = fold([
      { returns: [returnSection({ gid: "gid://shopify/Return/2" })] },
      {
        returns: [returnSection({ gid: "gid://shopify/Return/1" })],
        fulfillmentOrders: [
          fulfillmentOrder({ gid: "gid://shopify/FulfillmentOrder/9" }),
          fulfillmentOrder({ gid: "gid://shopify/FulfillmentOrder/3" }),
        ],
        refunds: [
          { gid: "gid://shopify/Refund/b", at: minute(1) },
          { gid: "gid://shopify/Refund/a", at: minute(1) },
        ],
      },
    ]);
    expect(facts.returns.map((r) => r.gid)).toEqual([
      "gid://shopify/Return/1",
      "gid://shopify/Return/2",
    ]);
    expect(facts.fulfillmentOrders.map((f) => f.gid)).toEqual([
      "gid://shopify/FulfillmentOrder/3",
      "gid://shopify/FulfillmentOrder/9",
    ]);
    expect(facts.refunds.map((r) => r.gid)).toEqual([
      "gid://shopify/Refund/a",
      "gid://shopify/Refund/b",
    ]);
  });

  it("replaces a return only with a newer version", () => {
    const facts = fold([
      { returns: [returnSection({ at: minute(9), status: "closed" })] },
      { returns: [returnSection({ at: minute(3), status: "open" })] },
    ]);
    expect(facts.returns).toEqual([returnSection({ at: minute(9), status: "closed" })]);
  });

  it("canonicalizes stored facts: drops undefined, merges duplicates, sorts lists", () => {
    const stored = {
      ...emptyFacts(),
      refunds: [
        { gid: "gid://shopify/Refund/2", at: minute(1), full: undefined },
        { gid: "gid://shopify/Refund/1", at: minute(1) },
        { gid: "gid://shopify/Refund/1", at: minute(2), full: true },
      ],
      fulfillmentOrders: [
        fulfillmentOrder({ holdReasons: ["other", "awaiting_payment", "other"] }),
      ],
    };
    expect(canonicalizeFacts(stored)).toEqual({
      ...emptyFacts(),
      refunds: [
        { gid: "gid://shopify/Refund/1", at: minute(2), full: true },
        { gid: "gid://shopify/Refund/2", at: minute(1) },
      ],
      fulfillmentOrders: [fulfillmentOrder({ holdReasons: ["awaiting_payment", "other"] })],
    });
    expect(JSON.stringify(canonicalizeFacts(stored))).not.toContain("undefined");
  });
});

// --- Properties -------------------------------------------------------------------------------

const times = fc.constantFrom(minute(1), minute(2), minute(3));
const maybeTime = fc.option(times, { nil: null });
const statusOf = (...values: string[]) => fc.constantFrom(...values);
const gidOf = (type: string) =>
  fc.constantFrom(...[1, 2, 3].map((n) => `gid://shopify/${type}/${n}`));

const lineItemsArb = fc.array(
  fc.record({ gid: gidOf("LineItem"), quantity: fc.integer({ min: -2, max: 3 }) }),
  { maxLength: 3 },
);

const orderArb: fc.Arbitrary<OrderSection> = fc.record(
  {
    at: times,
    financialStatus: fc.option(statusOf("pending", "paid", "refunded", "brand_new"), {
      nil: null,
    }),
    fulfillmentStatus: fc.option(statusOf("partial", "fulfilled"), { nil: null }),
    cancelledAt: maybeTime,
    cancelReason: fc.option(statusOf("customer", "fraud"), { nil: null }),
    closedAt: maybeTime,
    lineItems: lineItemsArb,
  },
  {
    requiredKeys: [
      "at",
      "financialStatus",
      "fulfillmentStatus",
      "cancelledAt",
      "cancelReason",
      "closedAt",
    ],
  },
);

const sectionArb: fc.Arbitrary<FulfillmentSection> = fc.record(
  {
    gid: gidOf("Fulfillment"),
    at: times,
    status: fc.option(statusOf("success", "cancelled"), { nil: null }),
    shipmentStatus: fc.option(statusOf("in_transit", "delivered", "teleported"), { nil: null }),
    trackingCompany: fc.option(statusOf("UPS", "DHL"), { nil: null }),
    trackingNumbers: fc.array(statusOf("A1", "B2"), { maxLength: 2 }),
    trackingUrls: fc.array(statusOf("https://t/1"), { maxLength: 1 }),
    estimatedDeliveryAt: maybeTime,
    lineItems: lineItemsArb,
  },
  {
    requiredKeys: [
      "gid",
      "at",
      "status",
      "shipmentStatus",
      "trackingCompany",
      "trackingNumbers",
      "trackingUrls",
      "estimatedDeliveryAt",
    ],
  },
);

const eventArb: fc.Arbitrary<{ fulfillmentGid: string; event: FulfillmentEventFact }> = fc.record({
  fulfillmentGid: gidOf("Fulfillment"),
  event: fc.record({
    gid: gidOf("FulfillmentEvent"),
    status: statusOf("in_transit", "out_for_delivery", "delivered"),
    happenedAt: times,
    estimatedDeliveryAt: maybeTime,
    message: fc.option(statusOf("hello"), { nil: null }),
  }),
});

const patchArb: fc.Arbitrary<FactsPatch> = fc.record(
  {
    order: orderArb,
    fulfillments: fc.array(sectionArb, { maxLength: 2 }),
    fulfillmentEvents: fc.array(eventArb, { maxLength: 2 }),
    fulfillmentOrders: fc.array(
      fc.record({
        gid: gidOf("FulfillmentOrder"),
        at: times,
        status: statusOf("open", "on_hold"),
        holdReasons: fc.array(statusOf("other", "awaiting_payment"), { maxLength: 2 }),
        fulfillAt: maybeTime,
      }),
      { maxLength: 2 },
    ),
    refunds: fc.array(
      fc.record(
        { gid: gidOf("Refund"), at: times, full: fc.boolean(), lineItems: lineItemsArb },
        { requiredKeys: ["gid", "at"] },
      ),
      { maxLength: 2 },
    ),
    returns: fc.array(
      fc.record({
        gid: gidOf("Return"),
        at: times,
        status: statusOf("requested", "open", "closed"),
      }),
      { maxLength: 2 },
    ),
    edits: fc.array(fc.record({ gid: gidOf("OrderEdit"), at: times, lineItems: lineItemsArb }), {
      maxLength: 2,
    }),
  },
  { requiredKeys: [] },
);

/** A permutation of the patches with some of them delivered again. */
const deliveriesArb = fc.array(patchArb, { minLength: 1, maxLength: 6 }).chain((patches) =>
  fc.record({
    patches: fc.constant(patches),
    shuffled: fc
      .tuple(
        fc.shuffledSubarray(patches, { minLength: patches.length, maxLength: patches.length }),
        fc.array(fc.tuple(fc.constantFrom(...patches), fc.nat()), { maxLength: 4 }),
      )
      .map(([permutation, repeats]) => {
        const sequence = [...permutation];
        for (const [patch, at] of repeats) sequence.splice(at % (sequence.length + 1), 0, patch);
        return sequence;
      }),
  }),
);

describe("mergeFacts properties", () => {
  it("gives the same facts for any delivery order and any duplicates", () => {
    fc.assert(
      fc.property(deliveriesArb, ({ patches, shuffled }) => {
        expect(JSON.stringify(fold(shuffled))).toBe(JSON.stringify(fold(patches)));
      }),
      { numRuns: 300 },
    );
  });

  it("is idempotent: merging a patch again changes nothing", () => {
    fc.assert(
      fc.property(fc.array(patchArb, { maxLength: 4 }), patchArb, (history, patch) => {
        const once = mergeFacts(fold(history), patch);
        const twice = mergeFacts(once.facts, patch);
        expect(twice.changed).toBe(false);
        expect(twice.facts).toEqual(once.facts);
      }),
    );
  });

  it("is commutative and associative over whole facts", () => {
    const factsArb = fc.array(patchArb, { maxLength: 3 }).map((patches) => fold(patches));
    fc.assert(
      fc.property(factsArb, factsArb, factsArb, (a, b, c) => {
        const ab = mergeFacts(a, asPatch(b)).facts;
        expect(ab).toEqual(mergeFacts(b, asPatch(a)).facts);
        const abThenC = mergeFacts(ab, asPatch(c)).facts;
        const bc = mergeFacts(b, asPatch(c)).facts;
        expect(abThenC).toEqual(mergeFacts(a, asPatch(bc)).facts);
      }),
    );
  });

  it("outputs canonical facts (canonicalizing again is a no-op)", () => {
    fc.assert(
      fc.property(fc.array(patchArb, { maxLength: 4 }), (patches) => {
        const facts = fold(patches);
        expect(JSON.stringify(canonicalizeFacts(facts))).toBe(JSON.stringify(facts));
      }),
    );
  });
});
