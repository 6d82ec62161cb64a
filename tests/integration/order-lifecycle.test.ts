// The status core through the real webhook route: signed deliveries → facts → stage → timeline.
import { describe, expect, it } from "vitest";
import {
  HELD_FULFILLMENT_ORDER_GID,
  ORDER_GID,
  OrderSimulation,
} from "../fixtures/webhooks/factory";
import { installShop } from "../helpers/db";
import { allowConsoleErrors } from "../helpers/console";
import { deliver, deliverAll, orderState } from "../helpers/deliver";
import { mockShopifyOperation, shopifyCalls } from "../helpers/shopify-mock";

let shopCounter = 0;
async function newShop() {
  const shop = `lifecycle-${++shopCounter}-${Date.now()}.myshopify.com`;
  await installShop(shop);
  return shop;
}

/** Plays the simulation step by step, asserting the stage after each step. */
async function play(
  shop: string,
  sim: OrderSimulation,
  steps: [string, (s: OrderSimulation) => void, string][],
) {
  for (const [name, step, expected] of steps) {
    const before = sim.deliveries.length;
    step(sim);
    await deliverAll(shop, sim.deliveries.slice(before));
    const { stage } = await orderState(shop, ORDER_GID);
    expect(stage, `after ${name}`).toBe(expected);
  }
  return orderState(shop, ORDER_GID);
}

function mockFulfillmentOrderLookup() {
  mockShopifyOperation("FulfillmentOrderOrder", (variables) => ({
    data: { fulfillmentOrder: { id: variables.id, order: { id: ORDER_GID } } },
  }));
}

describe("order lifecycle through signed webhooks", () => {
  it("follows an order from unpaid to delivered, one timeline event per stage", async () => {
    const shop = await newShop();
    const state = await play(shop, new OrderSimulation(), [
      ["create unpaid", (s) => s.create("pending"), "awaiting_payment"],
      ["pay", (s) => s.pay(), "confirmed"],
      ["partial fulfillment", (s) => s.fulfill([0, 1]), "partially_shipped"],
      ["complete fulfillment", (s) => s.fulfill([2, 3, 4]), "shipped"],
      ["first in transit", (s) => s.carrierEvent(0, "in_transit"), "in_transit"],
      ["second in transit", (s) => s.carrierEvent(1, "in_transit"), "in_transit"],
      [
        "out for delivery",
        (s) => {
          s.carrierEvent(0, "out_for_delivery");
          s.carrierEvent(1, "out_for_delivery");
        },
        "out_for_delivery",
      ],
      ["first delivered", (s) => s.carrierEvent(0, "delivered"), "out_for_delivery"],
      ["all delivered", (s) => s.carrierEvent(1, "delivered"), "delivered"],
    ]);
    expect(state.path).toEqual([
      "awaiting_payment",
      "confirmed",
      "partially_shipped",
      "shipped",
      "in_transit",
      "out_for_delivery",
      "delivered",
    ]);
    const [first, ...rest] = state.timeline;
    expect(first).toMatchObject({ fromKey: null, toKey: "awaiting_payment", source: "shopify" });
    expect(rest.at(-1)).toMatchObject({
      fromKey: "out_for_delivery",
      toKey: "delivered",
      source: "carrier",
    });
    for (let i = 1; i < state.timeline.length; i++) {
      expect(state.timeline[i]!.fromKey).toBe(state.timeline[i - 1]!.toKey);
      expect(state.timeline[i]!.occurredAt.getTime()).toBeGreaterThanOrEqual(
        state.timeline[i - 1]!.occurredAt.getTime(),
      );
      expect(state.timeline[i]!.recordedAt).toBeInstanceOf(Date);
    }
    expect(state.order).toMatchObject({ name: "#9999", nameKey: "9999", email: "jon@example.com" });
  });

  it("cancels an order", async () => {
    const shop = await newShop();
    const state = await play(shop, new OrderSimulation(), [
      ["create paid", (s) => s.create("paid"), "confirmed"],
      ["cancel", (s) => s.cancel(), "cancelled"],
    ]);
    expect(state.path).toEqual(["confirmed", "cancelled"]);
    expect(state.order?.cancelledAt).toBeInstanceOf(Date);
  });

  it("treats a full refund as refunded and a partial refund as no change", async () => {
    const shop = await newShop();
    const state = await play(shop, new OrderSimulation(), [
      ["create paid", (s) => s.create("paid"), "confirmed"],
      ["partial refund", (s) => s.refund(false), "confirmed"],
      ["full refund", (s) => s.refund(true), "refunded"],
    ]);
    expect(state.path).toEqual(["confirmed", "refunded"]);
  });

  it("puts an order on hold and releases it, resolving the fulfillment order through Admin GraphQL once", async () => {
    const shop = await newShop();
    mockFulfillmentOrderLookup();
    const state = await play(shop, new OrderSimulation(), [
      ["create paid", (s) => s.create("paid"), "confirmed"],
      ["hold", (s) => s.hold(), "on_hold"],
      ["release", (s) => s.releaseHold(), "confirmed"],
    ]);
    expect(state.path).toEqual(["confirmed", "on_hold", "confirmed"]);
    const lookups = shopifyCalls.filter((c) => c.operation === "FulfillmentOrderOrder");
    expect(lookups.length).toBeGreaterThanOrEqual(1);
    expect(lookups[0]).toMatchObject({ shop, variables: { id: HELD_FULFILLMENT_ORDER_GID } });
    // The held fulfillment order is remembered: releasing it needed no second lookup for it.
    expect(lookups.filter((c) => c.variables.id === HELD_FULFILLMENT_ORDER_GID)).toHaveLength(1);
  });

  it("walks a return from request through approval to closed", async () => {
    const shop = await newShop();
    const state = await play(shop, new OrderSimulation(), [
      ["create paid", (s) => s.create("paid"), "confirmed"],
      ["fulfill", (s) => s.fulfill([0, 1, 2, 3, 4]), "shipped"],
      ["delivered", (s) => s.carrierEvent(0, "delivered"), "delivered"],
      ["return requested", (s) => s.returnStep("request"), "return_requested"],
      ["return approved", (s) => s.returnStep("approve"), "return_in_progress"],
      ["return closed", (s) => s.returnStep("close"), "returned"],
    ]);
    expect(state.path.slice(-3)).toEqual(["return_requested", "return_in_progress", "returned"]);
  });

  it("declines a return", async () => {
    const shop = await newShop();
    const state = await play(shop, new OrderSimulation(), [
      ["create paid", (s) => s.create("paid"), "confirmed"],
      ["fulfill", (s) => s.fulfill([0, 1, 2, 3, 4]), "shipped"],
      ["return requested", (s) => s.returnStep("request"), "return_requested"],
      ["return declined", (s) => s.returnStep("decline"), "return_declined"],
    ]);
    expect(state.path.slice(-2)).toEqual(["return_requested", "return_declined"]);
  });

  it("answers 5xx and stores nothing when Shopify cannot resolve a fulfillment order", async () => {
    const shop = await newShop();
    mockShopifyOperation("FulfillmentOrderOrder", () => {
      throw new Error("Shopify unavailable");
    });
    const sim = new OrderSimulation().create("paid");
    await deliverAll(shop, sim.deliveries);
    sim.hold();
    allowConsoleErrors(/Shopify unavailable/);
    const response = await deliver(shop, sim.deliveries.at(-1)!);
    expect(response.status).toBeGreaterThanOrEqual(500);
    expect((await orderState(shop, ORDER_GID)).stage).toBe("confirmed");
  });
});
