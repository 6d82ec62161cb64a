// The shop's own identity: stored from shop/update (signed deliveries), used by stage emails
// (name, Reply-To, dates in the shop's time zone, links on its primary domain).
import { describe, expect, it } from "vitest";
import { ORDER_GID, OrderSimulation } from "../fixtures/webhooks/factory";
import { appFetch, builtServer } from "../helpers/app";
import { installShop, testDb } from "../helpers/db";
import { deliverAll } from "../helpers/deliver";
import { mockShopifyOperation } from "../helpers/shopify-mock";
import { signedProxyRequest, signedWebhook } from "../helpers/signing";
import { useSmtpSink } from "../helpers/smtp-sink";

const { DEFAULT_DISPATCH, dispatchDueEmails } = await builtServer();
const mail = useSmtpSink();

let n = 0;
async function newShop(label: string) {
  const shop = `${label}-${++n}-${Date.now()}.myshopify.com`;
  await installShop(shop);
  mockShopifyOperation("FulfillmentOrderOrder", () => ({
    data: { fulfillmentOrder: { id: "x", order: { id: ORDER_GID } } },
  }));
  return shop;
}

/** The shop resource as the shop/update webhook carries it (REST shape, fields we read). */
function shopPayload(overrides: Record<string, unknown> = {}) {
  return {
    id: 548380009,
    name: "Northwind Goods",
    email: "owner@northwind.example",
    customer_email: "hello@northwind.example",
    domain: "shop.northwind.example",
    myshopify_domain: "northwind.myshopify.com",
    iana_timezone: "America/Los_Angeles",
    currency: "USD",
    primary_locale: "en",
    updated_at: "2026-03-01T10:00:00-05:00",
    ...overrides,
  };
}

function sendShopUpdate(shop: string, body: object) {
  return appFetch(signedWebhook({ shop, topic: "shop/update", body }));
}

describe("shop/update", () => {
  it("stores the shop's identity; an older delivery changes nothing", async () => {
    const shop = await newShop("identity");
    const first = await sendShopUpdate(shop, shopPayload());
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ status: "stored" });
    expect(await testDb().shop.findUnique({ where: { shop } })).toMatchObject({
      name: "Northwind Goods",
      email: "hello@northwind.example",
      accountEmail: "owner@northwind.example",
      ianaTimezone: "America/Los_Angeles",
      primaryDomain: "shop.northwind.example",
      currencyCode: "USD",
      locale: "en",
      identityUpdatedAt: new Date("2026-03-01T15:00:00.000Z"),
    });

    const stale = await sendShopUpdate(
      shop,
      shopPayload({ name: "Old Name", updated_at: "2026-02-01T00:00:00Z" }),
    );
    expect(await stale.json()).toEqual({ status: "ignored", reason: "older_than_stored" });
    const newer = await sendShopUpdate(
      shop,
      shopPayload({ primary_locale: "sv", updated_at: "2026-03-02T00:00:00Z" }),
    );
    expect(await newer.json()).toEqual({ status: "stored" });
    const row = await testDb().shop.findUnique({ where: { shop } });
    expect(row).toMatchObject({ name: "Northwind Goods", locale: "sv" });
  });

  it("sets the order status page's language from the shop's primary locale", async () => {
    const shop = await newShop("identity-locale");
    const english = await (await appFetch(signedProxyRequest({ shop, path: "/proxy" }))).text();
    expect(english).toContain("Track your order");
    const update = await sendShopUpdate(shop, shopPayload({ primary_locale: "sv" }));
    expect(update.status).toBe(200);
    const swedish = await (await appFetch(signedProxyRequest({ shop, path: "/proxy" }))).text();
    expect(swedish).toContain('data-locale="sv"');
    expect(swedish).toContain("Spåra din beställning");
  });

  it("keeps a payload it cannot read as a rejected receipt (200) and changes no identity", async () => {
    const shop = await newShop("identity-bad");
    const response = await sendShopUpdate(shop, shopPayload({ updated_at: "yesterday" }));
    expect(response.status).toBe(200);
    expect(await testDb().shop.findUnique({ where: { shop } })).toBeNull();
    const [receipt] = await testDb().webhookReceipt.findMany({ where: { shop } });
    expect(receipt).toMatchObject({ topic: "shop/update" });
    expect(receipt!.rejectedError).toMatch(/updated_at/);
  });
});

/** The email a shopper gets when the order is out for delivery (at 03:00 UTC on 10 March). */
async function outForDeliveryEmail(shop: string) {
  const sim = new OrderSimulation()
    .create("paid")
    .fulfill([0, 1, 2, 3, 4])
    .carrierEvent(0, "out_for_delivery", "2026-03-10T03:00:00.000Z");
  await deliverAll(shop, sim.deliveries);
  const report = await dispatchDueEmails(mail.mailer, new Date(Date.now() + 121_000), {
    ...DEFAULT_DISPATCH,
    owner: "identity-test",
  });
  expect(report.sent).toBe(1);
  return mail.sink.received[0]!;
}

describe("stage emails", () => {
  it("show the shop's name, reply to its contact email, date in its time zone and link to its domain", async () => {
    const shop = await newShop("identity-mail");
    expect((await sendShopUpdate(shop, shopPayload())).status).toBe(200);
    // 03:00 UTC on 10 March is still 9 March in Los Angeles.
    const email = await outForDeliveryEmail(shop);
    expect(email.replyTo).toBe("hello@northwind.example");
    // The shop's name in front of the operator's sending address (EMAIL_FROM).
    expect(email.from).toBe('"Northwind Goods" <orders@stageline.test>');
    expect(email.html).toContain("Northwind Goods");
    expect(email.text).toContain("Northwind Goods");
    expect(email.text).toContain("Monday, March 9");
    expect(email.text).not.toContain("Tuesday, March 10");
    expect(email.html).toContain("https://shop.northwind.example/apps/order-status");
  });
});

describe("links to the order status page", () => {
  it("follow the proxy path the merchant set, as the storefront's proxied requests show it", async () => {
    const shop = await newShop("identity-proxy");
    expect((await sendShopUpdate(shop, shopPayload())).status).toBe(200);
    // The merchant moved the app proxy to /a/spara; a shopper opens the status page there.
    const page = await appFetch(
      signedProxyRequest({ shop, path: "/proxy", pathPrefix: "/a/spara" }),
    );
    expect(page.status).toBe(200);
    expect(await testDb().shop.findUnique({ where: { shop } })).toMatchObject({
      proxyPathPrefix: "/a/spara",
    });
    // A forged prefix in a signed request is not taken.
    await appFetch(signedProxyRequest({ shop, path: "/proxy", pathPrefix: "/evil/../x" }));
    expect((await testDb().shop.findUnique({ where: { shop } }))!.proxyPathPrefix).toBe("/a/spara");

    const email = await outForDeliveryEmail(shop);
    expect(email.html).toContain("https://shop.northwind.example/a/spara");
    expect(email.html).not.toContain("/apps/order-status");
  });
});
