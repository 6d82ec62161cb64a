// A stream of signed deliveries for several orders, interleaved as Shopify would send them, for
// tests that break something mid-stream (a killed server, a failing database, several
// instances) and then check that every delivery answered 2xx was stored and the rest, retried,
// end where in-order delivery ends.
import crypto from "node:crypto";
import { expect } from "vitest";
import { ORDER_GID, OrderSimulation, type Delivery } from "../fixtures/webhooks/factory";
import { installShop, testDb } from "./db";
import { orderState } from "./deliver";

/** Order lives whose final stage differs, each played by its own shop (same order id). */
export const ORDER_LIVES: Record<string, () => OrderSimulation> = {
  delivered: () =>
    new OrderSimulation()
      .create("pending")
      .pay()
      .fulfill([0, 1])
      .fulfill([2, 3, 4])
      .carrierEvent(0, "in_transit")
      .carrierEvent(1, "out_for_delivery")
      .carrierEvent(0, "delivered")
      .carrierEvent(1, "delivered"),
  cancelled: () => new OrderSimulation().create("paid").fulfill([0]).cancel(),
  refunded: () => new OrderSimulation().create("pending").pay().refund(true),
  inTransit: () =>
    new OrderSimulation().create("paid").fulfill([0, 1, 2, 3, 4]).carrierEvent(0, "in_transit"),
};

export interface StreamItem {
  shop: string;
  delivery: Delivery;
  /** Fixed per delivery: a retry is the same event, as Shopify's retries are. */
  eventId: string;
}

export interface Scenario {
  shop: string;
  life: string;
  deliveries: Delivery[];
}

/** One installed shop per (life × copies), named after `label`. */
export async function scenarios(label: string, copies = 1): Promise<Scenario[]> {
  const out: Scenario[] = [];
  const stamp = `${Date.now()}-${crypto.randomBytes(2).toString("hex")}`;
  for (let copy = 0; copy < copies; copy++) {
    for (const [life, play] of Object.entries(ORDER_LIVES)) {
      const shop = `${label}-${life.toLowerCase()}-${copy}-${stamp}.myshopify.com`;
      await installShop(shop);
      out.push({ shop, life, deliveries: play().deliveries });
    }
  }
  return out;
}

/** Round-robin over the scenarios: each order's deliveries in order, orders interleaved. */
export function interleave(list: Scenario[]): StreamItem[] {
  const items: StreamItem[] = [];
  const longest = Math.max(...list.map((s) => s.deliveries.length));
  for (let i = 0; i < longest; i++) {
    for (const { shop, deliveries } of list) {
      const delivery = deliveries[i];
      if (delivery) items.push({ shop, delivery, eventId: crypto.randomUUID() });
    }
  }
  return items;
}

export interface Outcome {
  item: StreamItem;
  /** HTTP status, or "error" when the connection failed (refused, reset). */
  status: number | "error";
}

export const isStored = (o: Outcome) => typeof o.status === "number" && o.status < 300;

/**
 * Sends the items with `concurrency` requests in flight; `onAnswer` sees every outcome as it
 * arrives (e.g. to kill the server after n answers). Never throws for a failed request.
 */
export async function sendStream(
  items: readonly StreamItem[],
  send: (item: StreamItem) => Promise<Response>,
  { concurrency = 4, onAnswer }: { concurrency?: number; onAnswer?: (o: Outcome) => void } = {},
): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  let next = 0;
  async function sender() {
    while (next < items.length) {
      const item = items[next++]!;
      let outcome: Outcome;
      try {
        const response = await send(item);
        await response.arrayBuffer();
        outcome = { item, status: response.status };
      } catch {
        outcome = { item, status: "error" };
      }
      outcomes.push(outcome);
      onAnswer?.(outcome);
    }
  }
  await Promise.all(Array.from({ length: concurrency }, sender));
  return outcomes;
}

/** Sends each failed item again, in stream order, until it is stored (bounded attempts). */
export async function retryUntilStored(
  failed: readonly StreamItem[],
  send: (item: StreamItem) => Promise<Response>,
  attempts = 20,
) {
  for (const item of failed) {
    for (let attempt = 1; ; attempt++) {
      const [outcome] = await sendStream([item], send, { concurrency: 1 });
      if (isStored(outcome!)) break;
      if (attempt >= attempts) {
        throw new Error(`${item.delivery.topic} for ${item.shop} answered ${outcome!.status}`);
      }
      // A failure right after an outage ends is a pool reconnecting: try again at once.
    }
  }
}

/** The stage each life ends in when delivered in order, through `deliverInOrder`. */
export async function inOrderStages(
  label: string,
  deliverInOrder: (shop: string, deliveries: Delivery[]) => Promise<void>,
): Promise<Record<string, string | null>> {
  const stages: Record<string, string | null> = {};
  for (const { shop, life, deliveries } of await scenarios(`${label}-ref`)) {
    await deliverInOrder(shop, deliveries);
    stages[life] = (await orderState(shop, ORDER_GID)).stage;
  }
  return stages;
}

/** Every 2xx answer left its receipt and the order's facts; nothing is stored twice. */
export async function expectStored(outcomes: readonly Outcome[]) {
  const db = testDb();
  for (const { item } of outcomes.filter(isStored)) {
    const receipt = await db.webhookReceipt.findUnique({
      where: { shop_eventId: { shop: item.shop, eventId: item.eventId } },
    });
    expect(receipt, `${item.delivery.topic} ${item.eventId} answered 2xx`).not.toBeNull();
    const order = await db.order.findUnique({
      where: { shop_orderGid: { shop: item.shop, orderGid: ORDER_GID } },
    });
    expect(order?.facts, `facts of ${item.shop}`).toBeTruthy();
  }
}

/** After every delivery was stored once: one receipt each, and the in-order final stage. */
export async function expectEndCorrect(list: Scenario[], expected: Record<string, string | null>) {
  const db = testDb();
  for (const { shop, life, deliveries } of list) {
    expect(await db.webhookReceipt.count({ where: { shop } }), `receipts of ${shop}`).toBe(
      deliveries.length,
    );
    const state = await orderState(shop, ORDER_GID);
    expect(state.stage, `${life} (${shop})`).toBe(expected[life]);
    // The stage path never repeats a stage in a row (no event applied twice).
    expect(
      state.path.every((key, i) => key !== state.path[i - 1]),
      state.path.join(","),
    ).toBe(true);
  }
}
