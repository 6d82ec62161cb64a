// A database that fails mid-delivery: Shopify must get a 5xx (so it retries) and nothing
// half-written; its retry of the same event then stores the delivery once (SPEC §3 step 5).
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { ORDER_GID, OrderSimulation } from "../fixtures/webhooks/factory";
import { allowConsoleErrors } from "../helpers/console";
import { installShop, testDb } from "../helpers/db";
import { deliver, deliverAll, orderState } from "../helpers/deliver";
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
});
