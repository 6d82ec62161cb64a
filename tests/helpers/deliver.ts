// Sends recorded deliveries (tests/fixtures/webhooks/factory.ts) as signed webhooks.
import crypto from "node:crypto";
import type { Delivery } from "../fixtures/webhooks/factory";
import { appFetch } from "./app";
import { CHROME_UA } from "./constants";
import { testDb } from "./db";
import { signedWebhook } from "./signing";

export { shopifyJson } from "../../scripts/lib/shopify-signing.mjs";
import { shopifyJson } from "../../scripts/lib/shopify-signing.mjs";

export interface DeliverOptions {
  eventId?: string;
  secret?: string;
}

/** The signed request Shopify would send for a recorded delivery. */
export function deliveryRequest(shop: string, delivery: Delivery, options: DeliverOptions = {}) {
  return signedWebhook({
    shop,
    topic: delivery.topic,
    body: shopifyJson(delivery.body),
    triggeredAt: delivery.triggeredAt,
    eventId: options.eventId ?? crypto.randomUUID(),
    secret: options.secret,
  });
}

export async function deliver(shop: string, delivery: Delivery, options: DeliverOptions = {}) {
  return appFetch(deliveryRequest(shop, delivery, options));
}

/** Sends a delivery over HTTP to a running server (`startServer`) instead of in-process. */
export async function deliverOverHttp(
  baseUrl: string,
  shop: string,
  delivery: Delivery,
  options: DeliverOptions & { signal?: AbortSignal } = {},
): Promise<Response> {
  const request = deliveryRequest(shop, delivery, options);
  const { pathname } = new URL(request.url);
  const headers = new Headers(request.headers);
  headers.set("user-agent", CHROME_UA);
  return fetch(new URL(pathname, baseUrl), {
    method: "POST",
    headers,
    body: await request.text(),
    signal: options.signal,
  });
}

/** Delivers each in turn, failing on any non-2xx answer. */
export async function deliverAll(shop: string, deliveries: readonly Delivery[]) {
  for (const delivery of deliveries) {
    const response = await deliver(shop, delivery);
    if (!response.ok) {
      throw new Error(`${delivery.topic} answered ${response.status}: ${await response.text()}`);
    }
  }
}

export async function orderState(shop: string, orderGid: string) {
  const db = testDb();
  const order = await db.order.findUnique({ where: { shop_orderGid: { shop, orderGid } } });
  const timeline = await db.timelineEvent.findMany({
    where: { shop, orderGid },
    orderBy: { id: "asc" },
  });
  return { order, stage: order?.stageKey ?? null, path: timeline.map((e) => e.toKey), timeline };
}
