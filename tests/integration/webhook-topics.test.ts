// Every subscribed topic (the topic table, which shopify.app.toml is checked against) is
// delivered, signed, to its route with its fixture, and handled: a topic added to the table
// without a route, a fixture or a handler fails here.
import { describe, expect, it } from "vitest";
import { loadWebhookFixture } from "../fixtures/webhooks/factory";
import { builtServer } from "../helpers/app";
import { installShop, testDb } from "../helpers/db";
import { deliver } from "../helpers/deliver";
import { mockShopifyOperation } from "../helpers/shopify-mock";

const { WEBHOOK_SUBSCRIPTIONS } = await builtServer();
let n = 0;

describe("subscribed webhook topics", () => {
  it.each(WEBHOOK_SUBSCRIPTIONS.map((s) => ({ ...s })))(
    "$topic is handled at $uri",
    async ({ topic, kind }) => {
      const shop = `topics-${++n}-${Date.now()}.myshopify.com`;
      await installShop(shop);
      // fulfillment_orders/* name only the fulfillment order: Shopify is asked for its order.
      mockShopifyOperation("FulfillmentOrderOrder", () => ({
        data: { fulfillmentOrder: { id: "x", order: { id: "gid://shopify/Order/1" } } },
      }));
      const response = await deliver(shop, {
        topic,
        body: loadWebhookFixture(topic),
        triggeredAt: "2026-03-02T10:00:00.000Z",
      });
      expect(response.status).toBe(200);
      const outcome = (await response.json()) as { status: string; reason?: string };
      expect(outcome.reason ?? "").not.toMatch(/unhandled topic/);
      if (kind === "order") {
        expect(outcome.status).toBe("stored");
        const receipt = await testDb().webhookReceipt.findFirst({ where: { shop, topic } });
        expect(receipt).not.toBeNull();
      }
    },
  );
});
