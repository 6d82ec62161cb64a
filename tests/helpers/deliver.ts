// Sends recorded deliveries (tests/fixtures/webhooks/factory.ts) as signed webhooks.
import crypto from "node:crypto";
import type { Delivery } from "../fixtures/webhooks/factory";
import { appFetch } from "./app";
import { testDb } from "./db";
import { signedWebhook } from "./signing";

export { shopifyJson } from "../../scripts/lib/shopify-signing.mjs";
import { shopifyJson } from "../../scripts/lib/shopify-signing.mjs";

export interface DeliverOptions {
  eventId?: string;
  secret?: string;
}

export async function deliver(shop: string, delivery: Delivery, options: DeliverOptions = {}) {
  const response = await appFetch(
    signedWebhook({
      shop,
      topic: delivery.topic,
      body: shopifyJson(delivery.body),
      triggeredAt: delivery.triggeredAt,
      eventId: options.eventId ?? crypto.randomUUID(),
      secret: options.secret,
    }),
  );
  return response;
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
