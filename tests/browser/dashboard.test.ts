// The Dashboard in real Chromium through the real `authenticate.admin`, in English and Swedish:
// the orders-per-stage chart links to the filtered Orders page, the stuck list links to each
// order, lookups and emails show their figures; no console errors, no serious or critical axe-core
// (WCAG 2 A/AA) violations, LCP within 2.5 s and CLS within 0.1.
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { getJwt } from "@shopify/shopify-api/test-helpers";
import Database from "better-sqlite3";
import { type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { appBridgeStandIn } from "~/services/app-bridge-standin.server";
import { launchChromium } from "../helpers/chromium";
import { CHROME_UA, TEST_API_KEY, TEST_API_SECRET, testEnv } from "../helpers/constants";
import { startServer, type RunningServer } from "../helpers/server-process";

const STORE = "dashboard-journey";
const SHOP = `${STORE}.myshopify.com`;
const OTHER = "dashboard-other.myshopify.com";
const DAY = 86_400_000;
const root = path.resolve(import.meta.dirname, "../..");
const artifacts = path.join(root, "tests/artifacts");
const dbFile = path.join(
  path.dirname(inject("sqliteBase")),
  `browser-dashboard-${process.pid}.sqlite`,
);
const host = Buffer.from(`admin.shopify.com/store/${STORE}`).toString("base64");
const axeSource = fs.readFileSync(
  createRequire(import.meta.url).resolve("axe-core/axe.min.js"),
  "utf8",
);

let server: RunningServer;
let browser: Browser;
let token: string;

const iso = (ms: number) => new Date(ms).toISOString().replace("Z", "+00:00");

/** Orders, stage changes, emails and lookup counts of the shop, written into the database. */
function seed() {
  const db = new Database(dbFile);
  const now = Date.now();
  const facts = JSON.stringify({
    order: null,
    fulfillments: [],
    fulfillmentOrders: [],
    refunds: [],
    returns: [],
  });
  const order = db.prepare(
    `INSERT INTO "Order" ("shop", "orderGid", "name", "nameKey", "email", "placedAt", "financialStatus",
       "facts", "stageKey", "stageSource", "stageEnteredAt", "createdAt", "updatedAt")
     VALUES (?, ?, ?, ?, ?, ?, 'paid', ?, ?, 'shopify', ?, ?, ?)`,
  );
  const event = db.prepare(
    `INSERT INTO "TimelineEvent" ("shop", "orderGid", "fromKey", "toKey", "source", "occurredAt", "recordedAt")
     VALUES (?, ?, ?, ?, 'shopify', ?, ?)`,
  );
  const email = db.prepare(
    `INSERT INTO "EmailOutbox" ("shop", "orderGid", "stageKey", "dedupeKey", "recipient", "locale", "status",
       "dueAt", "sentAt", "createdAt", "updatedAt")
     VALUES (?, ?, 'confirmed', ?, 'shopper@example.com', 'en', ?, ?, ?, ?, ?)`,
  );
  const lookups = db.prepare(
    `INSERT INTO "LookupDailyCount" ("shop", "day", "found", "notFound", "limited") VALUES (?, ?, ?, ?, ?)`,
  );
  const stages = ["confirmed", "processing", "shipped", "in_transit", "delivered"];
  db.transaction(() => {
    for (const [shop, first] of [
      [SHOP, 5_000_000_000],
      [OTHER, 5_100_000_000],
    ] as const) {
      for (let i = 0; i < 40; i++) {
        const gid = `gid://shopify/Order/${first + i}`;
        const placed = now - (60 - i) * DAY;
        const stage = stages[i % stages.length]!;
        const entered = placed + 2 * DAY;
        const name = shop === SHOP ? `#${4000 + i}` : `#OTHER${i}`;
        order.run(
          shop,
          gid,
          name,
          name.slice(1).toLowerCase(),
          "shopper@example.com",
          iso(placed),
          facts,
          stage,
          iso(entered),
          iso(placed),
          iso(placed),
        );
        event.run(shop, gid, null, "confirmed", iso(placed), iso(placed));
        if (stage !== "confirmed")
          event.run(shop, gid, "confirmed", stage, iso(entered), iso(entered));
        const sent = now - (i % 10) * DAY;
        email.run(
          shop,
          gid,
          `${gid}#1`,
          i % 8 === 0 ? "dead" : "sent",
          iso(sent),
          i % 8 === 0 ? null : iso(sent),
          iso(sent),
          iso(sent),
        );
      }
      for (let d = 0; d < 14; d++) {
        lookups.run(
          shop,
          new Date(now - d * DAY).toISOString().slice(0, 10),
          20 + d,
          3 + (d % 4),
          d % 3,
        );
      }
    }
    db.prepare(
      `INSERT INTO "Session" (id, shop, state, isOnline, scope, accessToken) VALUES (?, ?, 'installed', 0, 'read_orders', 'shpat_dashboard')`,
    ).run(`offline_${SHOP}`, SHOP);
  })();
  db.close();
}

beforeAll(async () => {
  fs.copyFileSync(inject("sqliteBase"), dbFile);
  seed();
  server = await startServer({
    ...testEnv(`file:${dbFile}`),
    NODE_ENV: "test",
    EMAIL_DISPATCHER: "off",
    SHOPIFY_APP_URL: "http://127.0.0.1",
  });
  token = (await getJwt(STORE, TEST_API_KEY, TEST_API_SECRET, { exp: Date.now() / 1000 + 7200 }))
    .token;
  // A first request warms the server up: the page's paint is measured, not the process start.
  const warm = new URL("/app", server.url);
  for (const [key, value] of Object.entries({ embedded: "1", shop: SHOP, host, id_token: token })) {
    warm.searchParams.set(key, value);
  }
  expect((await fetch(warm, { headers: { "user-agent": CHROME_UA } })).status).toBe(200);
  browser = await launchChromium();
  fs.mkdirSync(artifacts, { recursive: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(dbFile + suffix, { force: true });
});

/** Opens the Dashboard as Shopify admin loads it, recording console errors and web vitals. */
async function openDashboard(locale: string) {
  const context = await browser.newContext({
    userAgent: CHROME_UA,
    viewport: { width: 1280, height: 900 },
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith(server.url)) return route.continue();
    if (url === "https://cdn.shopify.com/shopifycloud/app-bridge.js") {
      return route.fulfill({
        contentType: "text/javascript",
        body: appBridgeStandIn({ apiKey: TEST_API_KEY, shop: SHOP, token }),
      });
    }
    return route.fulfill({ contentType: "text/css", body: "" });
  });
  await page.addInitScript(() => {
    const w = window as unknown as { __cls: number; __lcp: number };
    w.__cls = 0;
    w.__lcp = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as unknown as {
        value: number;
        hadRecentInput: boolean;
      }[]) {
        if (!entry.hadRecentInput) w.__cls += entry.value;
      }
    }).observe({ type: "layout-shift", buffered: true });
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) w.__lcp = entry.startTime;
    }).observe({ type: "largest-contentful-paint", buffered: true });
  });
  const url = new URL("/app", server.url);
  for (const [key, value] of Object.entries({
    embedded: "1",
    shop: SHOP,
    host,
    locale,
    id_token: token,
  })) {
    url.searchParams.set(key, value);
  }
  await page.goto(url.toString(), { waitUntil: "networkidle" });
  return { page, context, errors };
}

/** Serious and critical WCAG 2 A/AA violations axe-core finds on the page. */
async function axeViolations(page: Page) {
  await page.addScriptTag({ content: axeSource });
  return page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: (
            context: Document,
            options: object,
          ) => Promise<{ violations: { id: string; impact: string | null; nodes: unknown[] }[] }>;
        };
      }
    ).axe;
    const result = await axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    });
    return result.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id} (${v.impact}, ${v.nodes.length} nodes)`);
  });
}

const webVitals = (page: Page) =>
  page.evaluate(() => {
    const w = window as unknown as { __cls: number; __lcp: number };
    return { lcp: w.__lcp, cls: w.__cls };
  });

describe("Dashboard", () => {
  for (const { locale, texts } of [
    {
      locale: "en",
      texts: {
        title: "Dashboard",
        chart: "Orders per stage",
        confirmed: "Order confirmed",
        stuck: "Stuck orders",
        time: "Time in stage",
        lookups: "Storefront lookups per day",
        emails: "Emails in the last 7 days",
        showStuck: "Show all stuck orders",
        emailLog: "Email log",
      },
    },
    {
      locale: "sv",
      texts: {
        title: "Översikt",
        chart: "Beställningar per steg",
        confirmed: "Beställning bekräftad",
        stuck: "Fastnade beställningar",
        time: "Tid i steg",
        lookups: "Uppslag i butiken per dag",
        emails: "Mejl de senaste 7 dagarna",
        showStuck: "Visa alla fastnade beställningar",
        emailLog: "Mejllogg",
      },
    },
  ]) {
    it(`renders the chart, the stuck list and the figures in ${locale}, accessibly`, async () => {
      const { page, context, errors } = await openDashboard(locale);
      await page.screenshot({
        path: path.join(artifacts, `dashboard-${locale}.png`),
        fullPage: true,
      });
      for (const heading of [texts.stuck, texts.time, texts.lookups, texts.emails]) {
        expect(await page.getByRole("heading", { name: heading }).count(), heading).toBe(1);
      }
      // The chart: one row per stage, each a link to the stage's orders, with its count.
      const chart = page.getByRole("list", { name: texts.chart });
      const confirmedRow = chart.getByRole("listitem").filter({ hasText: texts.confirmed });
      expect(await confirmedRow.innerText()).toMatch(/\b8\b/);
      expect(
        await confirmedRow.getByRole("link").getAttribute("href"),
        "the stage links to its orders",
      ).toBe("/app/orders?stage=confirmed");
      // Stuck: the orders past their stage's expected days, longest waiting first, each linked.
      const stuckLinks = page.getByRole("link", { name: /^#/ });
      expect(await stuckLinks.count()).toBe(10);
      expect(await stuckLinks.first().innerText()).toBe("#4000");
      expect(await stuckLinks.first().getAttribute("href")).toBe("/app/orders/5000000000");
      expect(await page.locator("body").innerText()).not.toContain("#OTHER");
      expect(await page.getByRole("link", { name: texts.showStuck }).getAttribute("href")).toBe(
        "/app/orders?stuck=1",
      );
      expect(await page.getByRole("link", { name: texts.emailLog }).getAttribute("href")).toBe(
        "/app/emails",
      );
      expect(await page.getByRole("img", { name: new RegExp(texts.lookups) }).count()).toBe(1);
      expect(await page.locator("html").getAttribute("lang")).toBe(locale);

      expect(await axeViolations(page)).toEqual([]);
      const vitals = await webVitals(page);
      console.log(
        `[dashboard web vitals] ${locale}: LCP ${vitals.lcp.toFixed(0)} ms, CLS ${vitals.cls.toFixed(3)}`,
      );
      expect(vitals.lcp).toBeGreaterThan(0);
      expect(vitals.lcp).toBeLessThanOrEqual(2500);
      expect(vitals.cls).toBeLessThanOrEqual(0.1);
      expect(errors).toEqual([]);
      await context.close();
    });
  }
});
