// SPEC §9: shuffled delivery order (with duplicates) → the same final stage as in-order
// delivery. Lifecycles are played by OrderSimulation from Shopify's example payloads and folded
// by the production fold (foldDelivery), as the ingestion service runs it.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { OrderSimulation } from "../fixtures/webhooks/factory";
import type { Delivery } from "../fixtures/webhooks/factory";
import { DEFAULT_STAGES } from "~/domain/stages";
import { foldDeliveries } from "./support/fold-deliveries";

/** Unpaid → paid → two fulfillments → carrier events for both, ending delivered. */
function shipAndDeliver(sim: OrderSimulation): OrderSimulation {
  return sim
    .create("pending")
    .pay()
    .fulfill([0, 1, 2])
    .edit()
    .fulfill([3, 4])
    .carrierEvent(0, "in_transit", "2026-03-05T17:00:00Z")
    .carrierEvent(1, "in_transit", "2026-03-06T17:00:00Z")
    .carrierEvent(0, "out_for_delivery")
    .carrierEvent(1, "out_for_delivery")
    .carrierEvent(0, "delivered")
    .carrierEvent(1, "delivered");
}

/** Hundreds of folded lifecycles: seconds on a machine busy with the other suites. */
const PROPERTY_TIMEOUT_MS = 60_000;

const EXCEPTION_KEYS: ReadonlySet<string> = new Set(
  DEFAULT_STAGES.filter((s) => s.exception).map((s) => s.key),
);

/** The carrier's journey of the first fulfillment, as fulfillments/update only. */
function fulfillmentOnlyUpdates(sim: OrderSimulation): OrderSimulation {
  return sim
    .shipmentUpdate(0, "in_transit")
    .shipmentUpdate(0, "out_for_delivery")
    .shipmentUpdate(0, "delivered");
}

/** Every line item in one fulfillment, then its journey: no orders/* delivery after create. */
function fulfillmentOnly(sim: OrderSimulation): OrderSimulation {
  return fulfillmentOnlyUpdates(sim.fulfill([0, 1, 2, 3, 4], { orderUpdates: false }));
}

const LIFECYCLES: { name: string; play: () => Delivery[]; path: string[] }[] = [
  {
    name: "paid, shipped in two parts and delivered",
    play: () => shipAndDeliver(new OrderSimulation()).deliveries,
    path: [
      "awaiting_payment",
      "confirmed",
      "partially_shipped",
      "shipped",
      "in_transit",
      "out_for_delivery",
      "delivered",
    ],
  },
  {
    name: "cancelled after payment",
    play: () => new OrderSimulation().create("pending").pay().cancel().deliveries,
    path: ["awaiting_payment", "confirmed", "cancelled"],
  },
  {
    name: "cancelled before payment (authorization voided)",
    play: () => new OrderSimulation().create("authorized").cancel().deliveries,
    path: ["confirmed", "cancelled"],
  },
  {
    name: "refunded in full while in transit",
    play: () =>
      new OrderSimulation()
        .create("pending")
        .pay()
        .fulfill([0, 1, 2, 3, 4])
        .carrierEvent(0, "in_transit")
        .refund(true).deliveries,
    // fulfillments/create covers every line item: shipped before orders/fulfilled arrives.
    path: ["awaiting_payment", "confirmed", "shipped", "in_transit", "refunded"],
  },
  {
    name: "fulfillment-only: shipped and delivered without any orders/updated",
    play: () => fulfillmentOnly(new OrderSimulation().create("paid")).deliveries,
    path: ["confirmed", "shipped", "in_transit", "out_for_delivery", "delivered"],
  },
  {
    name: "fulfillment-only, with orders/updated first, last and twice",
    play: () => {
      const sim = new OrderSimulation().create("paid").fulfill([0, 1, 2, 3, 4], {
        orderUpdates: false,
      });
      sim.orderUpdated();
      return fulfillmentOnlyUpdates(sim).orderUpdated().orderUpdated().deliveries;
    },
    path: ["confirmed", "shipped", "in_transit", "out_for_delivery", "delivered"],
  },
  {
    name: "1 of 2 line items fulfilled: stays partially shipped through delivery",
    play: () =>
      new OrderSimulation(undefined, 2)
        .create("paid")
        .fulfill([0], { orderUpdates: false })
        .shipmentUpdate(0, "in_transit")
        .shipmentUpdate(0, "out_for_delivery")
        .shipmentUpdate(0, "delivered").deliveries,
    path: ["confirmed", "partially_shipped"],
  },
  {
    name: "an edit removes the unfulfilled item: fully shipped",
    play: () =>
      new OrderSimulation(undefined, 2)
        .create("paid")
        .fulfill([0], { orderUpdates: false })
        .removeUnfulfilled()
        .shipmentUpdate(0, "in_transit")
        .shipmentUpdate(0, "delivered").deliveries,
    path: ["confirmed", "partially_shipped", "shipped", "in_transit", "delivered"],
  },
  {
    name: "held, released, then shipped and delivered",
    play: () =>
      shipAndDeliver(new OrderSimulation().create("pending").pay().hold().releaseHold()).deliveries,
    path: [
      "awaiting_payment",
      "confirmed",
      "on_hold",
      "confirmed",
      "partially_shipped",
      "shipped",
      "in_transit",
      "out_for_delivery",
      "delivered",
    ],
  },
  {
    name: "delivered, then returned (request → approve → close, partial refund)",
    play: () =>
      shipAndDeliver(new OrderSimulation())
        .returnStep("request")
        .returnStep("approve")
        .refund(false)
        .returnStep("close").deliveries,
    path: [
      "awaiting_payment",
      "confirmed",
      "partially_shipped",
      "shipped",
      "in_transit",
      "out_for_delivery",
      "delivered",
      "return_requested",
      "return_in_progress",
      "returned",
    ],
  },
];

/** Any permutation of the deliveries, with some delivered more than once. */
function shuffledWithDuplicates(deliveries: Delivery[]): fc.Arbitrary<Delivery[]> {
  const all = deliveries.length;
  return fc
    .tuple(
      fc.shuffledSubarray(deliveries, { minLength: all, maxLength: all }),
      fc.array(fc.tuple(fc.constantFrom(...deliveries), fc.nat()), { maxLength: 8 }),
    )
    .map(([permutation, repeats]) => {
      const sequence = [...permutation];
      for (const [delivery, at] of repeats) {
        sequence.splice(at % (sequence.length + 1), 0, delivery);
      }
      return sequence;
    });
}

describe.each(LIFECYCLES)("lifecycle: $name", ({ play, path }) => {
  const deliveries = play();
  const inOrder = foldDeliveries(deliveries);

  it("moves through the expected stages when delivered in order", () => {
    expect(inOrder.path).toEqual(path);
    expect(inOrder.stage.key).toBe(path.at(-1));
  });

  it(
    "ends at the same stage and facts for any order and duplicates (property)",
    () => {
      fc.assert(
        fc.property(shuffledWithDuplicates(deliveries), (shuffled) => {
          const folded = foldDeliveries(shuffled);
          expect(folded.stage.key).toBe(inOrder.stage.key);
          expect(JSON.stringify(folded.facts)).toBe(JSON.stringify(inOrder.facts));
        }),
        { numRuns: 200 },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it("ignores a full replay of every delivery", () => {
    const replayed = foldDeliveries([...deliveries, ...deliveries]);
    expect(replayed.stage).toEqual(inOrder.stage);
    expect(replayed.path).toEqual(inOrder.path);
  });
});

// Progress only moves forward: without an exception no stage is entered (or emailed) twice.
const EXCEPTION_FREE = LIFECYCLES.filter(({ path }) =>
  path.every((key) => !EXCEPTION_KEYS.has(key)),
);

describe.each(EXCEPTION_FREE)("lifecycle without exceptions: $name", ({ play }) => {
  const deliveries = play();
  it(
    "enters and emails each stage once, in any order (property)",
    () => {
      fc.assert(
        fc.property(shuffledWithDuplicates(deliveries), (shuffled) => {
          const folded = foldDeliveries(shuffled);
          expect(new Set(folded.path).size).toBe(folded.path.length);
          expect(new Set(folded.emails).size).toBe(folded.emails.length);
        }),
        { numRuns: 100 },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );
});
