// The merchant admin in real Chromium, through the real `authenticate.admin` (installed test
// shop, session token signed with the test secret, App Bridge served locally): create a custom
// stage, reorder it, move orders into it in bulk with and without emails (at a real SMTP server),
// undo, read the timeline, see the stage at the storefront lookup, follow Shopify on to
// "Shipped", create the rule "tag made-to-order → In production" and see a tagged order land
// there, delete the stage with reassignment; Swedish pages; LCP and CLS with 10,000 orders.
import fs from "node:fs";
import path from "node:path";
import { getJwt } from "@shopify/shopify-api/test-helpers";
import Database from "better-sqlite3";
import { type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { OrderSimulation, ORDER_ID, orderPayload } from "../fixtures/webhooks/factory";
import { appBridgeStandIn } from "~/services/app-bridge-standin.server";
import { CHROME_UA, TEST_API_KEY, TEST_API_SECRET, testEnv } from "../helpers/constants";
import { shopifyJson } from "../helpers/deliver";
import { freePort, startServer, type RunningServer } from "../helpers/server-process";
import { signedProxyRequest, signedWebhook } from "../helpers/signing";
import { SmtpSink } from "../helpers/smtp-sink";
import { launchChromium } from "../helpers/chromium";

const STORE = "admin-journey";
const SHOP = `${STORE}.myshopify.com`;
const SECOND_ID = "7400000001";
const RULE_ORDER_ID = "7400000002";
const BULK_ORDERS = 10_000;
const root = path.resolve(import.meta.dirname, "../..");
const artifacts = path.join(root, "tests/artifacts");
const dbFile = path.join(path.dirname(inject("sqliteBase")), `browser-admin-${process.pid}.sqlite`);
const host = Buffer.from(`admin.shopify.com/store/${STORE}`).toString("base64");

let server: RunningServer;
let browser: Browser;
let sink: SmtpSink;
let token: string;
const simulation = new OrderSimulation("2026-11-20T09:00:00.000Z");

function sqlite() {
  return new Database(dbFile, { readonly: true, fileMustExist: true });
}

function query<T>(sql: string, ...params: unknown[]): T[] {
  const db = sqlite();
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

const stageOf = (orderGid: string) =>
  query<{ stageKey: string }>(
    `SELECT "stageKey" FROM "Order" WHERE "shop" = ? AND "orderGid" = ?`,
    SHOP,
    orderGid,
  )[0]?.stageKey;

async function send(request: Request) {
  const url = new URL(request.url);
  const response = await fetch(`${server.url}${url.pathname}${url.search}`, {
    method: request.method,
    headers: { ...Object.fromEntries(request.headers), "user-agent": CHROME_UA },
    body: request.method === "GET" ? undefined : await request.text(),
  });
  return response;
}

async function deliver(
  deliveries: readonly { topic: string; body: unknown; triggeredAt: string }[],
) {
  for (const delivery of deliveries) {
    const response = await send(
      signedWebhook({
        shop: SHOP,
        topic: delivery.topic,
        body: shopifyJson(delivery.body),
        triggeredAt: delivery.triggeredAt,
      }),
    );
    if (!response.ok) throw new Error(`${delivery.topic}: ${response.status}`);
  }
}

/** 10,000 older orders of the shop, written straight into the database (load only). */
function seedBulkOrders() {
  const db = new Database(dbFile);
  const facts = JSON.stringify({
    order: null,
    fulfillments: [],
    fulfillmentOrders: [],
    refunds: [],
    returns: [],
  });
  const stages = ["confirmed", "processing", "shipped", "delivered", "in_transit"];
  const insert = db.prepare(
    `INSERT INTO "Order" ("shop", "orderGid", "name", "nameKey", "email", "placedAt", "financialStatus",
       "facts", "stageKey", "stageSource", "stageEnteredAt", "createdAt", "updatedAt")
     VALUES (?, ?, ?, ?, ?, ?, 'paid', ?, ?, 'shopify', ?, ?, ?)`,
  );
  const start = Date.parse("2025-01-01T00:00:00.000Z");
  db.transaction(() => {
    for (let i = 0; i < BULK_ORDERS; i++) {
      const at = new Date(start + i * 3_600_000).toISOString().replace("Z", "+00:00");
      insert.run(
        SHOP,
        `gid://shopify/Order/${6_000_000_000 + i}`,
        `#${10_000 + i}`,
        String(10_000 + i),
        `shopper${i}@example.com`,
        at,
        facts,
        stages[i % stages.length],
        at,
        at,
        at,
      );
    }
  })();
  db.prepare(
    `INSERT INTO "Session" (id, shop, state, isOnline, scope, accessToken) VALUES (?, ?, 'installed', 0, 'read_orders', 'shpat_admin')`,
  ).run(`offline_${SHOP}`, SHOP);
  db.close();
}

beforeAll(async () => {
  fs.copyFileSync(inject("sqliteBase"), dbFile);
  seedBulkOrders();
  sink = new SmtpSink(await freePort());
  await sink.start();
  server = await startServer({
    ...testEnv(`file:${dbFile}`),
    NODE_ENV: "test",
    SMTP_URL: sink.url,
    EMAIL_DISPATCHER: "on",
    EMAIL_COALESCE_SECONDS: "0",
    SHOPIFY_APP_URL: "http://127.0.0.1",
  });
  await deliver(simulation.create("paid").deliveries);
  await deliver([
    {
      topic: "orders/create",
      triggeredAt: "2026-11-21T09:00:00.000Z",
      body: orderPayload({
        id: SECOND_ID,
        name: "#3002",
        order_number: 3002,
        email: "ada@example.com",
        contact_email: "ada@example.com",
        financial_status: "paid",
        created_at: "2026-11-21T09:00:00.000Z",
        processed_at: "2026-11-21T09:00:00.000Z",
        updated_at: "2026-11-21T09:00:00.000Z",
      }),
    },
  ]);
  token = (await getJwt(STORE, TEST_API_KEY, TEST_API_SECRET, { exp: Date.now() / 1000 + 7200 }))
    .token;
  browser = await launchChromium();
  fs.mkdirSync(artifacts, { recursive: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await sink?.stop();
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(dbFile + suffix, { force: true });
});

interface AdminPage {
  page: Page;
  context: BrowserContext;
  errors: string[];
  external: string[];
}

/** Opens an admin page as Shopify admin loads it: a document request with the session token. */
async function openAdmin(
  pathname: string,
  locale = "en",
  viewport = { width: 1280, height: 900 },
): Promise<AdminPage> {
  const context = await browser.newContext({ userAgent: CHROME_UA, viewport });
  const page = await context.newPage();
  const errors: string[] = [];
  const external: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith(server.url)) return route.continue();
    external.push(url);
    if (url === "https://cdn.shopify.com/shopifycloud/app-bridge.js") {
      return route.fulfill({
        contentType: "text/javascript",
        body: appBridgeStandIn({ apiKey: TEST_API_KEY, shop: SHOP, token }),
      });
    }
    // Shopify's font stylesheet: the system font is fine offline.
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
  const url = new URL(pathname, server.url);
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
  return { page, context, errors, external };
}

async function close(admin: AdminPage, screenshot: string) {
  await admin.page.screenshot({ path: path.join(artifacts, screenshot), fullPage: true });
  expect(admin.errors).toEqual([]);
  expect(
    admin.external.filter((u) => !u.startsWith("https://cdn.shopify.com/")),
    "only Shopify's CDN (stubbed) is asked for",
  ).toEqual([]);
  await admin.context.close();
}

const webVitals = (page: Page) =>
  page.evaluate(() => {
    const w = window as unknown as { __cls: number; __lcp: number };
    return { lcp: w.__lcp, cls: w.__cls };
  });

async function selectOrders(page: Page, names: string[]) {
  for (const name of names) {
    await page
      .locator("tr", { hasText: name })
      .locator('input[type="checkbox"]')
      .check({ force: true });
  }
}

async function setStageInModal(page: Page, stageLabel: string, notify: boolean) {
  await page.getByRole("button", { name: "Set stage…" }).click();
  const modal = page.locator("ui-modal[open]");
  await modal.getByLabel("Stage", { exact: true }).selectOption({ label: stageLabel });
  if (notify) await modal.getByLabel("Email the customers").check({ force: true });
  await modal.locator("ui-title-bar button", { hasText: "Set stage" }).click();
}

const FIRST_GID = `gid://shopify/Order/${ORDER_ID}`;
const SECOND_GID = `gid://shopify/Order/${SECOND_ID}`;
const measured: Record<string, { lcp: number; cls: number }> = {};

describe("merchant admin journey", () => {
  it("creates the custom stage “In production” after “Order confirmed”", async () => {
    const admin = await openAdmin("/app/stages/new");
    const { page } = admin;
    await page.getByLabel("Label (English)").fill("In production");
    await page.getByLabel("Label (Swedish)").fill("I produktion");
    await page.getByLabel("Description (English)").fill("We are making your order by hand.");
    await page.getByLabel("Position").selectOption({ label: "After Order confirmed" });
    await page.getByLabel("Email customers when an order enters this stage").check({ force: true });
    expect(await page.locator("ui-save-bar[open]").count()).toBe(1);
    await page.locator("ui-save-bar[open] button", { hasText: "Save" }).click();
    await page.waitForURL(/\/app\/stages\/in_production/);
    await expect.poll(() => page.getByRole("heading", { name: "In production" }).count()).toBe(1);
    const keys = query<{ key: string }>(
      `SELECT "key" FROM "Stage" WHERE "shop" = ? ORDER BY "position"`,
      SHOP,
    ).map((r) => r.key);
    expect(keys.indexOf("in_production")).toBe(keys.indexOf("confirmed") + 1);
    expect(keys.indexOf("in_production")).toBeLessThan(keys.indexOf("shipped"));
    await close(admin, "admin-stage-new.png");
  });

  it("reorders it with the move buttons and by keyboard drag, saved at once", async () => {
    const admin = await openAdmin("/app/stages");
    const { page } = admin;
    const position = (key: string) =>
      query<{ position: number }>(
        `SELECT "position" FROM "Stage" WHERE "shop" = ? AND "key" = ?`,
        SHOP,
        key,
      )[0]!.position;
    const start = position("in_production");
    await page.getByRole("button", { name: "Move In production down" }).click();
    await expect.poll(() => position("in_production")).toBe(start + 1);
    expect(position("processing")).toBe(start);
    await page.waitForLoadState("networkidle");
    // dnd-kit's keyboard sensor: pick up with Space, move with arrows, drop with Space; each
    // step is announced in its live region.
    const announced = () => page.locator("[id^='DndLiveRegion']").innerText();
    await page.getByRole("button", { name: "Drag In production" }).focus();
    await page.keyboard.press("Space");
    await expect
      .poll(announced)
      .toMatch(/Picked up In production|In production is over In production/);
    await page.keyboard.press("ArrowUp");
    await expect.poll(announced).toContain("In production is over Preparing your order");
    await page.keyboard.press("Space");
    await expect.poll(announced).toContain("In production was dropped over Preparing your order");
    await expect.poll(() => position("in_production")).toBe(start);
    expect(position("processing")).toBe(start + 1);
    await close(admin, "admin-stages.png");
  });

  it("moves two orders in bulk without emailing, undoes, and redoes with emails", async () => {
    const admin = await openAdmin("/app/orders");
    const { page } = admin;
    measured.orders = await webVitals(page);
    await selectOrders(page, ["#9999", "#3002"]);
    await setStageInModal(page, "In production", false);
    await expect
      .poll(() => page.getByText("2 changed, 0 already there, 0 not changed.").count())
      .toBe(1);
    expect([stageOf(FIRST_GID), stageOf(SECOND_GID)]).toEqual(["in_production", "in_production"]);
    expect(query(`SELECT "id" FROM "EmailOutbox" WHERE "shop" = ?`, SHOP)).toEqual([]);

    await page.locator(".Polaris-Banner").getByRole("button", { name: "Undo" }).click();
    await expect.poll(() => page.getByText("Undone: 2 orders are back").count()).toBe(1);
    expect([stageOf(FIRST_GID), stageOf(SECOND_GID)]).toEqual(["confirmed", "confirmed"]);

    await selectOrders(page, ["#9999", "#3002"]);
    await setStageInModal(page, "In production", true);
    await expect.poll(() => sink.received.length, { timeout: 15_000 }).toBe(2);
    expect(sink.received.map((m) => [m.to, m.subject]).sort()).toEqual([
      ["ada@example.com", "Order #3002: In production"],
      ["jon@example.com", "Order #9999: In production"],
    ]);
    await page.screenshot({ path: path.join(artifacts, "admin-orders-changed.png") });
    await close(admin, "admin-orders.png");
  });

  it("shows the changes, the undo and the emails on the Order detail timeline", async () => {
    const admin = await openAdmin(`/app/orders/${ORDER_ID}`);
    const { page } = admin;
    measured.detail = await webVitals(page);
    const timeline = page.getByRole("list", { name: "Timeline" });
    await expect.poll(() => timeline.innerText()).toContain("Email about In production: sent");
    const text = await timeline.innerText();
    expect(text).toContain("Order confirmed → In production");
    expect(text).toContain("In production → Order confirmed");
    expect(text).toContain("Merchant");
    expect(text).toContain("Staff member");
    expect(await page.getByText("We are making your order by hand.").count()).toBe(1);
    await close(admin, "admin-order-detail.png");
  });

  it("shows “In production” (and “I produktion”) at the signed app-proxy lookup", async () => {
    const lookup = async (locale?: string) => {
      const response = await send(
        signedProxyRequest({
          shop: SHOP,
          path: "/proxy/lookup",
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ order: "#9999", email: "jon@example.com", locale }),
        }),
      );
      expect(response.status).toBe(200);
      return ((await response.json()) as { order: { stage: { key: string; label: string } } }).order
        .stage;
    };
    expect(await lookup()).toMatchObject({ key: "in_production", label: "In production" });
    expect(await lookup("sv")).toMatchObject({ key: "in_production", label: "I produktion" });
  });

  it("follows Shopify on to “Shipped” when the order is fulfilled", async () => {
    const before = simulation.deliveries.length;
    simulation.fulfill([0, 1, 2, 3, 4]);
    await deliver(simulation.deliveries.slice(before));
    expect(stageOf(FIRST_GID)).toBe("shipped");
    const admin = await openAdmin(`/app/orders/${ORDER_ID}`);
    const text = await admin.page.getByRole("list", { name: "Timeline" }).innerText();
    // Every line item fulfilled: Shopify's fact is further along than the merchant's stage.
    expect(text).toContain("In production → Shipped");
    await close(admin, "admin-order-shipped.png");
  });

  it("creates the rule “tag made-to-order → In production”; a tagged new order lands there", async () => {
    const admin = await openAdmin("/app/stages");
    const { page } = admin;
    await page.getByRole("button", { name: "Rules" }).click();
    await page.waitForURL(/\/app\/rules(\?|$)/);
    await page.getByRole("button", { name: "Create rule" }).click();
    await page.waitForURL(/\/app\/rules\/new/);
    await page.getByLabel("Name").fill("Made to order");
    await page.getByLabel("When").selectOption({ label: "An order is created" });
    await page.getByRole("button", { name: "Add condition" }).click();
    await page.getByLabel("Field").selectOption({ label: "Order tag" });
    await page.getByLabel("Value").fill("made-to-order");
    await page.getByLabel("Then set stage").selectOption({ label: "In production" });
    expect(await page.locator("ui-save-bar[open]").count()).toBe(1);
    await page.locator("ui-save-bar[open] button", { hasText: "Save" }).click();
    await page.waitForURL(/\/app\/rules\/c/);
    await close(admin, "admin-rule-new.png");

    await deliver([
      {
        topic: "orders/create",
        triggeredAt: "2026-11-22T09:00:00.000Z",
        body: orderPayload({
          id: RULE_ORDER_ID,
          name: "#3003",
          order_number: 3003,
          tags: "made-to-order",
          financial_status: "paid",
          created_at: "2026-11-22T09:00:00.000Z",
          processed_at: "2026-11-22T09:00:00.000Z",
          updated_at: "2026-11-22T09:00:00.000Z",
        }),
      },
    ]);
    expect(stageOf(`gid://shopify/Order/${RULE_ORDER_ID}`)).toBe("in_production");
    const orders = await openAdmin("/app/orders?stage=in_production");
    await expect.poll(() => orders.page.locator("tr", { hasText: "#3003" }).count()).toBe(1);
    await close(orders, "admin-rule-orders.png");
    const detail = await openAdmin(`/app/orders/${RULE_ORDER_ID}`);
    const timeline = await detail.page.getByRole("list", { name: "Timeline" }).innerText();
    expect(timeline).toContain("Order confirmed → In production");
    expect(timeline).toContain("Rule");
    expect(timeline).toContain("Made to order");
    await close(detail, "admin-rule-timeline.png");
  });

  it("creates the time rule “7 business days in In production → alert me” on the Rules page", async () => {
    const admin = await openAdmin("/app/rules");
    const { page } = admin;
    await page.getByRole("button", { name: "Create time rule" }).click();
    await page.waitForURL(/\/app\/rules\/time\/new/);
    await page.getByLabel("Name").fill("Workshop is slow");
    await page.getByLabel("When an order has been in").selectOption({ label: "In production" });
    await page.getByLabel("For business days").fill("0");
    await page.getByLabel("Alert me").check({ force: true });
    await page.locator("ui-save-bar[open] button", { hasText: "Save" }).click();
    // The browser checks the form with the server's schema: nothing is sent.
    await expect
      .poll(() => page.getByText("Enter a whole number of business days from 1 to 365").count())
      .toBe(1);
    await page.getByLabel("For business days").fill("7");
    await page.locator("ui-save-bar[open] button", { hasText: "Save" }).click();
    await page.waitForURL(/\/app\/rules\/time\/c/);
    await close(admin, "admin-time-rule.png");
    const list = await openAdmin("/app/rules");
    await expect
      .poll(() => list.page.getByText("After 7 business days in In production → alert").count())
      .toBe(1);
    await close(list, "admin-time-rules.png");
  });

  it("deletes the stage after moving its orders to another stage", async () => {
    const admin = await openAdmin("/app/stages/in_production");
    const { page } = admin;
    await page.getByLabel("Move its orders to").selectOption({ label: "Order confirmed" });
    await page.getByRole("button", { name: "Delete stage" }).click();
    await page.waitForURL(/\/app\/stages(\?|$)/);
    expect(
      query(`SELECT "key" FROM "Stage" WHERE "shop" = ? AND "key" = 'in_production'`, SHOP),
    ).toEqual([]);
    expect(stageOf(SECOND_GID)).toBe("confirmed");
    const [last] = query<{ note: string; customerNotified: number }>(
      `SELECT "note", "customerNotified" FROM "TimelineEvent" WHERE "shop" = ? AND "orderGid" = ? ORDER BY "id" DESC LIMIT 1`,
      SHOP,
      SECOND_GID,
    );
    expect(last).toMatchObject({ customerNotified: 0 });
    expect(last!.note).toContain("deleted");
    expect(sink.received).toHaveLength(2);
    await close(admin, "admin-stage-deleted.png");
  });

  it("speaks Swedish on the Orders and Emails pages with locale=sv, Polaris' strings included", async () => {
    const admin = await openAdmin("/app/orders", "sv");
    const { page } = admin;
    expect(await page.getByRole("heading", { name: "Beställningar" }).count()).toBeGreaterThan(0);
    const table = await page.locator("table").innerText();
    expect(table).toContain("Steg");
    expect(table).toContain("Dagar i steget");
    expect(table).toContain("Beställning bekräftad");
    expect(table).toContain("Betald");
    expect(await page.getByRole("button", { name: "Föregående" }).count()).toBe(1);
    expect(await page.locator("html").getAttribute("lang")).toBe("sv");
    await close(admin, "admin-orders-sv.png");
    const emails = await openAdmin("/app/emails", "sv");
    expect(await emails.page.getByRole("heading", { name: "Mejllogg" }).count()).toBe(1);
    expect(await emails.page.locator("table").first().innerText()).toContain(
      "Beställning bekräftad",
    );
    await close(emails, "admin-emails-sv.png");
  });

  it("fits a phone (Shopify's mobile app): Orders as one stacked block per order, no sideways scrolling", async () => {
    const admin = await openAdmin("/app/orders", "sv", { width: 390, height: 844 });
    const { page } = admin;
    // Each order a list item: its name and date, its stage, then customer · payment · fulfillment.
    const row = page.locator("li", { hasText: "Beställning bekräftad" }).first();
    const text = await row.innerText();
    expect(text).toMatch(/^#\d+\n/);
    expect(text).toMatch(/ · Betald · /);
    // The column headings of the wide table are gone; nothing is wider than the screen.
    expect(await page.getByRole("columnheader", { name: "Dagar i steget" }).count()).toBe(0);
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
    ).toBe(true);
    await close(admin, "admin-orders-phone-sv.png");
  });

  it("paints Orders and Order detail within 2.5 s and without layout shift (10,000 orders)", async () => {
    const count = query<{ n: number }>(`SELECT count(*) AS n FROM "Order" WHERE "shop" = ?`, SHOP);
    expect(count[0]!.n).toBe(BULK_ORDERS + 3);
    for (const [name, vitals] of Object.entries(measured)) {
      console.log(
        `[admin web vitals] ${name}: LCP ${vitals.lcp.toFixed(0)} ms, CLS ${vitals.cls.toFixed(3)}`,
      );
      expect(vitals.lcp, `${name} LCP`).toBeGreaterThan(0);
      expect(vitals.lcp, `${name} LCP`).toBeLessThanOrEqual(2500);
      expect(vitals.cls, `${name} CLS`).toBeLessThanOrEqual(0.1);
    }
    expect(Object.keys(measured).sort()).toEqual(["detail", "orders"]);
  });
});
