// Reconciliation over HTTP against the Admin API double: orders updated since the last run are
// read again (paginated) and a missed webhook heals itself (SPEC §3).
import { describe, expect, it } from "vitest";
import { useAdminApiDouble } from "../helpers/admin-api";
import { builtServer } from "../helpers/app";
import { installShop, testDb } from "../helpers/db";
import { deliver, orderState } from "../helpers/deliver";
import { corpusOrder } from "../helpers/order-corpus";

const { adminGraphql, CORRECTED_FROM_SHOPIFY, reconcileShop } = await builtServer();
const double = useAdminApiDouble();

function admin(shop: string) {
  return adminGraphql({
    shop,
    accessToken: `shpat_test_${shop}`,
    apiVersion: "2026-10",
    wait: async () => {},
  });
}

type Delivery = { topic: string; body: Record<string, unknown>; triggeredAt: string };

describe("reconciliation", () => {
  it("heals an order whose fulfillments/update was never delivered, and counts it", async () => {
    const shop = `reconcile-${Date.now()}.myshopify.com`;
    await installShop(shop);
    const outForDelivery = corpusOrder(6); // the carrier says: out for delivery
    const confirmed = corpusOrder(1);
    // Shopify delivered the order when it was fulfilled, but not the fulfillment's update.
    const fulfilled = structuredClone(outForDelivery.deliveries[0]!) as Delivery;
    const before = new Date(Date.parse(fulfilled.body.updated_at as string) - 20 * 60_000);
    const fulfillment = (fulfilled.body.fulfillments as Record<string, unknown>[])[0]!;
    Object.assign(fulfillment, { shipment_status: null, updated_at: before.toISOString() });
    Object.assign(fulfilled.body, { updated_at: before.toISOString() });
    fulfilled.triggeredAt = before.toISOString();
    expect((await deliver(shop, fulfilled)).status).toBe(200);
    expect((await deliver(shop, confirmed.deliveries[0]!)).status).toBe(200);
    expect((await orderState(shop, outForDelivery.gid)).stage).toBe("shipped");

    // 120 orders updated since the last run: three pages of 50.
    const others = Array.from({ length: 118 }, (_, i) => corpusOrder(1000 + i));
    double.orders.set(
      shop,
      [outForDelivery, confirmed, ...others].map((o) => ({ node: o.node })),
    );
    const run = await reconcileShop(admin(shop), {
      now: new Date("2026-12-01T00:00:00Z"),
      since: new Date("2026-10-31T00:00:00Z"),
    });
    expect(run).toMatchObject({
      status: "finished",
      ordersRead: 120,
      ordersApplied: 120,
      errors: 0,
    });
    // The two known orders: one healed; the 118 unknown ones are new to Stageline (not healed).
    expect(run.ordersHealed).toBe(1 + 118);
    expect(double.callsOf("OrdersUpdatedSince").filter((c) => c.shop === shop)).toHaveLength(3);

    const healed = await orderState(shop, outForDelivery.gid);
    expect(healed.stage).toBe("out_for_delivery");
    expect(healed.timeline.at(-1)).toMatchObject({
      fromKey: "shipped",
      toKey: "out_for_delivery",
      source: "shopify",
      note: CORRECTED_FROM_SHOPIFY,
    });
    const untouched = await orderState(shop, confirmed.gid);
    expect(untouched.path).toEqual(["confirmed"]);
    const stored = await testDb().syncRun.findFirstOrThrow({ where: { shop, kind: "reconcile" } });
    expect(stored).toMatchObject({ status: "finished", ordersHealed: 119, ordersRead: 120 });

    // The next run starts where this one started: nothing new, nothing healed.
    double.orders.set(shop, []);
    const next = await reconcileShop(admin(shop), { now: new Date("2026-12-02T00:00:00Z") });
    expect(next).toMatchObject({ ordersRead: 0, ordersHealed: 0 });
    const query = double.callsOf("OrdersUpdatedSince").at(-1)!.variables.query;
    expect(query).toBe("updated_at:>'2026-12-01T00:00:00.000Z'");
    expect(double.invalidDocuments).toEqual([]);
  });
});
