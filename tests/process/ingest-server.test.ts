// The production server (`node scripts/start.mjs`) serves POST /webhooks/* without Express and
// Remix (scripts/lib/webhook-fast-path.mjs). This proves that path keeps every guarantee of the
// Remix route: signature first, dedupe, stored before 200.
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
import { signedWebhook } from "../helpers/signing";
import { webhookReceivers } from "../../scripts/lib/webhook-fast-path.mjs";

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

/** Sends a signed delivery to the running server (signedWebhook builds it for the test app URL). */
async function post(request: Request): Promise<Response> {
  const url = new URL(request.url);
  return fetch(`${server.url}${url.pathname}${url.search}`, {
    method: request.method,
    headers: request.headers,
    body: await request.text(),
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
  it("routes every webhook route of the build to its direct handler", async () => {
    const build = (await import(
      pathToFileURL(path.join(root, "build/server/index.js")).href
    )) as ServerBuild;
    expect([...webhookReceivers(build).keys()].sort()).toEqual([
      "/webhooks/app/scopes_update",
      "/webhooks/app/uninstalled",
      "/webhooks/bulk_operations/finish",
      "/webhooks/compliance",
      "/webhooks/orders",
    ]);
  });

  it("stores a signed delivery before answering 200, and answers its repeat as a duplicate", async () => {
    const shop = `process-ingest-${Date.now()}.myshopify.com`;
    await installShop(shop);
    const first = await post(delivery(shop, { eventId: "evt-process-1" }));
    expect(first.status).toBe(200);
    expect(first.headers.get("content-type")).toBe("application/json");
    expect(await first.json()).toEqual({
      status: "stored",
      detail: { orderGid: ORDER_GID, stage: "confirmed", changed: true },
    });
    expect(await stored(shop)).toEqual({ orders: 1, receipts: 1, timeline: 1 });
    expect((await orderState(shop, ORDER_GID)).stage).toBe("confirmed");

    const again = await post(delivery(shop, { eventId: "evt-process-1" }));
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ status: "duplicate" });
    expect(await stored(shop)).toEqual({ orders: 1, receipts: 1, timeline: 1 });
  });

  it("rejects a forged delivery with 401 and writes nothing", async () => {
    const shop = `process-forged-${Date.now()}.myshopify.com`;
    await installShop(shop);
    const response = await post(delivery(shop, { secret: "not-the-app-secret" }));
    expect(response.status).toBe(401);
    expect(await response.text()).toBe("");
    expect(await stored(shop)).toEqual({ orders: 0, receipts: 0, timeline: 0 });
  });

  it("answers 400 to a delivery missing Shopify's headers, and 400 to a signed body that is not JSON", async () => {
    const shop = `process-bad-${Date.now()}.myshopify.com`;
    await installShop(shop);
    const request = delivery(shop);
    request.headers.delete("x-shopify-topic");
    expect((await post(request)).status).toBe(400);
    const notJson = signedWebhook({ shop, topic: "orders/updated", body: "{not json" });
    expect((await post(notJson)).status).toBe(400);
    expect(await stored(shop)).toEqual({ orders: 0, receipts: 0, timeline: 0 });
  });

  it("ignores a shop without a session with 200, and leaves other methods to the Remix route", async () => {
    const shop = `process-unknown-${Date.now()}.myshopify.com`;
    const response = await post(delivery(shop));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ignored", reason: "shop_not_installed" });
    const get = await fetch(`${server.url}/webhooks/orders`, {
      headers: { "user-agent": CHROME_UA },
    });
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("POST");
  });
});
