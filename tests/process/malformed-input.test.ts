// Inputs that once got a 5xx or a wrong answer from the production server (`npm start`):
// non-canonical shop domains on signed webhooks, an untrusted exit-iframe destination, other
// methods on the lookup, unsafe tracking URLs, dates far in the future or not dates at all, and
// numbers outside JSON's grammar.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ORDER_GID, OrderSimulation, orderPayload } from "../fixtures/webhooks/factory";
import { CHROME_UA } from "../helpers/constants";
import { installShop, testDb } from "../helpers/db";
import { orderState, shopifyJson } from "../helpers/deliver";
import { sendTo, startProductionServer, type RunningServer } from "../helpers/server-process";
import { signedProxyRequest, signedWebhook, webhookPath } from "../helpers/signing";

let server: RunningServer;
let n = 0;

beforeAll(async () => {
  server = await startProductionServer();
});

afterAll(async () => {
  await server?.stop();
});

const send = (request: Request) => sendTo(server, request);

async function newShop(label: string) {
  const shop = `${label}-${++n}-${Date.now()}.myshopify.com`;
  await installShop(shop);
  return shop;
}

function order(shop: string, topic: string, body: object | string) {
  return send(
    signedWebhook({ shop, topic, body: typeof body === "string" ? body : shopifyJson(body) }),
  );
}

describe("signed webhooks with a non-canonical X-Shopify-Shop-Domain", () => {
  const topics = [
    "orders/create",
    "customers/redact",
    "app/uninstalled",
    "app/scopes_update",
    "bulk_operations/finish",
  ];
  const variants: [string, (shop: string) => (headers: Headers) => void][] = [
    ["upper case", (shop) => (h) => h.set("x-shopify-shop-domain", shop.toUpperCase())],
    ["a trailing dot", (shop) => (h) => h.set("x-shopify-shop-domain", `${shop}.`)],
    ["the header sent twice", (shop) => (h) => h.append("x-shopify-shop-domain", shop)],
  ];

  it.each(topics)("%s: answers 400 to each and stores nothing", async (topic) => {
    const shop = await newShop("canonical");
    for (const [label, edit] of variants) {
      const request = signedWebhook({ shop, topic, body: shopifyJson(orderPayload()) });
      edit(shop)(request.headers);
      const response = await send(request);
      expect(response.status, `${topic} with ${label} (${webhookPath(topic)})`).toBe(400);
    }
    expect(await testDb().webhookReceipt.count({ where: { shop } })).toBe(0);
    expect(await testDb().session.count({ where: { shop } })).toBe(1);
    expect(server.output()).not.toMatch(/InvalidShopError/);
  });
});

describe("the admin auth routes", () => {
  it("answers 400 to an exit-iframe request to an untrusted destination", async () => {
    const response = await fetch(
      `${server.url}/auth/exit-iframe?shop=canonical.myshopify.com&host=YWRtaW4uc2hvcGlmeS5jb20vc3RvcmUvY2Fub25pY2Fs&exitIframe=https://evil.test`,
      { headers: { "user-agent": CHROME_UA }, redirect: "manual" },
    );
    expect(response.status).toBe(400);
  });
});

describe("the storefront lookup", () => {
  let shop: string;
  beforeAll(async () => {
    shop = await newShop("lookup-input");
    const sim = new OrderSimulation().create("paid").fulfill([0, 1, 2, 3, 4]);
    for (const delivery of sim.deliveries) {
      const body = delivery.body as Record<string, unknown>;
      // A tracking link that would run script if a page put it in an href.
      if (delivery.topic === "fulfillments/create") {
        Object.assign(body, { tracking_url: "javascript:alert(1)", tracking_urls: [] });
      }
      if (Array.isArray(body.fulfillments)) {
        for (const f of body.fulfillments as Record<string, unknown>[]) {
          Object.assign(f, { tracking_url: "javascript:alert(1)", tracking_urls: [] });
        }
      }
      const response = await send(
        signedWebhook({
          shop,
          topic: delivery.topic,
          body: shopifyJson(body),
          triggeredAt: delivery.triggeredAt,
        }),
      );
      expect(response.status).toBe(200);
    }
  });

  function lookup(method: string) {
    return send(
      signedProxyRequest({
        shop,
        path: "/proxy/lookup",
        method,
        body: JSON.stringify({ order: "#9999", email: "jon@example.com" }),
        headers: { "content-type": "application/json", "user-agent": CHROME_UA },
      }),
    );
  }

  it.each(["PUT", "DELETE", "PATCH"])("answers %s with 405 and Allow: POST", async (method) => {
    const response = await lookup(method);
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("POST");
  });

  it("returns only http(s) tracking URLs", async () => {
    const response = await lookup("POST");
    expect(response.status).toBe(200);
    const { order: view } = (await response.json()) as {
      order: { shipments: { trackingUrl: string | null; trackingNumber: string | null }[] };
    };
    expect(view.shipments.length).toBeGreaterThan(0);
    for (const shipment of view.shipments) {
      expect(shipment.trackingNumber).toBeTruthy();
      expect(shipment.trackingUrl).toBeNull();
    }
  });
});

describe("source times and numbers", () => {
  it("does not let a delivery dated 2099 freeze the order", async () => {
    const shop = await newShop("future");
    const now = Date.now();
    const future = orderPayload({
      financial_status: "pending",
      created_at: new Date(now - 60_000).toISOString(),
      updated_at: "2099-01-01T00:00:00Z",
    });
    expect((await order(shop, "orders/create", future)).status).toBe(200);
    const paid = orderPayload({
      financial_status: "paid",
      created_at: new Date(now - 60_000).toISOString(),
      updated_at: new Date(now + 1000).toISOString(),
    });
    const response = await order(shop, "orders/updated", paid);
    expect(await response.json()).toMatchObject({ detail: { stage: "confirmed", changed: true } });
    expect((await orderState(shop, ORDER_GID)).stage).toBe("confirmed");
  });

  // Authentic but unreadable: kept as a rejected receipt, answered 200 (docs/decisions/012).
  it.each(["1", "2026-02-30T10:00:00Z"])(
    "refuses updated_at %j as not a date, storing no order",
    async (updatedAt) => {
      const shop = await newShop("dates");
      const response = await order(
        shop,
        "orders/create",
        orderPayload({ updated_at: updatedAt, created_at: updatedAt }),
      );
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({
        status: "rejected",
        error: expect.stringContaining("not a date"),
      });
      expect(await testDb().order.count({ where: { shop } })).toBe(0);
      const [receipt] = await testDb().webhookReceipt.findMany({ where: { shop } });
      expect(receipt?.rejectedError).toContain("not a date");
    },
  );

  it("keeps a signed body whose id is not a JSON number (00012) as rejected", async () => {
    const shop = await newShop("numbers");
    const text = shopifyJson(orderPayload({ id: "12" })).replace('"id":12,', '"id":00012,');
    expect(text).toContain('"id":00012,');
    const response = await order(shop, "orders/create", text);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: "rejected" });
    expect(await testDb().order.count({ where: { shop } })).toBe(0);
    const [receipt] = await testDb().webhookReceipt.findMany({ where: { shop } });
    expect(receipt?.rawBody).toBe(text);
  });
});
