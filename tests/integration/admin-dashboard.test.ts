// The Dashboard through the real embedded-app authentication and the built server's loader:
// orders per stage, stuck orders, median and 90th percentile time in stage of known stays,
// storefront lookups counted from real signed app-proxy lookups (found, not found, rate-limited),
// emails sent and failed in the last 7 days — and nothing of another shop in any of them.
import { beforeAll, describe, expect, it } from "vitest";
import { OrderSimulation } from "../fixtures/webhooks/factory";
import { adminFetch, seedPaidOrders } from "../helpers/admin";
import { appFetch, builtServer } from "../helpers/app";
import { installShop, testDb } from "../helpers/db";
import { deliverAll } from "../helpers/deliver";
import { signedProxyRequest } from "../helpers/signing";
import { waitFor } from "../helpers/wait";

const { loadDashboard, runHousekeeping } = await builtServer();

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const FIRST_ID = 7_100_000_000;
const OTHER_FIRST_ID = 7_200_000_000;

let n = 0;
async function newShop(name: string) {
  const shop = `${name}-${++n}-${Date.now()}.myshopify.com`;
  await installShop(shop);
  return shop;
}

function lookup(shop: string, order: string, email: string) {
  return appFetch(
    signedProxyRequest({
      shop,
      path: "/proxy/lookup",
      method: "POST",
      body: JSON.stringify({ order, email }),
      headers: { "content-type": "application/json" },
    }),
  );
}

/** A stay in `stageKey` of `hours`, ending `endedAgo` ms before `now` (two stage changes). */
async function recordStay(
  shop: string,
  orderGid: string,
  stageKey: string,
  hours: number,
  endedAt: number,
) {
  await testDb().timelineEvent.create({
    data: {
      shop,
      orderGid,
      fromKey: null,
      toKey: stageKey,
      source: "shopify",
      occurredAt: new Date(endedAt - hours * HOUR),
    },
  });
  await testDb().timelineEvent.create({
    data: {
      shop,
      orderGid,
      fromKey: stageKey,
      toKey: "delivered",
      source: "carrier",
      occurredAt: new Date(endedAt),
    },
  });
}

async function email(
  shop: string,
  status: string,
  { sentAt, createdAt, isTest = false }: { sentAt?: Date; createdAt?: Date; isTest?: boolean },
) {
  await testDb().emailOutbox.create({
    data: {
      shop,
      orderGid: `gid://shopify/Order/${FIRST_ID}`,
      stageKey: "confirmed",
      dedupeKey: `test-${crypto.randomUUID()}`,
      recipient: "buyer0@example.com",
      locale: "en",
      status,
      dueAt: createdAt ?? new Date(),
      sentAt,
      isTest,
      ...(createdAt ? { createdAt } : {}),
    },
  });
}

async function pageText(response: Response) {
  expect(response.status).toBe(200);
  return response.text();
}

describe("dashboard", () => {
  let shop: string;
  let other: string;
  const start = Date.now();

  beforeAll(async () => {
    shop = await newShop("dashboard");
    other = await newShop("dashboard-other");
    // Three orders confirmed in March 2026, long past "Order confirmed"'s 2 business days; the
    // last one moves on to "Processing" now. The other shop has four of its own.
    const ids = await seedPaidOrders(shop, 3, { firstId: FIRST_ID });
    await seedPaidOrders(other, 4, { firstId: OTHER_FIRST_ID });
    const moved = await adminFetch(shop, "/app/orders", {
      intent: "setStage",
      orderIds: ids[2]!,
      stageKey: "processing",
      notify: "false",
    });
    expect(moved.status).toBe(200);

    // Ten stays in "In transit" of 1…10 hours that ended this week, one that ended 40 days ago.
    for (let i = 1; i <= 10; i++) {
      await recordStay(shop, `gid://shopify/Order/${8_000_000 + i}`, "in_transit", i, start - DAY);
    }
    await recordStay(shop, "gid://shopify/Order/8000100", "in_transit", 500, start - 40 * DAY);
    await recordStay(other, "gid://shopify/Order/8000200", "in_transit", 300, start - DAY);

    await email(shop, "sent", { sentAt: new Date(start - DAY) });
    await email(shop, "sent", { sentAt: new Date(start - 2 * DAY) });
    await email(shop, "dead", {});
    await email(shop, "queued", {});
    await email(shop, "sent", { sentAt: new Date(start - HOUR), isTest: true });
    await email(shop, "sent", {
      sentAt: new Date(start - 20 * DAY),
      createdAt: new Date(start - 20 * DAY),
    });
    await email(other, "sent", { sentAt: new Date(start - DAY) });
    await email(other, "dead", {});
  }, 120_000);

  it("counts the orders per stage and links each stage to its orders", async () => {
    const data = await loadDashboard(shop);
    const count = (key: string) => data.stages.find((s) => s.key === key)?.orderCount;
    expect(count("confirmed")).toBe(2);
    expect(count("processing")).toBe(1);
    expect(data.totalOrders).toBe(3);
    const html = await pageText(await adminFetch(shop, "/app"));
    expect(html).toContain('href="/app/orders?stage=confirmed"');
    expect(html).toContain('href="/app/orders?stage=processing"');
    expect(html).toContain("3 orders tracked");
  });

  it("lists the stuck orders with their days in stage, longest waiting first", async () => {
    const now = new Date();
    const data = await loadDashboard(shop, now);
    expect(data.stuck.count).toBe(2);
    const entered = Date.parse("2026-03-02T09:00:00.000Z");
    expect(data.stuck.orders).toEqual([
      {
        id: String(FIRST_ID),
        name: "#2000",
        stageKey: "confirmed",
        daysInStage: Math.floor((now.getTime() - entered) / DAY),
      },
      {
        id: String(FIRST_ID + 1),
        name: "#2001",
        stageKey: "confirmed",
        daysInStage: Math.floor((now.getTime() - entered - 60_000) / DAY),
      },
    ]);
    const html = await pageText(await adminFetch(shop, "/app"));
    expect(html).toContain("Stuck orders");
    expect(html).toContain('href="/app/orders?stuck=1"');
    expect(html).toContain(`href="/app/orders/${FIRST_ID}"`);
    expect(html).not.toContain(`href="/app/orders/${FIRST_ID + 2}"`);
    expect(html).not.toContain(`/app/orders/${OTHER_FIRST_ID}`);
  });

  it("is not stuck before the stage's expected business days have passed in the shop's calendar", async () => {
    // Monday 2026-03-02 09:00 plus 2 business days is Wednesday 09:00 (UTC, Monday to Friday).
    const justBefore = await loadDashboard(shop, new Date("2026-03-04T08:59:00.000Z"));
    expect(justBefore.stuck).toEqual({ count: 0, orders: [] });
    const after = await loadDashboard(shop, new Date("2026-03-04T09:00:30.000Z"));
    expect(after.stuck.count).toBe(1);
    expect(after.stuck.orders.map((o) => o.name)).toEqual(["#2000"]);
  });

  it("gives the median and 90th percentile of the stays that ended in the last 30 days", async () => {
    const data = await loadDashboard(shop);
    const inTransit = data.timeInStage.find((row) => row.key === "in_transit")!;
    expect(inTransit.stays).toBe(10);
    expect(inTransit.medianSeconds).toBeCloseTo(5 * 3600, 0);
    expect(inTransit.p90Seconds).toBeCloseTo(9 * 3600, 0);
    // The confirmed stay that ended with the move to "Processing".
    const confirmed = data.timeInStage.find((row) => row.key === "confirmed")!;
    expect(confirmed.stays).toBe(1);
    expect(data.timeInStage.map((row) => row.key).sort()).toEqual(["confirmed", "in_transit"]);
    const html = await pageText(await adminFetch(shop, "/app"));
    expect(html).toContain("5 hours");
    expect(html).toContain("9 hours");
  });

  it("counts emails sent and given up on in the last 7 days, with a link to the email log", async () => {
    const data = await loadDashboard(shop);
    expect(data.emails).toEqual({ sent: 2, failed: 1 });
    const html = await pageText(await adminFetch(shop, "/app"));
    expect(html).toContain("Emails in the last 7 days");
    expect(html).toContain('href="/app/emails"');
  });

  it("shows the widgets in Swedish", async () => {
    const html = await pageText(await adminFetch(shop, "/app?locale=sv"));
    expect(html).toContain("Fastnade beställningar");
    expect(html).toContain("Tid i steg");
    expect(html).toContain("Uppslag i butiken per dag");
    expect(html).toContain("Mejl de senaste 7 dagarna");
    expect(html).toContain("5 timmar");
  });
});

describe("storefront lookups per day", () => {
  it("counts real signed lookups as found, not found and rate-limited, and nothing else", async () => {
    const shop = await newShop("dashboard-lookups");
    const other = await newShop("dashboard-lookups-other");
    for (const s of [shop, other]) {
      await deliverAll(s, new OrderSimulation().create("paid").deliveries);
    }
    for (let i = 0; i < 2; i++) {
      expect((await lookup(shop, "#9999", "jon@example.com")).status).toBe(200);
    }
    for (let i = 0; i < 10; i++) {
      expect((await lookup(shop, "#9999", `guess${i}@example.com`)).status).toBe(404);
    }
    expect((await lookup(shop, "#9999", "jon@example.com")).status).toBe(429);
    expect((await lookup(other, "#9999", "jon@example.com")).status).toBe(200);
    expect((await lookup(other, "#1234", "jon@example.com")).status).toBe(404);

    const today = new Date().toISOString().slice(0, 10);
    // Counted in memory and written within seconds, with no dashboard asking.
    const otherRow = await waitFor(
      () => testDb().lookupDailyCount.findFirst({ where: { shop: other } }),
      "the other shop's lookup counts",
    );
    expect(otherRow).toEqual({ shop: other, day: today, found: 1, notFound: 1, limited: 0 });
    // The dashboard writes the instance's counts before it reads them.
    const data = await loadDashboard(shop);
    const rows = await testDb().lookupDailyCount.findMany({ where: { shop } });
    expect(rows).toEqual([{ shop, day: today, found: 2, notFound: 10, limited: 1 }]);
    expect(data.lookups).toHaveLength(14);
    expect(data.lookups.at(-1)).toEqual({ day: today, found: 2, notFound: 10, limited: 1 });
    expect(data.lookups.slice(0, -1).every((d) => d.found + d.notFound + d.limited === 0)).toBe(
      true,
    );
    const html = await pageText(await adminFetch(shop, "/app"));
    expect(html).toContain("Last 14 days: 2 found, 10 not found, 1 refused by the rate limits.");
  });

  it("keeps the daily counts 90 days", async () => {
    const shop = await newShop("dashboard-lookup-retention");
    const now = new Date();
    const day = (ago: number) => new Date(now.getTime() - ago * DAY).toISOString().slice(0, 10);
    for (const ago of [100, 91, 89, 10]) {
      await testDb().lookupDailyCount.create({
        data: { shop, day: day(ago), found: 1, notFound: 0, limited: 0 },
      });
    }
    await runHousekeeping(now);
    const left = await testDb().lookupDailyCount.findMany({
      where: { shop },
      orderBy: { day: "asc" },
    });
    expect(left.map((r) => r.day)).toEqual([day(89), day(10)]);
  });
});
