// app/uninstalled, app/scopes_update, bulk_operations/finish and the compliance topics.
import { describe, expect, it } from "vitest";
import { ORDER_GID, OrderSimulation, loadWebhookFixture } from "../fixtures/webhooks/factory";
import { appFetch, builtServer } from "../helpers/app";
import { installShop, testDb } from "../helpers/db";
import { deliverAll, orderState, shopifyJson } from "../helpers/deliver";
import { signedWebhook } from "../helpers/signing";

const {
  claimDueEmails,
  DEFAULT_DISPATCH,
  dispatchDueEmails,
  enqueueEmail,
  listDataRequests,
  renewLease,
} = await builtServer();

let n = 0;
async function shopWithOrder(label: string) {
  const shop = `${label}-${++n}-${Date.now()}.myshopify.com`;
  await installShop(shop);
  await deliverAll(shop, new OrderSimulation().create("paid").deliveries);
  return shop;
}

function send(shop: string, topic: string, body: object) {
  return appFetch(signedWebhook({ shop, topic, body: shopifyJson(body) }));
}

describe("app/uninstalled", () => {
  it("deletes the shop's sessions, marks it uninstalled and keeps its orders", async () => {
    const shop = await shopWithOrder("uninstall");
    const response = await send(shop, "app/uninstalled", loadWebhookFixture("app/uninstalled"));
    expect(response.status).toBe(200);
    const db = testDb();
    expect(await db.session.count({ where: { shop } })).toBe(0);
    expect((await db.shop.findUnique({ where: { shop } }))?.uninstalledAt).toBeInstanceOf(Date);
    expect((await orderState(shop, ORDER_GID)).stage).toBe("confirmed");
    // Later deliveries are ignored until the shop installs again.
    const late = await appFetch(
      signedWebhook({
        shop,
        topic: "orders/cancelled",
        body: shopifyJson(new OrderSimulation().create("paid").cancel().deliveries.at(-1)!.body),
      }),
    );
    expect(await late.json()).toMatchObject({ status: "ignored" });
    expect((await orderState(shop, ORDER_GID)).stage).toBe("confirmed");
  });

  it("cancels the shop's emails that have not gone out, keeping them in the log", async () => {
    const shop = `uninstall-mail-${++n}-${Date.now()}.myshopify.com`;
    await installShop(shop);
    await deliverAll(shop, new OrderSimulation().create("pending").deliveries); // notifies
    const db = testDb();
    const [queued] = await db.emailOutbox.findMany({ where: { shop } });
    expect(queued).toMatchObject({ stageKey: "awaiting_payment", status: "queued" });
    const later = new Date(Date.now() + 3600_000);
    // One more email already leased by a worker that is about to send it.
    await enqueueEmail(shop, {
      orderGid: "test",
      stageKey: "delivered",
      dedupeKey: `test:${shop}`,
      timelineEventId: null,
      recipient: "shopper@example.com",
      locale: "en",
      dueAt: new Date(),
      isTest: true,
      subject: "Test",
      html: "<p>Test</p>",
      text: "Test",
    });
    const [leased] = (await claimDueEmails("worker-a", new Date(), 60_000, 100)).filter(
      (e) => e.shop === shop,
    );
    expect(leased).toBeDefined();

    const response = await send(shop, "app/uninstalled", loadWebhookFixture("app/uninstalled"));
    expect(response.status).toBe(200);
    const rows = await db.emailOutbox.findMany({ where: { shop }, orderBy: { id: "asc" } });
    expect(rows.map((e) => [e.status, e.lastError, e.leaseOwner])).toEqual([
      ["cancelled", "the app was uninstalled", null],
      ["cancelled", "the app was uninstalled", null],
    ]);
    // The worker that held the lease may not send it, and no later pass picks anything up.
    expect(await renewLease(shop, leased!.id, "worker-a", later)).toBe(false);
    expect(await dispatchDueEmails(null, later, { ...DEFAULT_DISPATCH, owner: "w" })).toMatchObject(
      { claimed: 0 },
    );
    // A reinstall starts clean: nothing cancelled comes back.
    await installShop(shop);
    expect(await dispatchDueEmails(null, later, { ...DEFAULT_DISPATCH, owner: "w" })).toMatchObject(
      { claimed: 0 },
    );
  });
});

describe("app/scopes_update", () => {
  it("records the new scopes on the shop's sessions", async () => {
    const shop = await shopWithOrder("scopes");
    const response = await send(shop, "app/scopes_update", {
      id: 1,
      previous: ["read_orders"],
      current: ["read_orders", "write_orders"],
      updated_at: new Date().toISOString(),
    });
    expect(response.status).toBe(200);
    const session = await testDb().session.findUnique({ where: { id: `offline_${shop}` } });
    expect(session?.scope).toBe("read_orders,write_orders");
  });
});

describe("bulk_operations/finish", () => {
  it("records the finished operation", async () => {
    const shop = await shopWithOrder("bulk");
    const response = await send(
      shop,
      "bulk_operations/finish",
      loadWebhookFixture("bulk_operations/finish"),
    );
    expect(response.status).toBe(200);
    const ops = await testDb().bulkOperation.findMany({ where: { shop } });
    expect(ops).toEqual([
      expect.objectContaining({
        operationGid: "gid://shopify/BulkOperation/147595010",
        status: "COMPLETED",
      }),
    ]);
  });
});

describe("compliance webhooks", () => {
  const customer = (shop: string) => ({
    shop_id: 954889,
    shop_domain: shop,
    customer: { id: "115310627314723950", email: "JON@example.com", phone: "555-625-1199" },
  });

  it("customers/data_request assembles what is stored about the customer", async () => {
    const shop = await shopWithOrder("data-request");
    const response = await send(shop, "customers/data_request", {
      ...customer(shop),
      orders_requested: ["820982911946154508"],
      data_request: { id: 9999 },
    });
    expect(response.status).toBe(200);
    const [request] = await testDb().complianceRequest.findMany({ where: { shop } });
    const report = JSON.parse(request!.result);
    expect(report.orders).toHaveLength(1);
    expect(report.orders[0]).toMatchObject({
      id: ORDER_GID,
      email: "jon@example.com",
      stage: "confirmed",
    });
    expect(report.orders[0].timeline[0]).toMatchObject({ to: "confirmed", source: "shopify" });
  });

  it("keeps a data-request report for the merchant until the customer is redacted", async () => {
    const shop = await shopWithOrder("data-request-kept");
    const other = { id: "4242", email: "someone.else@example.com", phone: null };
    await send(shop, "customers/data_request", {
      ...customer(shop),
      orders_requested: [],
      data_request: { id: 1 },
    });
    await send(shop, "customers/data_request", {
      ...customer(shop),
      customer: other,
      orders_requested: [],
      data_request: { id: 2 },
    });
    const listed = await listDataRequests(shop);
    expect(listed.map((r) => r.customerGid)).toEqual([
      "gid://shopify/Customer/4242",
      "gid://shopify/Customer/115310627314723950",
    ]);
    expect(listed[1]!.report).toMatchObject({ orders: [{ email: "jon@example.com" }] });
    expect(Date.parse(listed[1]!.expiresAt) - Date.parse(listed[1]!.receivedAt)).toBe(
      30 * 24 * 3600 * 1000,
    );

    // The customer is redacted: their report goes, the other customer's stays.
    await send(shop, "customers/redact", { ...customer(shop), orders_to_redact: [] });
    expect((await listDataRequests(shop)).map((r) => r.customerGid)).toEqual([
      "gid://shopify/Customer/4242",
    ]);
    // Matched by email too, when the report's customer had no id.
    await send(shop, "customers/data_request", {
      ...customer(shop),
      customer: { email: "Someone.Else@example.com" },
      orders_requested: [],
      data_request: { id: 3 },
    });
    await send(shop, "customers/redact", {
      ...customer(shop),
      customer: { email: "someone.else@example.com" },
      orders_to_redact: [],
    });
    expect(await listDataRequests(shop)).toEqual([]);
  });

  it("customers/redact erases personal data but keeps the anonymous stage history", async () => {
    const shop = await shopWithOrder("redact");
    const response = await send(shop, "customers/redact", {
      ...customer(shop),
      orders_to_redact: [],
    });
    expect(response.status).toBe(200);
    const { order, timeline } = await orderState(shop, ORDER_GID);
    expect(order).toMatchObject({
      email: null,
      phoneDigits: null,
      customerGid: null,
      customerFirstName: null,
      orderStatusUrl: null,
      stageKey: "confirmed",
    });
    expect(order?.redactedAt).toBeInstanceOf(Date);
    expect(timeline).toHaveLength(1);
  });

  it("customers/redact of one customer leaves other shops and customers alone", async () => {
    const shop = await shopWithOrder("redact-scope");
    const other = await shopWithOrder("redact-other");
    await send(shop, "customers/redact", {
      ...customer(shop),
      customer: { id: 1, email: "someone@else.example", phone: null },
      orders_to_redact: [],
    });
    expect((await orderState(shop, ORDER_GID)).order?.email).toBe("jon@example.com");
    await send(shop, "customers/redact", { ...customer(shop), orders_to_redact: [] });
    expect((await orderState(other, ORDER_GID)).order?.email).toBe("jon@example.com");
  });

  it("shop/redact deletes everything of the shop and nothing of another", async () => {
    const shop = await shopWithOrder("shop-redact");
    const other = await shopWithOrder("shop-keep");
    const response = await send(shop, "shop/redact", { shop_id: 954889, shop_domain: shop });
    expect(response.status).toBe(200);
    const db = testDb();
    for (const model of [
      "order",
      "timelineEvent",
      "stage",
      "webhookReceipt",
      "session",
      "shop",
    ] as const) {
      expect(
        await (db[model] as unknown as { count: (a: object) => Promise<number> }).count({
          where: { shop },
        }),
        model,
      ).toBe(0);
    }
    expect((await orderState(other, ORDER_GID)).stage).toBe("confirmed");
  });

  it("keeps a customers/redact payload without a customer as rejected (200), redacting nothing", async () => {
    const shop = await shopWithOrder("redact-bad");
    const response = await send(shop, "customers/redact", { shop_domain: shop });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: "rejected" });
    expect((await orderState(shop, ORDER_GID)).order?.email).toBe("jon@example.com");
  });
});
