// When do an order's fulfillments ship all of it? Table tests of fulfillmentsCoverOrder and the
// stage it leads to, on facts built directly (the payload readers are tested on their own).
import { describe, expect, it } from "vitest";
import type { LineItemQuantity, OrderFacts } from "~/domain/facts";
import { computeCandidateStage, fulfillmentsCoverOrder } from "~/domain/stage-engine";
import { factsOf, fulfillment, minute } from "./support/facts-builders";

const A = "gid://shopify/LineItem/1";
const B = "gid://shopify/LineItem/2";
const items = (...pairs: [string, number][]): LineItemQuantity[] =>
  pairs.map(([gid, quantity]) => ({ gid, quantity }));

/** A paid order (section at minute 0, fulfillment status not reported) of 2×A and 1×B. */
function order(parts: Partial<OrderFacts> = {}): OrderFacts {
  return factsOf({ order: { lineItems: items([A, 2], [B, 1]) }, ...parts });
}

const shipped = (
  lineItems: LineItemQuantity[],
  gid = "gid://shopify/Fulfillment/1",
  status = "success",
) => fulfillment({ gid, status, lineItems });

const CASES: { name: string; facts: OrderFacts; covered: boolean; stage: string }[] = [
  { name: "nothing fulfilled", facts: order(), covered: false, stage: "confirmed" },
  {
    name: "every quantity in one fulfillment",
    facts: order({ fulfillments: [shipped(items([A, 2], [B, 1]))] }),
    covered: true,
    stage: "shipped",
  },
  {
    name: "every quantity over two fulfillments",
    facts: order({
      fulfillments: [
        shipped(items([A, 1])),
        shipped(items([A, 1], [B, 1]), "gid://shopify/Fulfillment/2"),
      ],
    }),
    covered: true,
    stage: "shipped",
  },
  {
    name: "one of two A shipped",
    facts: order({ fulfillments: [shipped(items([A, 1], [B, 1]))] }),
    covered: false,
    stage: "partially_shipped",
  },
  {
    name: "the covering fulfillment was cancelled",
    facts: order({ fulfillments: [shipped(items([A, 2], [B, 1]), undefined, "cancelled")] }),
    covered: false,
    stage: "confirmed",
  },
  {
    name: "the order's line items are not known yet (fulfillment came first)",
    facts: factsOf({ order: null, fulfillments: [shipped(items([A, 2], [B, 1]))] }),
    covered: false,
    stage: "partially_shipped",
  },
  {
    name: "a later edit removed the unshipped B",
    facts: order({
      fulfillments: [shipped(items([A, 2]))],
      edits: [{ gid: "gid://shopify/OrderEdit/1", at: minute(3), lineItems: items([B, -1]) }],
    }),
    covered: true,
    stage: "shipped",
  },
  {
    name: "an edit older than the order section is already in its quantities",
    facts: order({
      fulfillments: [shipped(items([A, 1], [B, 1]))],
      edits: [{ gid: "gid://shopify/OrderEdit/1", at: minute(-3), lineItems: items([A, -1]) }],
    }),
    covered: false,
    stage: "partially_shipped",
  },
  {
    name: "a later edit added an item not shipped yet",
    facts: order({
      fulfillments: [shipped(items([A, 2], [B, 1]))],
      edits: [
        {
          gid: "gid://shopify/OrderEdit/1",
          at: minute(3),
          lineItems: items(["gid://shopify/LineItem/3", 1]),
        },
      ],
    }),
    covered: false,
    stage: "partially_shipped",
  },
  {
    name: "a later refund took the unshipped B off",
    facts: order({
      fulfillments: [shipped(items([A, 2]))],
      refunds: [{ gid: "gid://shopify/Refund/1", at: minute(4), lineItems: items([B, 1]) }],
    }),
    covered: true,
    stage: "shipped",
  },
  {
    name: "every item edited out, nothing shipped",
    facts: order({
      edits: [
        { gid: "gid://shopify/OrderEdit/1", at: minute(3), lineItems: items([A, -2], [B, -1]) },
      ],
    }),
    covered: false,
    stage: "confirmed",
  },
];

describe("fulfillment coverage", () => {
  it.each(CASES)("$name → covered: $covered, stage $stage", ({ facts, covered, stage }) => {
    expect(fulfillmentsCoverOrder(facts)).toBe(covered);
    expect(computeCandidateStage(facts).key).toBe(stage);
  });

  it("the order's own fulfillment_status still says fulfilled without line items", () => {
    const facts = factsOf({
      order: { fulfillmentStatus: "fulfilled" },
      fulfillments: [fulfillment()],
    });
    expect(fulfillmentsCoverOrder(facts)).toBe(false);
    expect(computeCandidateStage(facts).key).toBe("shipped");
  });
});
