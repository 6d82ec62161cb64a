import { beforeAll, describe, expect, it } from "vitest";
import { appFetch } from "../helpers/app";
import { installShop, testDb } from "../helpers/db";
import { orderPayload } from "../fixtures/webhooks/factory";
import { signedWebhook } from "../helpers/signing";

const shop = "auth-shop.myshopify.com";

beforeAll(async () => {
  await installShop(shop);
});

async function storedState() {
  const db = testDb();
  return {
    orders: await db.order.count({ where: { shop } }),
    receipts: await db.webhookReceipt.count({ where: { shop } }),
    timeline: await db.timelineEvent.count({ where: { shop } }),
  };
}

describe("webhook signatures", () => {
  it("accepts a correctly signed delivery and routes it to the ingestion route", async () => {
    const response = await appFetch(
      signedWebhook({ shop, topic: "orders/create", body: orderPayload({ id: "9001" }) }),
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: "stored" });
    expect((await storedState()).orders).toBe(1);
  });

  const topics = [
    "orders/updated",
    "fulfillments/create",
    "app/uninstalled",
    "app/scopes_update",
    "bulk_operations/finish",
    "shop/update",
    "customers/data_request",
    "customers/redact",
    "shop/redact",
  ];

  it.each(topics)("rejects a forged %s delivery with 401 and writes nothing", async (topic) => {
    const before = await storedState();
    const sessionsBefore = await testDb().session.count({ where: { shop } });
    const response = await appFetch(
      signedWebhook({
        shop,
        topic,
        body: orderPayload({ id: "9002" }),
        secret: "not-the-app-secret",
      }),
    );
    expect(response.status).toBe(401);
    expect(await storedState()).toEqual(before);
    expect(await testDb().session.count({ where: { shop } })).toBe(sessionsBefore);
  });

  it("rejects a delivery whose body was altered after signing", async () => {
    const before = await storedState();
    const original = signedWebhook({
      shop,
      topic: "orders/updated",
      body: orderPayload({ id: "9003" }),
    });
    const tampered = new Request(original.url, {
      method: "POST",
      headers: original.headers,
      body: JSON.stringify(orderPayload({ id: "9004" })),
    });
    const response = await appFetch(tampered);
    expect(response.status).toBe(401);
    expect(await storedState()).toEqual(before);
  });

  it("rejects a delivery without an HMAC header", async () => {
    const request = signedWebhook({
      shop,
      topic: "orders/updated",
      body: orderPayload({ id: "9005" }),
    });
    request.headers.delete("x-shopify-hmac-sha256");
    const response = await appFetch(request);
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
  });

  it("answers 405 to a GET on a webhook route", async () => {
    const response = await appFetch("/webhooks/orders");
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("POST");
  });
});
