// The Settings page in real Chromium, through the real `authenticate.admin` (installed test shop,
// session token signed with the test secret, App Bridge served locally): English and Swedish,
// changes saved through the SaveBar, no console errors, no serious or critical axe-core
// (WCAG 2 A/AA) violations, LCP and CLS measured.
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { getJwt } from "@shopify/shopify-api/test-helpers";
import Database from "better-sqlite3";
import { type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { appBridgeStandIn } from "~/services/app-bridge-standin.server";
import { CHROME_UA, TEST_API_KEY, TEST_API_SECRET, testEnv } from "../helpers/constants";
import { startServer, type RunningServer } from "../helpers/server-process";
import { launchChromium } from "../helpers/chromium";

const STORE = "settings-journey";
const SHOP = `${STORE}.myshopify.com`;
const root = path.resolve(import.meta.dirname, "../..");
const artifacts = path.join(root, "tests/artifacts");
const dbFile = path.join(
  path.dirname(inject("sqliteBase")),
  `browser-settings-${process.pid}.sqlite`,
);
const host = Buffer.from(`admin.shopify.com/store/${STORE}`).toString("base64");
const axeSource = fs.readFileSync(
  createRequire(import.meta.url).resolve("axe-core/axe.min.js"),
  "utf8",
);

let server: RunningServer;
let browser: Browser;
let token: string;

function shopRow() {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    return db
      .prepare(`SELECT "senderName", "workingDays", "replyTo" FROM "Shop" WHERE "shop" = ?`)
      .get(SHOP) as { senderName: string | null; workingDays: string; replyTo: string | null };
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  fs.copyFileSync(inject("sqliteBase"), dbFile);
  const db = new Database(dbFile);
  db.prepare(
    `INSERT INTO "Session" (id, shop, state, isOnline, scope, accessToken) VALUES (?, ?, 'installed', 0, 'read_orders', 'shpat_settings')`,
  ).run(`offline_${SHOP}`, SHOP);
  db.close();
  server = await startServer({
    ...testEnv(`file:${dbFile}`),
    NODE_ENV: "test",
    EMAIL_DISPATCHER: "off",
    SHOPIFY_APP_URL: "http://127.0.0.1",
  });
  token = (await getJwt(STORE, TEST_API_KEY, TEST_API_SECRET, { exp: Date.now() / 1000 + 7200 }))
    .token;
  browser = await launchChromium();
  fs.mkdirSync(artifacts, { recursive: true });
  // A freshly started server's first render (JIT, database connections) is not what a
  // merchant's page load measures: one request warms it up.
  const warm = await fetch(settingsUrl("en"), { headers: { "user-agent": CHROME_UA } });
  expect(warm.status).toBe(200);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(dbFile + suffix, { force: true });
});

/** The Settings document as Shopify admin requests it (session token in the URL). */
function settingsUrl(locale: string, pathname = "/app/settings") {
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
  return url.toString();
}

interface AdminPage {
  page: Page;
  context: BrowserContext;
  errors: string[];
}

/** Opens the page as Shopify admin loads it: a document request with the session token. */
async function openSettings(locale: string, pathname = "/app/settings"): Promise<AdminPage> {
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
  await page.goto(settingsUrl(locale, pathname), { waitUntil: "networkidle" });
  return { page, context, errors };
}

/** Serious and critical axe-core violations of WCAG 2 A/AA on the page. */
async function axeViolations(page: Page) {
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: (
            context: Document,
            options: object,
          ) => Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[] }>;
        };
      }
    ).axe;
    return axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa"] } });
  });
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.nodes.length})`);
}

async function webVitals(page: Page) {
  return page.evaluate(() => {
    const w = window as unknown as { __cls: number; __lcp: number };
    return { lcp: w.__lcp, cls: w.__cls };
  });
}

async function close(admin: AdminPage, screenshot: string) {
  await admin.page.screenshot({ path: path.join(artifacts, screenshot), fullPage: true });
  expect(admin.errors).toEqual([]);
  await admin.context.close();
}

describe("settings page", () => {
  it("saves a sender name through the SaveBar in English, accessible and without layout shift", async () => {
    const admin = await openSettings("en");
    const { page } = admin;
    expect(await page.getByRole("heading", { name: "Settings", exact: true }).count()).toBe(1);
    expect(await page.title()).toBe("Settings · Stageline");
    expect(await axeViolations(page)).toEqual([]);
    const vitals = await webVitals(page);
    console.log(
      `[settings web vitals] en: LCP ${vitals.lcp.toFixed(0)} ms, CLS ${vitals.cls.toFixed(3)}`,
    );
    expect(vitals.lcp).toBeGreaterThan(0);
    expect(vitals.lcp).toBeLessThanOrEqual(2500);
    expect(vitals.cls).toBeLessThanOrEqual(0.1);

    expect(await page.locator("ui-save-bar[open]").count()).toBe(0);
    await page.getByLabel("Sender name").fill("Northwind Goods");
    expect(await page.locator("ui-save-bar[open]").count()).toBe(1);
    await page.locator("ui-save-bar[open] button", { hasText: "Save" }).click();
    await expect.poll(() => shopRow().senderName).toBe("Northwind Goods");
    await expect.poll(() => page.getByText("Settings saved").count()).toBe(1);
    expect(await page.locator("ui-save-bar[open]").count()).toBe(0);

    // A bad reply-to is refused in the browser, with the field's error, and nothing is stored.
    await page.getByLabel("Reply-to address").fill("help@");
    await page.locator("ui-save-bar[open] button", { hasText: "Save" }).click();
    await expect
      .poll(() => page.getByText("Enter a valid email address, like support@example.com").count())
      .toBe(1);
    expect(shopRow().replyTo).toBeNull();
    expect(await axeViolations(page)).toEqual([]);
    await close(admin, "settings-en.png");
  });

  it("speaks Swedish and saves a working day through the SaveBar", async () => {
    const admin = await openSettings("sv");
    const { page } = admin;
    expect(await page.getByRole("heading", { name: "Inställningar", exact: true }).count()).toBe(1);
    expect(await page.locator("html").getAttribute("lang")).toBe("sv");
    const vitals = await webVitals(page);
    console.log(
      `[settings web vitals] sv: LCP ${vitals.lcp.toFixed(0)} ms, CLS ${vitals.cls.toFixed(3)}`,
    );
    expect(vitals.lcp).toBeLessThanOrEqual(2500);
    expect(vitals.cls).toBeLessThanOrEqual(0.1);
    expect(await page.getByLabel("Avsändarnamn").inputValue()).toBe("Northwind Goods");
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel("Lördag").check({ force: true });
    await page.locator("ui-save-bar[open] button", { hasText: "Spara" }).click();
    await expect.poll(() => shopRow().workingDays).toBe("1,2,3,4,5,6");
    await expect.poll(() => page.getByText("Inställningarna har sparats").count()).toBe(1);
    await close(admin, "settings-sv.png");
  });

  it("follows a running import until it finishes, without a reload", async () => {
    const db = new Database(dbFile);
    const now = new Date().toISOString().replace("Z", "+00:00");
    const { lastInsertRowid } = db
      .prepare(
        `INSERT INTO "SyncRun" ("shop", "kind", "status", "ordersRead", "ordersApplied", "startedAt", "updatedAt")
         VALUES (?, 'backfill', 'applying', 5, 4, ?, ?)`,
      )
      .run(SHOP, now, now);
    db.close();
    // The dashboard says an import is running and links to its progress.
    const dashboard = await openSettings("sv", "/app");
    const banner = dashboard.page.locator(".Polaris-Banner", {
      hasText: "Dina beställningar importeras",
    });
    expect(await banner.count()).toBe(1);
    expect(await banner.getByText("5 beställningar lästa hittills", { exact: false }).count()).toBe(
      1,
    );
    await banner.getByRole("link", { name: "Se förloppet i Inställningar" }).click();
    await dashboard.page.waitForURL(/\/app\/settings/);
    await close(dashboard, "settings-dashboard-banner.png");

    const admin = await openSettings("en");
    const { page } = admin;
    expect(await page.getByText("Applying orders").count()).toBe(1);
    expect(await page.getByText("5 orders read, 4 applied, 0 errors").count()).toBe(1);
    expect(await page.getByRole("button", { name: "Resync orders" }).isDisabled()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    const writer = new Database(dbFile);
    writer
      .prepare(
        `UPDATE "SyncRun" SET "status" = 'finished', "ordersRead" = 9, "ordersApplied" = 9, "finishedAt" = ? WHERE "id" = ?`,
      )
      .run(new Date().toISOString().replace("Z", "+00:00"), lastInsertRowid);
    writer.close();
    await expect
      .poll(() => page.getByText("9 orders read, 9 applied, 0 errors").count(), { timeout: 10_000 })
      .toBe(1);
    expect(await page.getByText("Finished", { exact: true }).count()).toBe(1);
    expect(await page.getByRole("button", { name: "Resync orders" }).isDisabled()).toBe(false);
    await close(admin, "settings-import.png");
  });
});
