// Authentic deliveries Stageline cannot read are never bounced back to Shopify (which would retry
// the same payload, then drop it): answered 200, kept with their error and body, shown in the
// admin, and re-ingested by the replay command once the reader accepts them. Forged ones: 401.
import { RequestType, setUpValidRequest } from "@shopify/shopify-api/test-helpers";
import { describe, expect, it } from "vitest";
import { ORDER_GID, OrderSimulation } from "../fixtures/webhooks/factory";
import { appFetch, builtServer } from "../helpers/app";
import { TEST_API_KEY, TEST_API_SECRET, TEST_APP_URL } from "../helpers/constants";
import { installShop, testDb } from "../helpers/db";
import { deliverAll, orderState, shopifyJson } from "../helpers/deliver";
import { signedWebhook } from "../helpers/signing";

const { replayRejectedDeliveries, runHousekeeping } = await builtServer();

let n = 0;
async function newShop() {
  const store = `rejected-${++n}-${Date.now()}`;
  await installShop(`${store}.myshopify.com`);
  return { store, shop: `${store}.myshopify.com` };
}

/** The Dashboard page as the admin renders it (real embedded authentication). */
async function dashboard(store: string) {
  const request = await setUpValidRequest(
    { type: RequestType.Admin, store, apiKey: TEST_API_KEY, apiSecretKey: TEST_API_SECRET },
    new Request(`${TEST_APP_URL}/app`),
  );
  const response = await appFetch(request);
  expect(response.status).toBe(200);
  // React separates adjacent text nodes with empty comments.
  return (await response.text()).replaceAll("<!-- -->", "");
}

describe("an authentic delivery that cannot be read", () => {
  it("is answered 200, kept with its error, shown in the admin and replayed once readable", async () => {
    const { store, shop } = await newShop();
    const sim = new OrderSimulation().create("paid");
    await deliverAll(shop, sim.deliveries);
    sim.cancel();
    const updated = sim.deliveries.at(-1)!;
    expect(updated.topic).toBe("orders/updated");
    // A field of the wrong type: the reader refuses it.
    const body = { ...(updated.body as Record<string, unknown>), financial_status: 42 };
    const response = await appFetch(
      signedWebhook({
        shop,
        topic: "orders/updated",
        body: shopifyJson(body),
        eventId: "evt-unreadable",
        triggeredAt: updated.triggeredAt,
      }),
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: "rejected" });
    const receipt = await testDb().webhookReceipt.findUnique({
      where: { shop_eventId: { shop, eventId: "evt-unreadable" } },
    });
    expect(receipt?.rejectedError).toMatch(/financial_status/);
    expect(receipt?.rawBody).toContain('"financial_status":42');
    expect((await orderState(shop, ORDER_GID)).stage).toBe("confirmed");

    const page = await dashboard(store);
    expect(page).toContain("Deliveries Stageline could not read");
    expect(page).toContain("1 authentic Shopify update could not be read");
    expect(page).toMatch(
      /orders\/updated \(.*\): .*financial_status: Expected string, received number/,
    );

    // Replayed as is: still refused, still kept.
    const first = await replayRejectedDeliveries();
    expect(first.stillRejected.map((r) => r.eventId)).toContain("evt-unreadable");
    expect((await orderState(shop, ORDER_GID)).stage).toBe("confirmed");

    // A later reader accepts it. (Stand-in for a fixed reader: the stored body is rewritten to a
    // shape this build reads, exactly as a reader fix would accept the original.)
    await testDb().webhookReceipt.update({
      where: { shop_eventId: { shop, eventId: "evt-unreadable" } },
      data: { rawBody: shopifyJson(updated.body) },
    });
    const second = await replayRejectedDeliveries();
    expect(second.stillRejected.map((r) => r.eventId)).not.toContain("evt-unreadable");
    expect(second.replayed).toBeGreaterThanOrEqual(1);
    const { stage } = await orderState(shop, ORDER_GID);
    expect(stage).toBe("cancelled");
    const replayedReceipt = await testDb().webhookReceipt.findUnique({
      where: { shop_eventId: { shop, eventId: "evt-unreadable" } },
    });
    expect(replayedReceipt).toMatchObject({ rejectedError: null, rawBody: null });
    expect(await dashboard(store)).not.toContain("Deliveries Stageline could not read");
    // Shopify's retry of the same event is a duplicate now.
    const again = await appFetch(
      signedWebhook({
        shop,
        topic: "orders/updated",
        body: shopifyJson(updated.body),
        eventId: "evt-unreadable",
      }),
    );
    expect(await again.json()).toEqual({ status: "duplicate" });
  });

  it("a forged one is still 401 and leaves nothing", async () => {
    const { shop } = await newShop();
    const response = await appFetch(
      signedWebhook({
        shop,
        topic: "orders/updated",
        body: JSON.stringify({ financial_status: 42 }),
        secret: "not-the-app-secret",
      }),
    );
    expect(response.status).toBe(401);
    expect(await testDb().webhookReceipt.count({ where: { shop } })).toBe(0);
  });

  it("is kept 7 days, while ordinary receipts go after 48 hours", async () => {
    const { shop } = await newShop();
    const now = new Date("2030-01-10T00:00:00.000Z");
    const daysAgo = (days: number) => new Date(now.getTime() - days * 24 * 60 * 60 * 1000);
    await testDb().webhookReceipt.createMany({
      data: [
        { shop, eventId: "ok-3d", topic: "orders/updated", receivedAt: daysAgo(3) },
        {
          shop,
          eventId: "bad-3d",
          topic: "orders/updated",
          receivedAt: daysAgo(3),
          rejectedError: "x",
          rawBody: "{}",
        },
        {
          shop,
          eventId: "bad-8d",
          topic: "orders/updated",
          receivedAt: daysAgo(8),
          rejectedError: "x",
          rawBody: "{}",
        },
      ],
    });
    await runHousekeeping(now);
    const left = await testDb().webhookReceipt.findMany({ where: { shop } });
    expect(left.map((r) => r.eventId)).toEqual(["bad-3d"]);
  });
});
