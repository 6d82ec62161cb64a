// A database that fails mid-delivery: Shopify must get a 5xx (so it retries) and nothing
// half-written; its retry of the same event then stores the delivery once (SPEC §3 step 5).
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { ORDER_GID, OrderSimulation } from "../fixtures/webhooks/factory";
import { allowConsoleErrors } from "../helpers/console";
import { installShop, testDb } from "../helpers/db";
import { deliver, deliverAll, orderState } from "../helpers/deliver";
import {
  expectEndCorrect,
  expectStored,
  inOrderStages,
  interleave,
  isStored,
  retryUntilStored,
  scenarios,
  sendStream,
  type StreamItem,
} from "../helpers/delivery-stream";
import { withPgAdmin } from "../helpers/postgres";
import { waitFor } from "../helpers/wait";

const url = process.env.DATABASE_URL!;

/** Makes the database refuse work until the returned function is called. */
async function breakDatabase(): Promise<() => Promise<void>> {
  if (url.startsWith("file:")) {
    // Another process holds the write lock longer than the app's 5 s busy timeout.
    const blocker = new Database(url.slice(5));
    blocker.exec("BEGIN EXCLUSIVE");
    return async () => {
      blocker.exec("ROLLBACK");
      blocker.close();
    };
  }
  const name = new URL(url).pathname.slice(1);
  await withPgAdmin(async (c) => {
    await c.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
    await c.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
      [name],
    );
  });
  return async () => {
    await withPgAdmin((c) => c.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`));
  };
}

describe("database outage", () => {
  it("answers 5xx while the database fails, then stores Shopify's retry exactly once", async () => {
    const shop = `outage-${Date.now()}.myshopify.com`;
    await installShop(shop);
    const sim = new OrderSimulation().create("paid");
    await deliverAll(shop, sim.deliveries);
    sim.cancel();
    const cancelled = sim.deliveries.at(-1)!;

    allowConsoleErrors(/.*/s);
    const restore = await breakDatabase();
    let failed: Response;
    try {
      failed = await deliver(shop, cancelled, { eventId: "evt-outage" });
    } finally {
      await restore();
    }
    expect(failed.status).toBeGreaterThanOrEqual(500);
    expect((await orderState(shop, ORDER_GID)).stage).toBe("confirmed");
    expect(await testDb().webhookReceipt.count({ where: { shop, eventId: "evt-outage" } })).toBe(0);

    // Shopify retries the same event; the app (and its pool) recovers.
    const retried = await waitFor(async () => {
      const response = await deliver(shop, cancelled, { eventId: "evt-outage" });
      return response.status < 500 ? response : undefined;
    }, "the app to recover from the outage");
    expect(retried.status).toBe(200);
    const again = await deliver(shop, cancelled, { eventId: "evt-outage" });
    expect(await again.json()).toEqual({ status: "duplicate" });
    const state = await orderState(shop, ORDER_GID);
    expect(state.stage).toBe("cancelled");
    expect(state.path).toEqual(["confirmed", "cancelled"]);
  }, 30_000);

  it("mid-stream: deliveries during the outage get 5xx and store nothing; retried, every order ends in its in-order stage", async () => {
    const list = await scenarios("outage-stream");
    const stream = interleave(list);
    const send = (item: StreamItem) => deliver(item.shop, item.delivery, { eventId: item.eventId });
    const before = stream.slice(0, Math.floor(stream.length / 3));
    const during = stream.slice(before.length, before.length + 4);
    const after = stream.slice(before.length + during.length);

    const outcomes = await sendStream(before, send);
    expect(outcomes.every(isStored)).toBe(true);

    allowConsoleErrors(/.*/s);
    const restore = await breakDatabase();
    let refused;
    try {
      refused = await sendStream(during, send);
    } finally {
      await restore();
    }
    expect(refused.map((o) => o.status)).toEqual(during.map(() => expect.any(Number)));
    expect(refused.every((o) => (o.status as number) >= 500)).toBe(true);
    for (const { item } of refused) {
      const receipt = { shop: item.shop, eventId: item.eventId };
      expect(await testDb().webhookReceipt.count({ where: receipt })).toBe(0);
    }

    // The stream goes on; Shopify retries the refused deliveries later.
    outcomes.push(...(await sendStream(after, send)));
    await retryUntilStored(
      [...refused, ...outcomes].filter((o) => !isStored(o)).map((o) => o.item),
      send,
    );
    await expectStored(outcomes);
    await expectEndCorrect(
      list,
      await inOrderStages("outage-stream", (shop, deliveries) => deliverAll(shop, deliveries)),
    );
  }, 45_000);
});
