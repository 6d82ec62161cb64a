// Shopify delivers late, twice and out of order; the stage must not care (SPEC §3, §9).
import { describe, expect, it } from "vitest";
import { ORDER_GID, OrderSimulation, type Delivery } from "../fixtures/webhooks/factory";
import { appFetch } from "../helpers/app";
import { installShop, testDb } from "../helpers/db";
import { deliver, deliverAll, orderState, shopifyJson } from "../helpers/deliver";
import { signedWebhook } from "../helpers/signing";

let n = 0;
async function newShop(label: string) {
  const shop = `${label}-${++n}-${Date.now()}.myshopify.com`;
  await installShop(shop);
  return shop;
}

function lifecycle() {
  return new OrderSimulation()
    .create("pending")
    .pay()
    .fulfill([0, 1])
    .fulfill([2, 3, 4])
    .carrierEvent(0, "in_transit")
    .carrierEvent(1, "in_transit")
    .carrierEvent(0, "out_for_delivery")
    .carrierEvent(0, "delivered")
    .carrierEvent(1, "delivered");
}

/** A deterministic shuffle (seeded), so a failure can be reproduced. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let state = seed;
  for (let i = out.length - 1; i > 0; i--) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe("duplicates", () => {
  it("processes the same event five times as one: one timeline event, one receipt", async () => {
    const shop = await newShop("dup");
    const [create] = new OrderSimulation().create("paid").deliveries;
    const answers = [];
    for (let i = 0; i < 5; i++) {
      const response = await deliver(shop, create!, { eventId: "evt-same-1" });
      answers.push([response.status, ((await response.json()) as { status: string }).status]);
    }
    expect(answers).toEqual([[200, "stored"], ...Array(4).fill([200, "duplicate"])]);
    const state = await orderState(shop, ORDER_GID);
    expect(state.timeline).toHaveLength(1);
    expect(await testDb().webhookReceipt.count({ where: { shop } })).toBe(1);
  });

  it("handles concurrent duplicates of one event: exactly one is stored", async () => {
    const shop = await newShop("dup-concurrent");
    const [create] = new OrderSimulation().create("paid").deliveries;
    const responses = await Promise.all(
      Array.from({ length: 5 }, () => deliver(shop, create!, { eventId: "evt-race" })),
    );
    const statuses = await Promise.all(
      responses.map(async (r) => [r.status, ((await r.json()) as { status: string }).status]),
    );
    expect(statuses.filter(([, s]) => s === "stored")).toHaveLength(1);
    expect(statuses.every(([code]) => code === 200)).toBe(true);
    expect((await orderState(shop, ORDER_GID)).timeline).toHaveLength(1);
  });

  it("redelivers the whole lifecycle with new event ids without adding timeline events", async () => {
    const shop = await newShop("replay");
    const sim = lifecycle();
    await deliverAll(shop, sim.deliveries);
    const before = await orderState(shop, ORDER_GID);
    await deliverAll(shop, sim.deliveries);
    const after = await orderState(shop, ORDER_GID);
    expect(after.path).toEqual(before.path);
    expect(after.stage).toBe("delivered");
  });
});

describe("order of delivery", () => {
  it("reaches the in-order stage from shuffled deliveries (several seeds)", async () => {
    const inOrderShop = await newShop("in-order");
    const deliveries = lifecycle().deliveries;
    await deliverAll(inOrderShop, deliveries);
    const expected = (await orderState(inOrderShop, ORDER_GID)).stage;
    expect(expected).toBe("delivered");
    for (const seed of [1, 7, 42, 2026]) {
      const shop = await newShop(`shuffled-${seed}`);
      await deliverAll(shop, shuffled(deliveries, seed));
      expect((await orderState(shop, ORDER_GID)).stage, `seed ${seed}`).toBe(expected);
    }
  });

  it("never lets a stale delivery undo newer facts", async () => {
    const shop = await newShop("stale");
    const sim = new OrderSimulation().create("pending").pay();
    const unpaidSnapshot: Delivery = sim.deliveries[0]!;
    await deliverAll(shop, sim.deliveries);
    expect((await orderState(shop, ORDER_GID)).stage).toBe("confirmed");
    // The orders/create snapshot (pending, older updated_at) arrives again with a new event id.
    await deliverAll(shop, [unpaidSnapshot]);
    const state = await orderState(shop, ORDER_GID);
    expect(state.stage).toBe("confirmed");
    expect(state.order?.financialStatus).toBe("paid");
    expect(state.path).toEqual(["awaiting_payment", "confirmed"]);
  });

  it("keeps delivered when a late in-transit carrier event arrives", async () => {
    const shop = await newShop("late-carrier");
    const sim = new OrderSimulation()
      .create("paid")
      .fulfill([0, 1, 2, 3, 4])
      .carrierEvent(0, "out_for_delivery");
    sim.carrierEvent(0, "in_transit");
    const inTransit = sim.deliveries.slice(-3);
    sim.carrierEvent(0, "delivered");
    const delivered = sim.deliveries.slice(-3);
    await deliverAll(shop, sim.deliveries.slice(0, -6));
    await deliverAll(shop, delivered);
    await deliverAll(shop, inTransit);
    expect((await orderState(shop, ORDER_GID)).stage).toBe("delivered");
  });
});

describe("tenancy", () => {
  it("never lets shop A's deliveries touch shop B's order with the same id", async () => {
    const shopA = await newShop("tenant-a");
    const shopB = await newShop("tenant-b");
    await deliverAll(shopB, new OrderSimulation().create("paid").deliveries);
    const before = await orderState(shopB, ORDER_GID);
    await deliverAll(shopA, new OrderSimulation().create("paid").cancel().deliveries);
    expect((await orderState(shopA, ORDER_GID)).stage).toBe("cancelled");
    const after = await orderState(shopB, ORDER_GID);
    expect(after.stage).toBe("confirmed");
    expect(after.timeline).toEqual(before.timeline);
    expect(after.order?.updatedAt).toEqual(before.order?.updatedAt);
  });

  it("does not treat another shop's event id as a duplicate", async () => {
    const shopA = await newShop("evt-a");
    const shopB = await newShop("evt-b");
    const [create] = new OrderSimulation().create("paid").deliveries;
    await deliver(shopA, create!, { eventId: "shared-event" });
    const response = await deliver(shopB, create!, { eventId: "shared-event" });
    expect(await response.json()).toMatchObject({ status: "stored" });
  });
});

describe("shops and payloads", () => {
  it("stores deliveries for a shop that installed but has not opened the app yet (no session)", async () => {
    const shop = `not-opened-${Date.now()}.myshopify.com`;
    const sim = new OrderSimulation()
      .create("paid")
      .fulfill([0, 1, 2, 3, 4])
      .carrierEvent(0, "out_for_delivery");
    for (const d of sim.deliveries) {
      const response = await deliver(shop, d);
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ status: "stored" });
    }
    expect(await testDb().session.count({ where: { shop } })).toBe(0);
    const order = await testDb().order.findFirstOrThrow({ where: { shop } });
    expect(order.stageKey).toBe("out_for_delivery");
    const timeline = await testDb().timelineEvent.findMany({
      where: { shop },
      orderBy: { id: "asc" },
    });
    const path = timeline.map((e) => e.toKey);
    expect(path[0]).toBe("confirmed");
    expect(path.at(-1)).toBe("out_for_delivery");
    const emails = await testDb().emailOutbox.findMany({ where: { shop } });
    expect(emails.map((e) => [e.stageKey, e.status])).toEqual([["out_for_delivery", "queued"]]);
    expect(await testDb().webhookReceipt.count({ where: { shop } })).toBe(sim.deliveries.length);
  });

  it("ignores deliveries for a shop that uninstalled the app (200, nothing stored)", async () => {
    const shop = `uninstalled-${Date.now()}.myshopify.com`;
    await testDb().shop.create({
      data: { shop, installedAt: new Date(Date.now() - 60_000), uninstalledAt: new Date() },
    });
    const [create] = new OrderSimulation().create("paid").deliveries;
    const response = await deliver(shop, create!);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ignored", reason: "shop_not_installed" });
    expect(await testDb().order.count({ where: { shop } })).toBe(0);
    expect(await testDb().webhookReceipt.count({ where: { shop } })).toBe(0);
  });

  it("creates the default stages lazily on the first delivery", async () => {
    const shop = await newShop("lazy");
    expect(await testDb().stage.count({ where: { shop } })).toBe(0);
    await deliverAll(shop, new OrderSimulation().create("paid").deliveries);
    const stages = await testDb().stage.findMany({ where: { shop }, orderBy: { position: "asc" } });
    expect(stages.map((s) => s.key)).toEqual([
      "placed",
      "awaiting_payment",
      "payment_issue",
      "confirmed",
      "processing",
      "on_hold",
      "partially_shipped",
      "shipped",
      "in_transit",
      "out_for_delivery",
      "ready_for_pickup",
      "delivery_issue",
      "delivered",
      "cancelled",
      "refunded",
      "return_requested",
      "return_in_progress",
      "return_declined",
      "returned",
    ]);
    expect(JSON.parse(stages[9]!.labels)).toMatchObject({ en: "Out for delivery" });
  });

  it("keeps 18-digit ids exact (no floating-point rounding)", async () => {
    const shop = await newShop("bigint");
    const body = shopifyJson({
      ...(new OrderSimulation().create("paid").deliveries[0]!.body as object),
      id: "820982911946154599",
      admin_graphql_api_id: undefined,
    });
    expect(body).toContain('"id":820982911946154599');
    const response = await appFetch(signedWebhook({ shop, topic: "orders/create", body }));
    expect(response.status).toBe(200);
    const orders = await testDb().order.findMany({ where: { shop } });
    expect(orders.map((o) => o.orderGid)).toEqual(["gid://shopify/Order/820982911946154599"]);
  });

  it("answers 200 to a signed payload it cannot read, keeping it as rejected, no order", async () => {
    const shop = await newShop("invalid");
    const response = await appFetch(
      signedWebhook({
        shop,
        topic: "orders/updated",
        body: { id: 5, admin_graphql_api_id: 7, updated_at: "yesterday" },
      }),
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: "rejected" });
    const receipts = await testDb().webhookReceipt.findMany({ where: { shop } });
    expect(receipts).toHaveLength(1);
    expect(receipts[0]!.rejectedError).toMatch(/admin_graphql_api_id|updated_at/);
    expect(await testDb().order.count({ where: { shop } })).toBe(0);
  });

  it("keeps a signed body that is not JSON as rejected (200)", async () => {
    const shop = await newShop("not-json");
    const response = await appFetch(
      signedWebhook({ shop, topic: "orders/updated", body: "{not json" }),
    );
    expect(response.status).toBe(200);
    const [receipt] = await testDb().webhookReceipt.findMany({ where: { shop } });
    expect(receipt).toMatchObject({ rejectedError: "body is not JSON", rawBody: "{not json" });
  });
});
