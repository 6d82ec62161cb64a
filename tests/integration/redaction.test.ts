// customers/redact erases who an order is for, for good: a later (newer) orders/updated that
// still carries the customer's email, phone, id and name does not write them back. Signed
// requests to the production server (`npm start`), on SQLite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ORDER_GID, ORDER_ID, orderPayload } from "../fixtures/webhooks/factory";
import { installShop, testDb } from "../helpers/db";
import { shopifyJson } from "../helpers/deliver";
import { sendTo, startProductionServer, type RunningServer } from "../helpers/server-process";
import { signedProxyRequest, signedWebhook } from "../helpers/signing";

let server: RunningServer;

beforeAll(async () => {
  server = await startProductionServer();
});

afterAll(async () => {
  await server?.stop();
});

const CUSTOMER_ID = "115310627314723954";

function identified(updatedAt: string, financialStatus: string) {
  return orderPayload({
    financial_status: financialStatus,
    created_at: "2026-03-02T09:00:00Z",
    updated_at: updatedAt,
    email: "jon@example.com",
    phone: "+46701234567",
    customer: {
      id: CUSTOMER_ID,
      admin_graphql_api_id: `gid://shopify/Customer/${CUSTOMER_ID}`,
      first_name: "Jon",
      phone: "+46701234567",
    },
  });
}

async function post(shop: string, topic: string, body: object) {
  const response = await sendTo(server, signedWebhook({ shop, topic, body: shopifyJson(body) }));
  expect(response.status, `${topic}: ${await response.clone().text()}`).toBe(200);
}

describe("customers/redact, then newer order deliveries", () => {
  it("keeps the order's identity empty and the redaction marker set", async () => {
    const shop = `redact-${Date.now()}.myshopify.com`;
    await installShop(shop);
    await post(shop, "orders/create", identified("2026-03-02T09:00:00Z", "pending"));
    await post(shop, "customers/redact", {
      shop_domain: shop,
      customer: { id: CUSTOMER_ID, email: "jon@example.com", phone: "+46701234567" },
      orders_to_redact: [ORDER_ID],
    });
    // Shopify still has the customer on the order: the next update names them again.
    await post(shop, "orders/updated", identified("2026-03-02T10:00:00Z", "paid"));
    // A stage that emails the customer (Payment issue) is reached after the redaction.
    await post(shop, "orders/updated", identified("2026-03-02T11:00:00Z", "expired"));

    const order = await testDb().order.findUniqueOrThrow({
      where: { shop_orderGid: { shop, orderGid: ORDER_GID } },
    });
    expect(order).toMatchObject({
      email: null,
      phoneDigits: null,
      customerGid: null,
      customerFirstName: null,
      orderStatusUrl: null,
      name: "#9999",
      stageKey: "payment_issue",
    });
    expect(order.redactedAt).toBeInstanceOf(Date);
    // Nothing addressed to the customer was queued after the redaction either.
    const emails = await testDb().emailOutbox.findMany({ where: { shop } });
    expect(emails.filter((e) => e.recipient !== "")).toEqual([]);

    // The storefront cannot find it by the erased email any more.
    const lookup = await sendTo(
      server,
      signedProxyRequest({
        shop,
        path: "/proxy/lookup",
        method: "POST",
        body: JSON.stringify({ order: "#9999", email: "jon@example.com" }),
        headers: { "content-type": "application/json" },
      }),
    );
    expect(lookup.status).toBe(404);
  });
});
