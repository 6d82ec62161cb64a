// The Settings page through the real embedded-app authentication (SPEC §7 "Settings"): valid
// settings are stored for the session's shop only, invalid ones give field errors and store
// nothing, stage emails use the sender name and reply-to, "Resync orders" starts one backfill
// whose progress the page (and the dashboard's banner) shows, and retention deletes only the
// shop's old closed or cancelled orders.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ORDER_GID, OrderSimulation } from "../fixtures/webhooks/factory";
import { adminFetch } from "../helpers/admin";
import { AdminApiDouble } from "../helpers/admin-api-double";
import { builtServer } from "../helpers/app";
import { installShop, testDb } from "../helpers/db";
import { deliverAll } from "../helpers/deliver";
import { corpusLines } from "../helpers/order-corpus";
import { mockShopifyOperation, resetShopifyMocks, routeAdminApiTo } from "../helpers/shopify-mock";
import { useSmtpSink } from "../helpers/smtp-sink";

const {
  adminGraphql,
  advanceBackfill,
  DEFAULT_DISPATCH,
  dispatchDueEmails,
  enqueueEmail,
  runHousekeeping,
} = await builtServer();
const mail = useSmtpSink();
const double = new AdminApiDouble();
beforeAll(async () => {
  await double.start();
  routeAdminApiTo(double.url);
});
afterAll(async () => {
  routeAdminApiTo(null);
  await double.stop();
});

let n = 0;
async function newShop(label = "settings") {
  const shop = `${label}-${++n}-${Date.now()}.myshopify.com`;
  await installShop(shop);
  await testDb().shop.upsert({
    where: { shop },
    create: {
      shop,
      name: "Test Shop",
      email: "shop@example.com",
      accountEmail: "owner@example.com",
      ianaTimezone: "Europe/Stockholm",
    },
    update: {},
  });
  return shop;
}

const valid = {
  senderName: "Northwind Support",
  replyTo: "help@northwind.example",
  coalesceSeconds: "30",
  workingDays: "1,2,3,4,6",
  timeZone: "America/New_York",
  digestEnabled: "true",
  digestRecipient: "ops@northwind.example",
  retentionDays: "365",
  writeBackMetafield: "false",
  writeBackTag: "false",
};

const SETTINGS_COLUMNS = {
  senderName: true,
  replyTo: true,
  emailCoalesceSeconds: true,
  workingDays: true,
  timeZone: true,
  digestEnabled: true,
  digestRecipient: true,
  retentionDays: true,
  writeBackMetafield: true,
  writeBackTag: true,
} as const;

const settingsOf = (shop: string) =>
  testDb().shop.findUnique({ where: { shop }, select: SETTINGS_COLUMNS });

async function save(shop: string, change: Record<string, string> = {}) {
  return adminFetch(shop, "/app/settings", { intent: "save", ...valid, ...change });
}

/** The page's text contains `text` (without printing the whole page when it does not). */
async function expectText(response: Response | string, ...texts: string[]) {
  const html = typeof response === "string" ? response : await response.text();
  for (const text of texts) expect(html.includes(text), `page should contain "${text}"`).toBe(true);
  return html;
}

describe("settings form", () => {
  it("shows the shop's own values as defaults in English and Swedish", async () => {
    const shop = await newShop();
    const en = await adminFetch(shop, "/app/settings");
    expect(en.status).toBe(200);
    await expectText(
      en,
      "<title>Settings · Stageline</title>",
      "Empty: Test Shop.",
      "Empty: shop@example.com.",
      "Empty: owner@example.com.",
      "Your store&#x27;s time zone is Europe/Stockholm.",
    );
    const sv = await adminFetch(shop, "/app/settings?locale=sv");
    await expectText(
      sv,
      "<title>Inställningar · Stageline</title>",
      "Arbetsdagar",
      "Tomt: Test Shop.",
    );
  });

  it("stores valid settings for the session's shop only", async () => {
    const shop = await newShop();
    const other = await newShop();
    const before = await settingsOf(other);
    const response = await save(shop);
    expect(response.status).toBe(200);
    await expectText(response, "Settings saved");
    expect(await settingsOf(shop)).toEqual({
      senderName: "Northwind Support",
      replyTo: "help@northwind.example",
      emailCoalesceSeconds: 30,
      workingDays: "1,2,3,4,6",
      timeZone: "America/New_York",
      digestEnabled: true,
      digestRecipient: "ops@northwind.example",
      retentionDays: 365,
      writeBackMetafield: false,
      writeBackTag: false,
    });
    expect(await settingsOf(other)).toEqual(before);
    // The page shows what was stored; the other shop's page does not.
    await expectText(await adminFetch(shop, "/app/settings"), "Northwind Support");
    const otherPage = await (await adminFetch(other, "/app/settings")).text();
    expect(otherPage.includes("Northwind Support")).toBe(false);
  });

  it("stores empty fields as not set, and the shop's own zone as the default", async () => {
    const shop = await newShop();
    await save(shop);
    const response = await save(shop, {
      senderName: " ",
      replyTo: "",
      coalesceSeconds: "",
      timeZone: "Europe/Stockholm",
      digestRecipient: "",
      retentionDays: "",
    });
    expect(response.status).toBe(200);
    expect(await settingsOf(shop)).toMatchObject({
      senderName: null,
      replyTo: null,
      emailCoalesceSeconds: null,
      timeZone: null,
      digestRecipient: null,
      retentionDays: null,
    });
  });

  it.each([
    [
      "a bad reply-to",
      { replyTo: "help@" },
      "Enter a valid email address, like support@example.com",
    ],
    [
      "a reply-to with a header line",
      { replyTo: "a@example.com\r\nBcc: x@example.com" },
      "Enter a valid email address",
    ],
    ["an unknown time zone", { timeZone: "Mars/Olympus_Mons" }, "Choose a time zone from the list"],
    ["no working day", { workingDays: "" }, "Choose at least one working day"],
    ["an unknown weekday", { workingDays: "1,8" }, "Choose at least one working day"],
    ["a window over an hour", { coalesceSeconds: "3601" }, "from 0 to 3,600"],
    ["a negative window", { coalesceSeconds: "-1" }, "from 0 to 3,600"],
    ["a retention not offered", { retentionDays: "30" }, "Choose one of the options"],
    ["a bad digest recipient", { digestRecipient: "owner" }, "like owner@example.com"],
  ])("refuses %s with a field error and stores nothing", async (_name, change, message) => {
    const shop = await newShop();
    const before = await settingsOf(shop);
    const response = await save(shop, change);
    expect(response.status).toBe(200);
    await expectText(response, message, "The settings were not saved");
    expect(await settingsOf(shop)).toEqual(before);
  });

  it("shows the field error in Swedish", async () => {
    const shop = await newShop();
    const response = await adminFetch(shop, "/app/settings?locale=sv", {
      intent: "save",
      ...valid,
      replyTo: "inte en adress",
    });
    await expectText(response, "Ange en giltig mejladress");
  });

  it("switches write-back to the metafield and the tag on the shop's row", async () => {
    const shop = await newShop();
    await save(shop, { writeBackMetafield: "true" });
    expect(await settingsOf(shop)).toMatchObject({ writeBackMetafield: true, writeBackTag: false });
    await save(shop, { writeBackMetafield: "false", writeBackTag: "true" });
    expect(await settingsOf(shop)).toMatchObject({ writeBackMetafield: false, writeBackTag: true });
  });

  it("links the theme editor to add the order-lookup block, and the data requests page", async () => {
    const shop = await newShop();
    const html = await (await adminFetch(shop, "/app/settings")).text();
    const link = /href="(https:\/\/[^"]*addAppBlockId[^"]*)"/.exec(html)?.[1];
    expect(link).toBeDefined();
    const url = new URL(link!.replaceAll("&amp;", "&"));
    expect(url.origin).toBe(`https://${shop}`);
    expect(url.pathname).toBe("/admin/themes/current/editor");
    expect(url.searchParams.get("template")).toBe("page");
    expect(url.searchParams.get("addAppBlockId")).toBe(
      `${process.env.SHOPIFY_API_KEY}/order-lookup`,
    );
    expect(url.searchParams.get("target")).toBe("newAppsSection");
    expect(html).toContain('href="/app/data-requests"');
  });
});

describe("stage emails after saving", () => {
  it("carry the saved sender name and reply-to", async () => {
    const shop = await newShop("settings-mail");
    mockShopifyOperation("FulfillmentOrderOrder", () => ({
      data: { fulfillmentOrder: { id: "x", order: { id: ORDER_GID } } },
    }));
    await save(shop, { coalesceSeconds: "0" });
    const sim = new OrderSimulation()
      .create("paid")
      .fulfill([0, 1, 2, 3, 4])
      .carrierEvent(0, "out_for_delivery");
    await deliverAll(shop, sim.deliveries);
    // A test send from the Emails page, too.
    await enqueueEmail(shop, {
      orderGid: "test",
      stageKey: "delivered",
      dedupeKey: `test:${shop}`,
      timelineEventId: null,
      recipient: "owner@example.com",
      locale: "en",
      dueAt: new Date(),
      isTest: true,
      subject: "Test",
      html: "<p>Test</p>",
      text: "Test",
    });
    const report = await dispatchDueEmails(mail.mailer, new Date(Date.now() + 121_000), {
      ...DEFAULT_DISPATCH,
      owner: "settings-test",
    });
    expect(report.sent).toBeGreaterThan(1);
    expect(mail.sink.received.map((e) => e.to)).toContain("owner@example.com");
    expect(mail.sink.received).toHaveLength(report.sent);
    for (const email of mail.sink.received) {
      expect(email.replyTo).toBe("help@northwind.example");
      expect(email.from).toBe('"Northwind Support" <orders@stageline.test>');
    }
  });
});

describe("resync", () => {
  it("starts one backfill, refuses a second while it runs, and shows its progress", async () => {
    const shop = await newShop("settings-resync");
    await adminFetch(shop, "/app/settings");
    double.bulkResults.set(shop, { lines: () => corpusLines(3) });
    const started = await adminFetch(shop, "/app/settings", { intent: "resync" });
    expect(started.status).toBe(200);
    const runs = () => testDb().syncRun.findMany({ where: { shop, kind: "backfill" } });
    expect(await runs()).toHaveLength(1);
    expect((await runs())[0]!.status).toBe("running");

    await expectText(
      await adminFetch(shop, "/app/settings"),
      "Shopify is preparing your orders",
      "<progress",
    );
    await expectText(
      await adminFetch(shop, "/app"),
      "Your orders are being imported",
      'href="/app/settings"',
    );
    const again = await adminFetch(shop, "/app/settings", { intent: "resync" });
    await expectText(again, "An import is already running");
    expect(await runs()).toHaveLength(1);

    const run = (await runs())[0]!;
    const admin = adminGraphql({
      shop,
      accessToken: `shpat_test_${shop}`,
      apiVersion: "2026-10",
      wait: async () => {},
    });
    const done = await advanceBackfill(admin, run.id, { owner: "test", pollFallbackMs: 0 });
    expect(done).toMatchObject({ status: "finished", ordersRead: 3, ordersApplied: 3, errors: 0 });
    await expectText(
      await adminFetch(shop, "/app/settings"),
      "Finished",
      "3 orders read, 3 applied, 0 errors",
    );
    const dashboard = await (await adminFetch(shop, "/app")).text();
    expect(dashboard.includes("Your orders are being imported")).toBe(false);
  });

  it("says so when Shopify does not start the bulk operation, and lets the merchant retry", async () => {
    const shop = await newShop("settings-refused");
    mockShopifyOperation("BulkOperationRunQuery", () => ({
      data: {
        bulkOperationRunQuery: {
          bulkOperation: null,
          userErrors: [{ field: null, message: "A bulk query operation is already in progress" }],
        },
      },
    }));
    try {
      const response = await adminFetch(shop, "/app/settings", { intent: "resync" });
      await expectText(response, "Shopify did not start the import");
    } finally {
      resetShopifyMocks();
    }
    const [run] = await testDb().syncRun.findMany({ where: { shop, kind: "backfill" } });
    expect(run).toMatchObject({ status: "failed" });
    await expectText(await adminFetch(shop, "/app/settings"), "Failed", "already in progress");
    double.bulkResults.set(shop, { lines: () => corpusLines(1) });
    await adminFetch(shop, "/app/settings", { intent: "resync" });
    expect(await testDb().syncRun.count({ where: { shop, kind: "backfill" } })).toBe(2);
  });

  it("fails the run when Shopify cannot be reached, so the merchant can try again", async () => {
    const shop = await newShop("settings-unreachable");
    mockShopifyOperation("BulkOperationRunQuery", () => {
      throw new TypeError("fetch failed");
    });
    try {
      const response = await adminFetch(shop, "/app/settings", { intent: "resync" });
      expect(response.status).toBe(200);
      await expectText(response, "Shopify did not start the import");
    } finally {
      resetShopifyMocks();
    }
    const runs = await testDb().syncRun.findMany({ where: { shop, kind: "backfill" } });
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ status: "failed" });
    expect(runs[0]!.lastError).toMatch(/gave up after 3 attempts/);
  });

  it("lists the last reconciliation runs with their counts", async () => {
    const shop = await newShop("settings-reconcile");
    await testDb().syncRun.create({
      data: {
        shop,
        kind: "reconcile",
        status: "finished",
        ordersRead: 42,
        ordersHealed: 2,
        startedAt: new Date("2026-11-30T08:00:00.000Z"),
        finishedAt: new Date("2026-11-30T08:01:00.000Z"),
      },
    });
    await expectText(await adminFetch(shop, "/app/settings"), "42 orders checked, 2 corrected");
  });
});

describe("retention", () => {
  const DAY = 24 * 60 * 60 * 1000;
  const now = new Date("2031-06-01T12:00:00.000Z");
  const ago = (days: number) => new Date(now.getTime() - days * DAY);

  async function seed(shop: string, id: number, placedDaysAgo: number, order: object | null) {
    const orderGid = `gid://shopify/Order/${id}`;
    const cancelledAt = (order as { cancelledAt?: string } | null)?.cancelledAt;
    await testDb().order.create({
      data: {
        shop,
        orderGid,
        name: `#${id}`,
        placedAt: ago(placedDaysAgo),
        cancelledAt: cancelledAt ? new Date(cancelledAt) : null,
        facts: JSON.stringify({
          order,
          fulfillments: [],
          fulfillmentOrders: [],
          refunds: [],
          returns: [],
        }),
        stageKey: "delivered",
        stageSource: "shopify",
        stageEnteredAt: ago(placedDaysAgo),
      },
    });
    await testDb().timelineEvent.create({
      data: {
        shop,
        orderGid,
        toKey: "delivered",
        source: "shopify",
        occurredAt: ago(placedDaysAgo),
      },
    });
    await testDb().emailOutbox.create({
      data: {
        shop,
        orderGid,
        stageKey: "delivered",
        dedupeKey: `${orderGid}:delivered`,
        recipient: "a@example.com",
        locale: "en",
        status: "sent",
        dueAt: ago(placedDaysAgo),
      },
    });
    return orderGid;
  }

  const section = (fields: { closedAt?: string; cancelledAt?: string }) => ({
    at: ago(400).toISOString(),
    financialStatus: "paid",
    fulfillmentStatus: "fulfilled",
    cancelledAt: fields.cancelledAt ?? null,
    cancelReason: null,
    closedAt: fields.closedAt ?? null,
  });

  async function seedAll(shop: string, base: number) {
    return {
      closedLongAgo: await seed(shop, base + 1, 500, section({ closedAt: ago(400).toISOString() })),
      cancelledLongAgo: await seed(
        shop,
        base + 2,
        500,
        section({ cancelledAt: ago(380).toISOString() }),
      ),
      closedRecently: await seed(
        shop,
        base + 3,
        500,
        section({ closedAt: ago(100).toISOString() }),
      ),
      openOld: await seed(shop, base + 4, 900, section({})),
      noFacts: await seed(shop, base + 5, 900, null),
    };
  }

  it("deletes only the shop's orders closed or cancelled longer ago, with timeline and emails", async () => {
    const shop = await newShop("settings-retention");
    const keeper = await newShop("settings-keep");
    await save(shop, { retentionDays: "365" });
    const orders = await seedAll(shop, 8_100_000_000);
    const kept = await seedAll(keeper, 8_200_000_000);

    await runHousekeeping(now);

    const left = async (s: string) =>
      (await testDb().order.findMany({ where: { shop: s }, orderBy: { orderGid: "asc" } })).map(
        (o) => o.orderGid,
      );
    expect(await left(shop)).toEqual(
      [orders.closedRecently, orders.openOld, orders.noFacts].sort(),
    );
    for (const gid of [orders.closedLongAgo, orders.cancelledLongAgo]) {
      expect(await testDb().timelineEvent.count({ where: { shop, orderGid: gid } })).toBe(0);
      expect(await testDb().emailOutbox.count({ where: { shop, orderGid: gid } })).toBe(0);
    }
    expect(await testDb().timelineEvent.count({ where: { shop } })).toBe(3);
    expect(await testDb().emailOutbox.count({ where: { shop } })).toBe(3);
    // A shop that keeps its orders keeps all of them.
    expect(await left(keeper)).toEqual(Object.values(kept).sort());
    expect(await testDb().timelineEvent.count({ where: { shop: keeper } })).toBe(5);
  });
});
