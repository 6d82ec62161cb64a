// Day-one backfill over HTTP against the Admin API double: a bulk operation's JSONL result is
// streamed and applied through the webhook write path (SPEC §3).
import { describe, expect, it } from "vitest";
import type { SyncWorkOptions } from "~/services/backfill.server";
import { useAdminApiDouble } from "../helpers/admin-api";
import { builtServer } from "../helpers/app";
import { installShop, testDb } from "../helpers/db";
import { deliver } from "../helpers/deliver";
import { corpusLines, corpusOrder } from "../helpers/order-corpus";

const { adminGraphql, advanceBackfill, startBackfill } = await builtServer();
const double = useAdminApiDouble();

let n = 0;
async function newShop(label: string) {
  const shop = `${label}-${++n}-${Date.now()}.myshopify.com`;
  await installShop(shop);
  return shop;
}

const waits: number[] = [];
function admin(shop: string) {
  return adminGraphql({
    shop,
    accessToken: `shpat_test_${shop}`,
    apiVersion: "2026-10",
    wait: async (ms) => {
      waits.push(ms);
    },
  });
}

/** Runs the shop's backfill to its end (the double completes bulk operations at once). */
async function backfill(shop: string, options: Partial<SyncWorkOptions> = {}) {
  const run = await startBackfill(admin(shop));
  expect(run.status).toBe("running");
  return advanceBackfill(admin(shop), run.id, { owner: "test", pollFallbackMs: 0, ...options });
}

async function stagesOf(shop: string) {
  const rows = await testDb().order.findMany({
    where: { shop },
    select: { orderGid: true, stageKey: true },
  });
  return new Map(rows.map((r) => [r.orderGid, r.stageKey]));
}

/** Sends deliveries as signed webhooks, `concurrency` orders at a time (each order in order). */
async function replay(shop: string, orders: ReturnType<typeof corpusOrder>[], concurrency = 16) {
  let next = 0;
  const worker = async () => {
    while (next < orders.length) {
      const order = orders[next++]!;
      for (const delivery of order.deliveries) {
        const response = await deliver(shop, delivery);
        if (!response.ok)
          throw new Error(`${delivery.topic}: ${response.status} ${await response.text()}`);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

describe("backfill", () => {
  it("backfills 10,000 orders from a bulk JSONL to the stages a webhook replay gives, without emails", async () => {
    const count = 10_000;
    const orders = Array.from({ length: count }, (_, i) => corpusOrder(i));
    const backfilled = await newShop("backfill");
    const replayed = await newShop("replay");
    double.bulkResults.set(backfilled, { lines: () => corpusLines(count) });
    double.orders.set(
      replayed,
      orders.map((o) => ({ node: o.node, fulfillmentOrderIds: o.fulfillmentOrderIds })),
    );

    const run = await backfill(backfilled);
    expect(run).toMatchObject({
      status: "finished",
      ordersRead: count,
      ordersApplied: count,
      errors: 0,
    });
    expect(run!.finishedAt).toBeInstanceOf(Date);
    await replay(replayed, orders);

    const fromBackfill = await stagesOf(backfilled);
    const fromWebhooks = await stagesOf(replayed);
    expect(fromBackfill.size).toBe(count);
    expect(fromWebhooks.size).toBe(count);
    const differing = orders.filter((o) => fromBackfill.get(o.gid) !== fromWebhooks.get(o.gid));
    expect(differing.map((o) => [o.gid, fromBackfill.get(o.gid), fromWebhooks.get(o.gid)])).toEqual(
      [],
    );
    for (const o of orders.slice(0, 16)) expect(fromBackfill.get(o.gid)).toBe(o.expectedStage);

    // Stages reached in the past are recorded, not announced.
    expect(await testDb().emailOutbox.count({ where: { shop: backfilled } })).toBe(0);
    expect(await testDb().emailOutbox.count({ where: { shop: replayed } })).toBeGreaterThan(0);
    const sources = await testDb().timelineEvent.groupBy({
      by: ["source"],
      where: { shop: backfilled },
      _count: true,
    });
    expect(sources).toEqual([{ source: "backfill", _count: count }]);
    expect(double.invalidDocuments).toEqual([]);
    expect(double.callsOf("BulkOperationRunQuery")).toHaveLength(1);
  }, 600_000);

  it("keeps facts from a webhook newer than the snapshot, and takes the snapshot over older ones", async () => {
    const shop = await newShop("newer-webhook");
    const paid = corpusOrder(1); // confirmed in the snapshot
    const shipped = corpusOrder(4); // shipped in the snapshot
    double.bulkResults.set(shop, { lines: () => [...paid.jsonl, ...shipped.jsonl] });
    // After the snapshot's updated_at: the order was cancelled.
    const cancelled = structuredClone(paid.deliveries[0]!) as {
      topic: string;
      body: Record<string, unknown>;
      triggeredAt: string;
    };
    const later = new Date(
      Date.parse(cancelled.body.updated_at as string) + 10 * 60_000,
    ).toISOString();
    Object.assign(cancelled.body, {
      updated_at: later,
      cancelled_at: later,
      cancel_reason: "customer",
      financial_status: "refunded",
    });
    cancelled.topic = "orders/cancelled";
    cancelled.triggeredAt = later;
    expect((await deliver(shop, cancelled)).status).toBe(200);
    // Before the snapshot's updated_at: the order was only paid, not yet fulfilled.
    const older = structuredClone(shipped.deliveries[0]!) as typeof cancelled;
    const earlier = new Date(
      Date.parse(older.body.updated_at as string) - 30 * 60_000,
    ).toISOString();
    Object.assign(older.body, { updated_at: earlier, fulfillment_status: null, fulfillments: [] });
    older.triggeredAt = earlier;
    expect((await deliver(shop, older)).status).toBe(200);

    const run = await backfill(shop);
    expect(run).toMatchObject({ status: "finished", ordersApplied: 2 });
    const stages = await stagesOf(shop);
    expect(stages.get(paid.gid)).toBe("cancelled");
    expect(stages.get(shipped.gid)).toBe("shipped");
    const order = await testDb().order.findUniqueOrThrow({
      where: { shop_orderGid: { shop, orderGid: paid.gid } },
    });
    expect(order.cancelledAt?.toISOString()).toBe(later);
  });

  it("resumes after a crash mid-stream and ends with every order once", async () => {
    const shop = await newShop("crash");
    const count = 1_000;
    double.bulkResults.set(shop, { lines: () => corpusLines(count) });
    const run = await startBackfill(admin(shop));
    // The first worker's connection dies in the middle of an order, after 1,700 lines.
    let served = 0;
    const dying: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      const reader = response.body!.getReader();
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          const { done, value } = await reader.read();
          if (done) return controller.close();
          const text = new TextDecoder().decode(value);
          const lines = text.split("\n").length - 1;
          if (served + lines > 1700) {
            const keep =
              text
                .split("\n")
                .slice(0, 1700 - served)
                .join("\n") + "\n";
            controller.enqueue(new TextEncoder().encode(keep));
            served = 1700;
            controller.error(new Error("connection reset"));
            return;
          }
          served += lines;
          controller.enqueue(value);
        },
      });
      return new Response(body, { status: 200 });
    };
    await expect(
      advanceBackfill(admin(shop), run.id, {
        owner: "worker-1",
        pollFallbackMs: 0,
        checkpointEvery: 50,
        fetch: dying,
      }),
    ).rejects.toThrow(/connection reset/);
    const interrupted = await testDb().syncRun.findUniqueOrThrow({ where: { id: run.id } });
    expect(interrupted.status).toBe("applying");
    expect(interrupted.linesDone).toBeGreaterThan(0);
    expect(interrupted.linesDone).toBeLessThan(1700);
    const appliedBefore = await testDb().order.count({ where: { shop } });
    expect(appliedBefore).toBeGreaterThanOrEqual(interrupted.ordersApplied); // some again after it

    const resumed = await advanceBackfill(admin(shop), run.id, {
      owner: "worker-2",
      pollFallbackMs: 0,
    });
    expect(resumed).toMatchObject({
      status: "finished",
      ordersRead: count,
      ordersApplied: count,
      errors: 0,
    });
    expect(await testDb().order.count({ where: { shop } })).toBe(count);
    const perOrder = await testDb().timelineEvent.groupBy({
      by: ["orderGid"],
      where: { shop },
      _count: true,
    });
    expect(perOrder).toHaveLength(count);
    expect(perOrder.every((row) => row._count === 1)).toBe(true);
  });

  it("sees completion by polling when bulk_operations/finish does not come, and reports a refused start", async () => {
    const shop = await newShop("polling");
    double.autoCompleteBulk = false;
    try {
      double.bulkResults.set(shop, { lines: () => corpusLines(20) });
      const run = await startBackfill(admin(shop));
      let now = Date.now();
      const options = { owner: "poller", pollFallbackMs: 30_000, clock: () => new Date(now) };
      // Not due yet: Shopify is not asked.
      expect(await advanceBackfill(admin(shop), run.id, options)).toMatchObject({
        status: "running",
      });
      expect(double.callsOf("BulkOperationStatus").filter((c) => c.shop === shop)).toHaveLength(0);
      now += 31_000;
      expect(await advanceBackfill(admin(shop), run.id, options)).toMatchObject({
        status: "running",
      });
      expect(double.callsOf("BulkOperationStatus").filter((c) => c.shop === shop)).toHaveLength(1);
      // Another backfill while Shopify still runs this one is the same run.
      expect((await startBackfill(admin(shop))).id).toBe(run.id);
      double.completeBulkOperations();
      now += 31_000;
      expect(await advanceBackfill(admin(shop), run.id, options)).toMatchObject({
        status: "finished",
        ordersApplied: 20,
      });
    } finally {
      double.autoCompleteBulk = true;
    }
  });

  it("waits out THROTTLED, 429 and 5xx answers", async () => {
    const shop = await newShop("throttled");
    double.bulkResults.set(shop, { lines: () => corpusLines(3) });
    waits.length = 0;
    double.failNext("THROTTLED", 429, 503);
    const run = await backfill(shop);
    expect(run).toMatchObject({ status: "finished", ordersApplied: 3 });
    expect(waits).toHaveLength(3);
    expect(waits[0]).toBeGreaterThan(1000); // from the cost extension: 240 points at 100/s
    expect(waits[1]).toBe(1000); // Retry-After: 1
  });
});
