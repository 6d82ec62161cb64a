// The production server (`node scripts/start.mjs`) serves webhook deliveries and storefront
// lookups without Express and Remix (scripts/lib/direct-routes.mjs). This proves that path keeps
// every guarantee of the Remix routes: signature first, dedupe, stored before 200, the exact
// lookup answers.
import crypto from "node:crypto";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ORDER_GID, OrderSimulation } from "../fixtures/webhooks/factory";
import { CHROME_UA, testEnv } from "../helpers/constants";
import { installShop, testDb } from "../helpers/db";
import { orderState, shopifyJson } from "../helpers/deliver";
import { startServer, type RunningServer } from "../helpers/server-process";
import { signedProxyRequest, signedWebhook } from "../helpers/signing";
import { directRoutes } from "../../scripts/lib/direct-routes.mjs";

const root = path.resolve(import.meta.dirname, "../..");
let server: RunningServer;

beforeAll(async () => {
  server = await startServer({
    PATH: process.env.PATH ?? "",
    ...testEnv(process.env.DATABASE_URL!),
    NODE_ENV: "production",
  });
});

afterAll(async () => {
  await server?.stop();
});

/** Sends a signed request (built for the test app URL) to the running server. */
async function send(request: Request): Promise<Response> {
  const url = new URL(request.url);
  return fetch(`${server.url}${url.pathname}${url.search}`, {
    method: request.method,
    headers: request.headers,
    body: request.method === "GET" ? undefined : await request.text(),
  });
}

function delivery(shop: string, options: { eventId?: string; secret?: string } = {}) {
  const [create] = new OrderSimulation().create("paid").deliveries;
  return signedWebhook({
    shop,
    topic: create!.topic,
    body: shopifyJson(create!.body),
    triggeredAt: create!.triggeredAt,
    eventId: options.eventId ?? crypto.randomUUID(),
    secret: options.secret,
  });
}

async function stored(shop: string) {
  return {
    orders: await testDb().order.count({ where: { shop } }),
    receipts: await testDb().webhookReceipt.count({ where: { shop } }),
    timeline: await testDb().timelineEvent.count({ where: { shop } }),
  };
}

describe("webhooks on the production server", () => {
  it("routes every webhook and app-proxy route of the build to its direct handler", async () => {
    const build = (await import(
      pathToFileURL(path.join(root, "build/server/index.js")).href
    )) as ServerBuild;
    expect([...directRoutes(build).keys()].sort()).toEqual([
      "GET /proxy",
      "GET /proxy/orders",
      "POST /proxy/lookup",
      "POST /webhooks/app/scopes_update",
      "POST /webhooks/app/uninstalled",
      "POST /webhooks/bulk_operations/finish",
      "POST /webhooks/compliance",
      "POST /webhooks/orders",
      "POST /webhooks/shop/update",
    ]);
  });

  it("stores a signed delivery before answering 200, and answers its repeat as a duplicate", async () => {
    const shop = `process-ingest-${Date.now()}.myshopify.com`;
    await installShop(shop);
    const first = await send(delivery(shop, { eventId: "evt-process-1" }));
    expect(first.status).toBe(200);
    expect(first.headers.get("content-type")).toBe("application/json");
    expect(await first.json()).toEqual({
      status: "stored",
      detail: { orderGid: ORDER_GID, stage: "confirmed", changed: true },
    });
    expect(await stored(shop)).toEqual({ orders: 1, receipts: 1, timeline: 1 });
    expect((await orderState(shop, ORDER_GID)).stage).toBe("confirmed");

    const again = await send(delivery(shop, { eventId: "evt-process-1" }));
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ status: "duplicate" });
    expect(await stored(shop)).toEqual({ orders: 1, receipts: 1, timeline: 1 });
  });

  it("rejects a forged delivery with 401 and writes nothing", async () => {
    const shop = `process-forged-${Date.now()}.myshopify.com`;
    await installShop(shop);
    const response = await send(delivery(shop, { secret: "not-the-app-secret" }));
    expect(response.status).toBe(401);
    expect(await response.text()).toBe("");
    expect(await stored(shop)).toEqual({ orders: 0, receipts: 0, timeline: 0 });
  });

  it("answers 400 to a delivery missing Shopify's headers, and keeps a signed non-JSON body (200)", async () => {
    const shop = `process-bad-${Date.now()}.myshopify.com`;
    await installShop(shop);
    const request = delivery(shop);
    request.headers.delete("x-shopify-topic");
    expect((await send(request)).status).toBe(400);
    const notJson = signedWebhook({ shop, topic: "orders/updated", body: "{not json" });
    expect((await send(notJson)).status).toBe(200);
    // Kept as a rejected receipt (docs/decisions/012), nothing else.
    expect(await stored(shop)).toEqual({ orders: 0, receipts: 1, timeline: 0 });
  });

  it("ignores a shop that uninstalled with 200, and leaves other methods to the Remix route", async () => {
    const shop = `process-uninstalled-${Date.now()}.myshopify.com`;
    await testDb().shop.create({ data: { shop, uninstalledAt: new Date() } });
    const response = await send(delivery(shop));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ignored", reason: "shop_not_installed" });
    const get = await fetch(`${server.url}/webhooks/orders`, {
      headers: { "user-agent": CHROME_UA },
    });
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("POST");
  });
});

describe("storefront lookups on the production server", () => {
  let shop: string;
  beforeAll(async () => {
    shop = `process-lookup-${Date.now()}.myshopify.com`;
    await installShop(shop);
    expect((await send(delivery(shop))).status).toBe(200);
  });

  function lookup(body: string, options: { path?: string; secret?: string } = {}) {
    return send(
      signedProxyRequest({
        shop,
        path: options.path ?? "/proxy/lookup",
        method: "POST",
        body,
        secret: options.secret,
        headers: { "content-type": "application/json", "user-agent": CHROME_UA },
      }),
    );
  }

  it("answers a signed lookup with the order, also with a trailing slash", async () => {
    for (const path of ["/proxy/lookup", "/proxy/lookup/"]) {
      const response = await lookup(JSON.stringify({ order: "#9999", email: "jon@example.com" }), {
        path,
      });
      expect(response.status).toBe(200);
      expect(response.headers.get("cache-control")).toBe("no-store");
      const { order } = (await response.json()) as { order: { name: string; stage: object } };
      expect(order.name).toBe("#9999");
      expect(order.stage).toMatchObject({ key: "confirmed", label: "Order confirmed" });
    }
  });

  it("answers the one not-found body, 422 for a bad form, 400 for a bad signature", async () => {
    const wrong = await lookup(JSON.stringify({ order: "9999", email: "someone@example.com" }));
    expect(wrong.status).toBe(404);
    expect(await wrong.text()).toBe('{"error":"not_found"}');
    const invalid = await lookup(JSON.stringify({ order: "", email: "jon@example.com" }));
    expect(invalid.status).toBe(422);
    expect(await invalid.json()).toMatchObject({ error: "invalid_input" });
    const forged = await lookup(JSON.stringify({ order: "9999", email: "jon@example.com" }), {
      secret: "not-the-app-secret",
    });
    expect(forged.status).toBe(400);
    expect(await forged.text()).toBe("");
  });

  it("refuses an oversized body with 413 and leaves GET of the lookup to the Remix route", async () => {
    const huge = await lookup(JSON.stringify({ order: "9999", email: "x".repeat(20_000) }));
    expect(huge.status).toBe(413);
    const get = await send(signedProxyRequest({ shop, path: "/proxy/lookup" }));
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("POST");
  });

  it("lists a logged-in customer's orders", async () => {
    const response = await send(
      signedProxyRequest({ shop, path: "/proxy/orders", loggedInCustomerId: "115310627314723954" }),
    );
    expect(response.status).toBe(200);
    const { orders } = (await response.json()) as { orders: { name: string }[] };
    expect(orders.map((o) => o.name)).toEqual(["#9999"]);
  });
});
