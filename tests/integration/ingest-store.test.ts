// The ingestion write path (app/models/order-deliveries.server.ts) writes with prepared
// statements, not Prisma: what it writes must read back through Prisma exactly as Prisma's own
// writes do, and concurrent deliveries of one order must apply one after the other (SPEC §3).
import crypto from "node:crypto";
import Database from "better-sqlite3";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { ORDER_GID, ORDER_ID, OrderSimulation, orderPayload } from "../fixtures/webhooks/factory";
import { appFetch } from "../helpers/app";
import { installShop, testDb } from "../helpers/db";
import { deliver, deliverAll, orderState, shopifyJson } from "../helpers/deliver";
import { signedWebhook } from "../helpers/signing";
import { waitFor } from "../helpers/wait";

const url = process.env.DATABASE_URL!;
const onSqlite = url.startsWith("file:");

let n = 0;
async function newShop(label: string) {
  const shop = `${label}-${++n}-${Date.now()}.myshopify.com`;
  await installShop(shop);
  return shop;
}

/** Raw column values as stored, bypassing Prisma (text on SQLite, timestamp text on PostgreSQL). */
async function rawRow(
  table: string,
  columns: string[],
  shop: string,
): Promise<Record<string, unknown>> {
  const list = columns.map((c) => `"${c}"${onSqlite ? "" : "::text"} AS "${c}"`).join(", ");
  if (onSqlite) {
    const db = new Database(url.slice(5), { readonly: true });
    try {
      return db
        .prepare(`SELECT ${list} FROM "${table}" WHERE "shop" = ? LIMIT 1`)
        .get(shop) as Record<string, unknown>;
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT ${list} FROM "${table}" WHERE "shop" = $1 LIMIT 1`,
      [shop],
    );
    return rows[0] as Record<string, unknown>;
  } finally {
    await client.end();
  }
}

function send(
  shop: string,
  topic: string,
  body: object,
  eventId: string = crypto.randomUUID(),
  triggeredAt?: string,
) {
  return appFetch(signedWebhook({ shop, topic, body: shopifyJson(body), eventId, triggeredAt }));
}

describe("what the ingestion path writes", () => {
  it("reads back through Prisma with the same types and instants Prisma would write", async () => {
    const shop = await newShop("roundtrip");
    const before = Date.now();
    const [create] = new OrderSimulation().create("paid").deliveries;
    const response = await deliver(shop, create!, { eventId: "evt-roundtrip" });
    expect(response.status).toBe(200);
    const after = Date.now();

    const { order, timeline } = await orderState(shop, ORDER_GID);
    const body = create!.body as { processed_at: string; updated_at: string; email: string };
    expect(order).toMatchObject({
      shop,
      orderGid: ORDER_GID,
      email: body.email.toLowerCase(),
      financialStatus: "paid",
      stageKey: "confirmed",
      stageSource: "shopify",
      candidateKey: "confirmed",
      version: 0,
      deletedAt: null,
      redactedAt: null,
    });
    expect(order!.placedAt).toEqual(new Date(body.processed_at));
    expect(order!.factsAt).toEqual(new Date(body.updated_at));
    expect(order!.stageEnteredAt).toEqual(new Date(body.updated_at));
    for (const at of [order!.createdAt, order!.updatedAt]) {
      expect(at).toBeInstanceOf(Date);
      expect(at.getTime()).toBeGreaterThanOrEqual(before);
      expect(at.getTime()).toBeLessThanOrEqual(after);
    }
    expect(Array.isArray(JSON.parse(order!.lineItems))).toBe(true);

    expect(timeline).toHaveLength(1);
    expect(timeline[0]).toMatchObject({
      fromKey: null,
      toKey: "confirmed",
      source: "shopify",
      customerNotified: false,
      actor: null,
      note: null,
    });
    expect(timeline[0]!.occurredAt).toEqual(new Date(body.updated_at));
    expect(timeline[0]!.recordedAt.getTime()).toBeGreaterThanOrEqual(before);

    const receipt = await testDb().webhookReceipt.findUnique({
      where: { shop_eventId: { shop, eventId: "evt-roundtrip" } },
    });
    expect(receipt).toMatchObject({ topic: "orders/create" });
    expect(receipt!.triggeredAt).toEqual(new Date(create!.triggeredAt));
    expect(receipt!.receivedAt.getTime()).toBeGreaterThanOrEqual(before);
    expect(receipt!.webhookId).toEqual(expect.any(String));

    // The stored form is Prisma's: ISO text with "+00:00" on SQLite, UTC wall time on PostgreSQL.
    const raw = await rawRow("Order", ["placedAt", "createdAt"], shop);
    if (onSqlite) {
      expect(raw.placedAt).toBe(new Date(body.processed_at).toISOString().replace("Z", "+00:00"));
      expect(raw.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/);
    } else {
      expect(new Date(`${String(raw.placedAt).replace(" ", "T")}Z`)).toEqual(
        new Date(body.processed_at),
      );
    }
  });

  it("updates in place: version and updatedAt move, createdAt and unchanged columns stay", async () => {
    const shop = await newShop("update");
    const sim = new OrderSimulation().create("pending");
    await deliverAll(shop, sim.deliveries);
    const first = (await orderState(shop, ORDER_GID)).order!;
    sim.pay();
    await deliverAll(shop, sim.deliveries.slice(1));
    const { order, path } = await orderState(shop, ORDER_GID);
    expect(path).toEqual(["awaiting_payment", "confirmed"]);
    expect(order!.version).toBeGreaterThan(first.version);
    expect(order!.createdAt).toEqual(first.createdAt);
    expect(order!.updatedAt.getTime()).toBeGreaterThanOrEqual(first.updatedAt.getTime());
    expect(order!.email).toBe(first.email);
    expect(order!.placedAt).toEqual(first.placedAt);
    expect(order!.financialStatus).toBe("paid");
  });

  it("marks an order deleted on orders/delete, once", async () => {
    const shop = await newShop("delete");
    await deliverAll(shop, new OrderSimulation().create("paid").deliveries);
    const first = await send(shop, "orders/delete", { id: ORDER_ID }, "evt-delete");
    expect(await first.json()).toEqual({
      status: "stored",
      detail: { orderGid: ORDER_GID, deleted: true },
    });
    const deletedAt = (await orderState(shop, ORDER_GID)).order!.deletedAt;
    expect(deletedAt).toBeInstanceOf(Date);
    const again = await send(shop, "orders/delete", { id: ORDER_ID }, "evt-delete");
    expect(await again.json()).toEqual({ status: "duplicate" });
    const other = await send(shop, "orders/delete", { id: ORDER_ID });
    expect(await other.json()).toEqual({
      status: "stored",
      detail: { orderGid: ORDER_GID, deleted: false },
    });
    expect((await orderState(shop, ORDER_GID)).order!.deletedAt).toEqual(deletedAt);
  });
});

describe("concurrent deliveries of one order", () => {
  function updated(minute: number, financialStatus: string) {
    const at = new Date(Date.UTC(2026, 2, 2, 9, minute)).toISOString();
    return orderPayload({
      updated_at: at,
      created_at: "2026-03-02T09:00:00.000Z",
      processed_at: "2026-03-02T09:00:00.000Z",
      financial_status: financialStatus,
    });
  }

  it("creates the order once and ends with the newest facts, whatever the interleaving", async () => {
    const shop = await newShop("concurrent");
    const statuses = [
      "pending",
      "paid",
      "pending",
      "paid",
      "pending",
      "paid",
      "pending",
      "paid",
      "pending",
      "refunded",
    ];
    const responses = await Promise.all(
      statuses.map((status, i) => send(shop, "orders/updated", updated(i + 1, status))),
    );
    expect(responses.map((r) => r.status)).toEqual(statuses.map(() => 200));
    const bodies = (await Promise.all(responses.map((r) => r.json()))) as { status: string }[];
    expect(bodies.every((b) => b.status === "stored")).toBe(true);

    const { order, timeline } = await orderState(shop, ORDER_GID);
    expect(await testDb().order.count({ where: { shop } })).toBe(1);
    expect(await testDb().webhookReceipt.count({ where: { shop } })).toBe(statuses.length);
    // The newest snapshot (minute 10, refunded) wins, and factsAt is its time.
    expect(order!.financialStatus).toBe("refunded");
    expect(order!.factsAt).toEqual(new Date(Date.UTC(2026, 2, 2, 9, 10)));
    expect(timeline.filter((e) => e.fromKey === null)).toHaveLength(1);
    // Every stage change continues from the stage before it: no lost update.
    for (let i = 1; i < timeline.length; i++)
      expect(timeline[i]!.fromKey).toBe(timeline[i - 1]!.toKey);
    expect(timeline.at(-1)!.toKey).toBe(order!.stageKey);
  });

  it("answers concurrent duplicates of a new order's first event with one stored and the rest duplicate", async () => {
    const shop = await newShop("concurrent-dup");
    const body = updated(1, "paid");
    const responses = await Promise.all(
      Array.from({ length: 6 }, () => send(shop, "orders/create", body, "evt-first")),
    );
    const outcomes = (await Promise.all(responses.map((r) => r.json()))) as { status: string }[];
    expect(outcomes.filter((o) => o.status === "stored")).toHaveLength(1);
    expect(outcomes.filter((o) => o.status === "duplicate")).toHaveLength(5);
    expect((await orderState(shop, ORDER_GID)).timeline).toHaveLength(1);
  });
});

describe("a new shop's first deliveries", () => {
  it("create the shop's stages once when they all arrive together", async () => {
    const shop = await newShop("first-burst");
    const orders = Array.from({ length: 16 }, (_, i) => String(7_000_000 + i));
    const responses = await Promise.all(
      orders.map((id) =>
        send(shop, "orders/create", orderPayload({ id, financial_status: "paid" })),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(orders.map(() => 200));
    expect(await testDb().stage.count({ where: { shop } })).toBe(19);
    expect(await testDb().order.count({ where: { shop, stageKey: "confirmed" } })).toBe(16);
  });
});

describe("the offline session cache of webhook ingestion", () => {
  it("stops ingesting within seconds when the shop's session disappears behind the app's back", async () => {
    const shop = await newShop("session-gone");
    const [create] = new OrderSimulation().create("paid").deliveries;
    expect(await (await deliver(shop, create!)).json()).toMatchObject({ status: "stored" });
    // Another instance handled app/uninstalled: this process may remember the session for its
    // TTL only.
    await testDb().session.deleteMany({ where: { shop } });
    await testDb().shop.update({ where: { shop }, data: { uninstalledAt: new Date() } });
    // The cache keeps a session for 2 s; waiting up to 5 s bounds "within seconds".
    const outcome = await waitFor(
      async () => {
        const answer = (await (await deliver(shop, create!)).json()) as { status: string };
        return answer.status === "ignored" ? answer : undefined;
      },
      "deliveries to be ignored",
      5000,
    );
    expect(outcome).toEqual({ status: "ignored", reason: "shop_not_installed" });
  });

  it("sees a shop that installed again at once", async () => {
    const shop = `late-install-${Date.now()}.myshopify.com`;
    await testDb().shop.create({ data: { shop, uninstalledAt: new Date() } });
    const [create] = new OrderSimulation().create("paid").deliveries;
    expect(await (await deliver(shop, create!)).json()).toMatchObject({ status: "ignored" });
    await installShop(shop);
    expect(await (await deliver(shop, create!)).json()).toMatchObject({ status: "stored" });
  });
});
