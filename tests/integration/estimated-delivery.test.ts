// The estimated delivery date of the storefront lookup (SPEC §4, §5) through Shopify's signed
// app proxy: without a carrier estimate it is the expected business days of the order's stage
// and of the stages still ahead, from when the order entered its stage, in the shop's calendar;
// a carrier's estimate, once there is one, wins.
import { describe, expect, it } from "vitest";
import { ORDER_GID, OrderSimulation } from "../fixtures/webhooks/factory";
import { appFetch, builtServer } from "../helpers/app";
import { installShop, testDb } from "../helpers/db";
import { deliverAll } from "../helpers/deliver";
import { mockShopifyOperation } from "../helpers/shopify-mock";
import { signedProxyRequest } from "../helpers/signing";

const { setOrderStages } = await builtServer();

async function estimate(shop: string): Promise<string | null> {
  const response = await appFetch(
    signedProxyRequest({
      shop,
      path: "/proxy/lookup",
      method: "POST",
      body: JSON.stringify({ order: "#9999", email: "jon@example.com" }),
      headers: { "content-type": "application/json" },
    }),
  );
  expect(response.status).toBe(200);
  const { order } = (await response.json()) as { order: { estimatedDelivery: string | null } };
  return order.estimatedDelivery;
}

let n = 0;

describe("estimated delivery date", () => {
  it("follows the stages' expected business days and yields to a carrier estimate", async () => {
    const shop = `eta-${++n}-${Date.now()}.myshopify.com`;
    await installShop(shop);
    mockShopifyOperation("FulfillmentOrderOrder", () => ({
      data: { fulfillmentOrder: { id: "x", order: { id: ORDER_GID } } },
    }));
    const order = new OrderSimulation("2026-03-02T08:00:00.000Z").create("paid");
    await deliverAll(shop, order.deliveries);
    // Processing takes 2 business days and shipping 3; no other stage says how long it takes.
    const db = testDb();
    await db.stage.updateMany({ where: { shop }, data: { expectedBusinessDays: null } });
    await db.stage.update({
      where: { shop_key: { shop, key: "processing" } },
      data: { expectedBusinessDays: 2 },
    });
    await db.stage.update({
      where: { shop_key: { shop, key: "shipped" } },
      data: { expectedBusinessDays: 3 },
    });
    // In "processing" since Monday 2 March, 09:00 UTC (the shop's zone: UTC, Monday–Friday).
    await setOrderStages(shop, [ORDER_GID], {
      stageKey: "processing",
      notify: false,
      actor: null,
      note: null,
      now: new Date("2026-03-02T09:00:00.000Z"),
    });
    // 2 + 3 business days after Monday 09:00: the next Monday, over the weekend.
    expect(await estimate(shop)).toBe("2026-03-09T09:00:00.000Z");

    // The shop also works Saturdays: Saturday.
    await db.shop.update({ where: { shop }, data: { workingDays: "1,2,3,4,5,6" } });
    expect(await estimate(shop)).toBe("2026-03-07T09:00:00.000Z");

    // Shipped on Tuesday (with no carrier estimate): 3 business days from then.
    await db.shop.update({ where: { shop }, data: { workingDays: "1,2,3,4,5" } });
    const shipped = order.deliveries.length;
    await deliverAll(shop, order.fulfill([0, 1, 2, 3, 4]).deliveries.slice(shipped));
    const state = await db.order.findUniqueOrThrow({
      where: { shop_orderGid: { shop, orderGid: ORDER_GID } },
    });
    expect(state.stageKey).toBe("shipped");
    const expected = new Date(state.stageEnteredAt);
    for (let days = 0; days < 3;) {
      expected.setUTCDate(expected.getUTCDate() + 1);
      if (![0, 6].includes(expected.getUTCDay())) days++;
    }
    expect(await estimate(shop)).toBe(expected.toISOString());

    // The carrier's estimate wins.
    const tracked = order.deliveries.length;
    await deliverAll(
      shop,
      order.carrierEvent(0, "in_transit", "2026-03-20T12:00:00.000Z").deliveries.slice(tracked),
    );
    expect(await estimate(shop)).toBe("2026-03-20T12:00:00.000Z");
  });
});
