// Stage write-back over HTTP against the Admin API double: after the stage change is committed,
// a job writes the order's current stage as the app metafield and a `stage:<key>` tag (SPEC §3).
import { describe, expect, it } from "vitest";
import { ORDER_GID, OrderSimulation } from "../fixtures/webhooks/factory";
import { useAdminApiDouble } from "../helpers/admin-api";
import { builtServer } from "../helpers/app";
import { installShop, testDb } from "../helpers/db";
import { deliverAll } from "../helpers/deliver";

const { adminGraphql, writeBackShop } = await builtServer();
const double = useAdminApiDouble();

const waits: number[] = [];
function admin(shop: string) {
  return adminGraphql({
    shop,
    accessToken: `shpat_test_${shop}`,
    apiVersion: "2026-10",
    maxAttempts: 3,
    wait: async (ms) => {
      waits.push(ms);
    },
  });
}

const writeCalls = () =>
  double.calls.filter((c) => /^(OrderTags|OrderStage|StageMetafield)/.test(c.operation)).length;

describe("stage write-back", () => {
  it("is off by default: nothing is written", async () => {
    const shop = `write-back-off-${Date.now()}.myshopify.com`;
    await installShop(shop);
    await deliverAll(shop, new OrderSimulation().create("paid").deliveries);
    const before = writeCalls();
    expect(await writeBackShop(admin(shop), { settleMs: 0 })).toEqual({ status: "off" });
    expect(writeCalls()).toBe(before);
  });

  it("writes the current stage as metafield and tag through THROTTLED and 5xx, without duplicate tags", async () => {
    const shop = `write-back-${Date.now()}.myshopify.com`;
    await installShop(shop);
    const sim = new OrderSimulation().create("paid").fulfill([0, 1, 2, 3, 4]);
    await deliverAll(shop, sim.deliveries);
    await testDb().shop.update({
      where: { shop },
      data: { writeBackMetafield: true, writeBackTag: true },
    });
    await deliverAll(shop, sim.carrierEvent(0, "out_for_delivery").deliveries.slice(-3));

    // Shopify is throttled, then failing: the job gives up for now and retries later.
    double.failNext("THROTTLED", 503, 502);
    const now = new Date();
    const failed = await writeBackShop(admin(shop), { now, settleMs: 0 });
    expect(failed).toMatchObject({ status: "retrying", attempts: 1 });
    if (failed.status !== "retrying") throw new Error("unreachable");
    expect(failed.retryAt.getTime() - now.getTime()).toBe(30_000);
    expect(await testDb().shop.findUniqueOrThrow({ where: { shop } })).toMatchObject({
      writeBackCursor: 0,
      writeBackAttempts: 1,
      writeBackRetryAt: failed.retryAt,
    });

    // The retry meets more trouble, waits it out and completes.
    waits.length = 0;
    double.failNext("THROTTLED", 500);
    const written = await writeBackShop(admin(shop), { settleMs: 0 });
    expect(written).toMatchObject({ status: "written", orders: 1 });
    expect(waits).toHaveLength(2);
    expect(double.tags.get(ORDER_GID)).toEqual(["stage:out_for_delivery"]);
    expect(double.metafields.get(ORDER_GID)?.get("$app:stageline.stage")).toBe("out_for_delivery");
    expect(double.metafieldDefinitions).toHaveLength(1);
    expect(double.metafieldDefinitions[0]).toMatchObject({
      namespace: "$app:stageline",
      key: "stage",
      ownerType: "ORDER",
      capabilities: { adminFilterable: { enabled: true } },
    });

    // Nothing new: nothing written.
    const calls = writeCalls();
    expect(await writeBackShop(admin(shop), { settleMs: 0 })).toMatchObject({ orders: 0 });
    expect(writeCalls()).toBe(calls);

    // The next stage replaces the tag; the definition is not created again.
    await deliverAll(shop, sim.carrierEvent(0, "delivered").deliveries.slice(-3));
    expect(await writeBackShop(admin(shop), { settleMs: 0 })).toMatchObject({ orders: 1 });
    expect(double.tags.get(ORDER_GID)).toEqual(["stage:delivered"]);
    expect(double.metafields.get(ORDER_GID)?.get("$app:stageline.stage")).toBe("delivered");
    // Created once: 3 failed attempts, then 2 more and the one that succeeded.
    expect(double.callsOf("StageMetafieldDefinitionCreate")).toHaveLength(6);
    expect(double.invalidDocuments).toEqual([]);
  });
});
