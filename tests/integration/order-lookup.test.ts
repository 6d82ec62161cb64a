// The storefront lookup through Shopify's app proxy (SPEC §5): signed requests, exact JSON,
// identical not-found answers, rate limits, locales and tenant isolation.
import { beforeAll, describe, expect, it } from "vitest";
import { loadWebhookFixture, OrderSimulation } from "../fixtures/webhooks/factory";
import { appFetch, builtServer } from "../helpers/app";
import { installShop, testDb } from "../helpers/db";
import { deliverAll, shopifyJson } from "../helpers/deliver";
import { signedProxyRequest, signedWebhook, type ProxyOptions } from "../helpers/signing";

const { DEFAULT_STAGES, LOOKUP_LIMITS } = await builtServer();

// The customer of Shopify's sample order (its admin_graphql_api_id; the sample's numeric id was
// rounded when the example was generated).
const CUSTOMER_ID = "115310627314723954";
let n = 0;

/** A shop with order #9999 (jon@example.com) fulfilled and in transit with tracking. */
async function shopWithShippedOrder(label: string) {
  const shop = `${label}-${++n}-${Date.now()}.myshopify.com`;
  await installShop(shop);
  const sim = new OrderSimulation()
    .create("paid")
    .fulfill([0, 1, 2, 3, 4])
    .carrierEvent(0, "in_transit", "2026-03-09T12:00:00.000Z");
  await deliverAll(shop, sim.deliveries);
  return shop;
}

function lookup(shop: string, body: unknown, options: Partial<ProxyOptions> = {}) {
  const isString = typeof body === "string";
  return appFetch(
    signedProxyRequest({
      shop,
      path: "/proxy/lookup",
      method: "POST",
      body: isString ? body : JSON.stringify(body),
      ...options,
      headers: {
        "content-type": isString ? "application/x-www-form-urlencoded" : "application/json",
        ...options.headers,
      },
    }),
  );
}

describe("POST /proxy/lookup", () => {
  let shop: string;
  beforeAll(async () => {
    shop = await shopWithShippedOrder("lookup");
  });

  it("returns the order in the exact SPEC shape", async () => {
    const response = await lookup(shop, { order: "#9999", email: "jon@example.com" });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const { order } = (await response.json()) as { order: Record<string, unknown> };
    expect(Object.keys(order).sort()).toEqual([
      "estimatedDelivery",
      "name",
      "placedAt",
      "shipments",
      "stage",
      "timeline",
    ]);
    expect(order.name).toBe("#9999");
    expect(order.placedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(order.stage).toEqual({
      key: "in_transit",
      label: "In transit",
      description: expect.any(String),
    });
    const timeline = order.timeline as {
      key: string;
      label: string;
      at: string | null;
      source: string | null;
      current: boolean;
    }[];
    // fulfillments/create arrives before orders/fulfilled: the "partially shipped" of that same
    // moment is recorded in the order's timeline but not shown to the shopper.
    expect(timeline.filter((e) => e.at !== null).map((e) => e.key)).toEqual([
      "confirmed",
      "shipped",
      "in_transit",
    ]);
    expect(timeline.find((e) => e.current)).toMatchObject({ key: "in_transit", source: "carrier" });
    expect(timeline.filter((e) => e.at === null).map((e) => e.key)).toEqual([
      "out_for_delivery",
      "delivered",
    ]);
    for (const entry of timeline)
      expect(Object.keys(entry).sort()).toEqual(["at", "current", "key", "label", "source"]);
    const shipments = order.shipments as Record<string, unknown>[];
    expect(shipments).toHaveLength(1);
    expect(shipments[0]).toEqual({
      trackingCompany: expect.any(String),
      trackingNumber: "1Z5550001",
      trackingUrl: "https://www.ups.com/track?tracknum=1Z5550001",
      status: "in_transit",
      estimatedDeliveryAt: "2026-03-09T12:00:00.000Z",
    });
    expect(order.estimatedDelivery).toBe("2026-03-09T12:00:00.000Z");
  });

  it.each([["9999"], [" #9999 "], ["#9999"]])(
    "accepts the order number written as %j",
    async (name) => {
      const response = await lookup(shop, { order: name, email: "  JON@Example.COM " });
      expect(response.status).toBe(200);
    },
  );

  it("accepts a form-encoded body", async () => {
    const response = await lookup(shop, "order=%239999&email=jon%40example.com");
    expect(response.status).toBe(200);
  });

  it("matches the phone number on its digits", async () => {
    const phoneShop = `phone-${Date.now()}.myshopify.com`;
    await installShop(phoneShop);
    const sim = new OrderSimulation().create("paid");
    const body = sim.deliveries[0]!.body as Record<string, unknown>;
    body.phone = "+46 70-123 45 67";
    await deliverAll(phoneShop, sim.deliveries);
    for (const phone of ["+46701234567", "070 123 45 67", "0046 70 123 45 67"]) {
      expect((await lookup(phoneShop, { order: "9999", phone })).status, phone).toBe(200);
    }
    expect((await lookup(phoneShop, { order: "9999", phone: "070 999 99 99" })).status).toBe(404);
  });

  it("never returns addresses, phone numbers, prices, notes or internal names", async () => {
    const text = await (await lookup(shop, { order: "9999", email: "jon@example.com" })).text();
    for (const forbidden of [
      "Shipping Street",
      "555-555",
      "404.95",
      "price",
      "address",
      "phone",
      "note",
      "internalName",
      "jon@example.com",
      "John",
    ]) {
      expect(text).not.toContain(forbidden);
    }
  });

  it("answers byte-identical 404s for an unknown order and a wrong email", async () => {
    const unknown = await lookup(shop, { order: "123456", email: "jon@example.com" });
    const wrongEmail = await lookup(shop, { order: "9999", email: "someone@example.com" });
    expect(unknown.status).toBe(404);
    expect(wrongEmail.status).toBe(404);
    const headers = (r: Response) => [...r.headers].filter(([k]) => k !== "date").sort();
    expect(headers(unknown)).toEqual(headers(wrongEmail));
    expect(await unknown.text()).toBe(await wrongEmail.text());
    expect(await (await lookup(shop, { order: "5", email: "x@y.io" })).text()).toBe(
      '{"error":"not_found"}',
    );
  });

  it.each([
    [{ email: "jon@example.com" }, "order"],
    [{ order: "9999" }, "email"],
    [{ order: "9999", email: "not-an-email" }, "email"],
    [{ order: "<script>", email: "jon@example.com" }, "order"],
    [{ order: "9999", phone: "12" }, "phone"],
  ])("answers 422 to %j naming the field", async (body, field) => {
    const response = await lookup(shop, body);
    expect(response.status).toBe(422);
    const json = (await response.json()) as { error: string; fields: Record<string, string> };
    expect(json.error).toBe("invalid_input");
    expect(Object.keys(json.fields)).toContain(field);
  });

  it("answers 422 to a body that is neither JSON nor a form", async () => {
    const response = await lookup(shop, "{broken", {
      headers: { "content-type": "application/json" },
    });
    expect(response.status).toBe(422);
  });

  it("labels stages in Swedish for a Swedish shopper", async () => {
    const response = await lookup(shop, {
      order: "9999",
      email: "jon@example.com",
      locale: "sv-SE",
    });
    const { order } = (await response.json()) as {
      order: { stage: { label: string; description: string } };
    };
    const inTransit = DEFAULT_STAGES.find((s) => s.key === "in_transit")!;
    expect(order.stage.label).toBe(inTransit.labels.sv);
    expect(order.stage.description).toBe(inTransit.descriptions.sv);
  });

  it("offers a reorder cart path for a cancelled order", async () => {
    const cancelShop = `cancel-${Date.now()}.myshopify.com`;
    await installShop(cancelShop);
    const sim = new OrderSimulation().create("paid").cancel();
    for (const delivery of sim.deliveries) {
      const body = delivery.body as { line_items?: Record<string, unknown>[] };
      body.line_items?.forEach((item, i) =>
        Object.assign(item, { variant_id: String(4000 + i), quantity: i + 1 }),
      );
    }
    await deliverAll(cancelShop, sim.deliveries);
    const { order } = (await (
      await lookup(cancelShop, { order: "9999", email: "jon@example.com" })
    ).json()) as { order: Record<string, unknown> };
    expect(order.stage).toMatchObject({ key: "cancelled" });
    expect(order.reorderPath).toBe("/cart/4000:1,4001:2,4002:3,4003:4,4004:5");
    expect((order.timeline as { at: string | null }[]).every((e) => e.at !== null)).toBe(true);
  });
});

describe("app-proxy signatures", () => {
  let shop: string;
  beforeAll(async () => {
    shop = await shopWithShippedOrder("signature");
  });

  async function failedAttempts() {
    return testDb().rateLimitCounter.count({ where: { shop } });
  }

  it("rejects a bad signature with 4xx and performs no lookup", async () => {
    const response = await lookup(
      shop,
      { order: "9999", email: "wrong@example.com" },
      { secret: "not-the-secret" },
    );
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(await response.text()).not.toContain("order");
    expect(await failedAttempts()).toBe(0);
  });

  it("refuses a body over 16 KB with 413 and counts no attempt", async () => {
    const response = await lookup(shop, { order: "9999", email: `${"x".repeat(17_000)}@a.com` });
    expect(response.status).toBe(413);
    expect(await failedAttempts()).toBe(0);
  });

  it("rejects a stale signature (timestamp older than 90 s)", async () => {
    const response = await lookup(
      shop,
      { order: "9999", email: "jon@example.com" },
      { timestamp: Math.floor(Date.now() / 1000) - 300 },
    );
    expect(response.status).toBe(400);
  });

  it("accepts repeated query parameters signed the way Shopify joins them", async () => {
    const extraParams: [string, string][] = [
      ["utm", "a"],
      ["utm", "b"],
    ];
    expect(
      (await lookup(shop, { order: "9999", email: "jon@example.com" }, { extraParams })).status,
    ).toBe(200);
  });

  it("refuses a proxy parameter a shopper added to the storefront URL, even when signed", async () => {
    // Shopify forwards the shopper's own logged_in_customer_id next to its (empty) one and signs
    // both; reading the first would list another customer's orders.
    for (const name of ["logged_in_customer_id", "path_prefix"]) {
      const response = await appFetch(
        signedProxyRequest({
          shop,
          path: "/proxy/orders",
          extraParams: [[name, name === "path_prefix" ? "/apps/other" : CUSTOMER_ID]],
        }),
      );
      expect(response.status).toBe(400);
      expect(await response.text()).toBe("");
    }
  });

  it("rejects a request whose signed parameters were changed", async () => {
    const request = signedProxyRequest({
      shop,
      path: "/proxy/lookup",
      method: "POST",
      body: "{}",
      headers: { "content-type": "application/json" },
    });
    const url = new URL(request.url);
    url.searchParams.set("logged_in_customer_id", CUSTOMER_ID);
    const response = await appFetch(
      new Request(url, {
        method: "POST",
        body: JSON.stringify({ order: "9999", email: "jon@example.com" }),
        headers: request.headers,
      }),
    );
    expect(response.status).toBe(400);
  });

  it("does not answer GET on the lookup endpoint", async () => {
    const response = await appFetch(signedProxyRequest({ shop, path: "/proxy/lookup" }));
    expect(response.status).toBe(405);
  });
});

describe("rate limits", () => {
  it("answers 429 with Retry-After after 10 failed attempts on one order, and only for that order", async () => {
    const shop = await shopWithShippedOrder("limits");
    for (let i = 0; i < 10; i++) {
      expect((await lookup(shop, { order: "9999", email: `guess${i}@example.com` })).status).toBe(
        404,
      );
    }
    const limited = await lookup(shop, { order: "9999", email: "jon@example.com" });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await limited.json()).toEqual({ error: "rate_limited" });
    // Another order of the same shop is unaffected.
    expect((await lookup(shop, { order: "10000", email: "x@example.com" })).status).toBe(404);
  });

  it("does not throttle successful lookups at storefront rates", async () => {
    const shop = await shopWithShippedOrder("busy");
    for (let i = 0; i < 40; i++) {
      expect((await lookup(shop, { order: "9999", email: "jon@example.com" })).status).toBe(200);
    }
  });

  it("limits one shopper's failures across orders when the proxy forwards an IP, without blocking other shoppers", async () => {
    const shop = await shopWithShippedOrder("ip");
    const attacker = { headers: { "x-forwarded-for": "203.0.113.9, 10.0.0.1" } };
    for (let i = 0; i < 20; i++) {
      expect(
        (await lookup(shop, { order: String(20000 + i), email: "a@example.com" }, attacker)).status,
      ).toBe(404);
    }
    expect((await lookup(shop, { order: "9999", email: "jon@example.com" }, attacker)).status).toBe(
      429,
    );
    expect(
      (
        await lookup(
          shop,
          { order: "9999", email: "jon@example.com" },
          { headers: { "x-forwarded-for": "198.51.100.7" } },
        )
      ).status,
    ).toBe(200);
    expect((await lookup(shop, { order: "9999", email: "jon@example.com" })).status).toBe(200);
  });

  it("answers honest shoppers through a flood of failed lookups from many addresses, while each order still gets few guesses", async () => {
    const shop = await shopWithShippedOrder("flood");
    const flood = LOOKUP_LIMITS.shopFlood + 100;
    const honest: number[] = [];
    for (let i = 0; i < flood; i++) {
      const guess = await lookup(
        shop,
        { order: String(30000 + i), email: "guess@example.com" },
        { headers: { "x-forwarded-for": `198.18.${Math.floor(i / 4)}.${i % 4}` } },
      );
      expect(guess.status).toBe(404);
      if (i % 4 === 3) {
        honest.push((await lookup(shop, { order: "9999", email: "jon@example.com" })).status);
      }
    }
    const answered = honest.filter((status) => status === 200).length;
    expect(answered / honest.length).toBeGreaterThanOrEqual(0.99);
    // During the flood an order allows fewer guesses; the shopper who owns it is still let in
    // as long as that order itself was not guessed at.
    const target = String(40000);
    const statuses: number[] = [];
    for (let i = 0; i < LOOKUP_LIMITS.perOrder; i++) {
      statuses.push((await lookup(shop, { order: target, email: `g${i}@example.com` })).status);
    }
    expect(statuses.filter((s) => s === 404)).toHaveLength(LOOKUP_LIMITS.perOrderDuringFlood);
    expect(statuses.slice(LOOKUP_LIMITS.perOrderDuringFlood).every((s) => s === 429)).toBe(true);
    expect((await lookup(shop, { order: "9999", email: "jon@example.com" })).status).toBe(200);
  });
});

describe("isolation and logged-in customers", () => {
  it("never finds another shop's order", async () => {
    const shopA = await shopWithShippedOrder("iso-a");
    const shopB = `iso-b-${Date.now()}.myshopify.com`;
    await installShop(shopB);
    expect((await lookup(shopA, { order: "9999", email: "jon@example.com" })).status).toBe(200);
    expect((await lookup(shopB, { order: "9999", email: "jon@example.com" })).status).toBe(404);
  });

  it("answers 404 once the shop uninstalled the app", async () => {
    const shop = await shopWithShippedOrder("gone");
    expect((await lookup(shop, { order: "9999", email: "jon@example.com" })).status).toBe(200);
    const uninstalled = await appFetch(
      signedWebhook({
        shop,
        topic: "app/uninstalled",
        body: shopifyJson(loadWebhookFixture("app/uninstalled")),
      }),
    );
    expect(uninstalled.status).toBe(200);
    expect((await lookup(shop, { order: "9999", email: "jon@example.com" })).status).toBe(404);
  });

  it("answers 404 for a shop that never installed the app", async () => {
    const shop = `never-${Date.now()}.myshopify.com`;
    expect((await lookup(shop, { order: "9999", email: "jon@example.com" })).status).toBe(404);
  });

  it("lists a logged-in customer's orders and nobody else's", async () => {
    const shop = await shopWithShippedOrder("account");
    const mine = await appFetch(
      signedProxyRequest({ shop, path: "/proxy/orders", loggedInCustomerId: CUSTOMER_ID }),
    );
    expect(mine.status).toBe(200);
    const { orders } = (await mine.json()) as {
      orders: { name: string; stage: { key: string } }[];
    };
    expect(orders.map((o) => [o.name, o.stage.key])).toEqual([["#9999", "in_transit"]]);
    const other = await appFetch(
      signedProxyRequest({ shop, path: "/proxy/orders", loggedInCustomerId: "42" }),
    );
    expect(await other.json()).toEqual({ orders: [] });
    const guest = await appFetch(signedProxyRequest({ shop, path: "/proxy/orders" }));
    expect(guest.status).toBe(401);
  });

  it("escapes nothing away: merchant text comes back as data, not markup", async () => {
    const shop = await shopWithShippedOrder("escape");
    await testDb().stage.update({
      where: { shop_key: { shop, key: "in_transit" } },
      data: { labels: JSON.stringify({ en: "<script>alert(1)</script>", sv: "x" }) },
    });
    const { order } = (await (
      await lookup(shop, { order: "9999", email: "jon@example.com" })
    ).json()) as { order: { stage: { label: string } } };
    expect(order.stage.label).toBe("<script>alert(1)</script>");
  });
});
