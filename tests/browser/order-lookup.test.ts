// The storefront block in real Chromium: the theme extension's Liquid, CSS and JS rendered by the
// local preview page, talking to the real app-proxy route through a locally signed proxy.
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { OrderSimulation } from "../fixtures/webhooks/factory";
import { CHROME_UA, testEnv } from "../helpers/constants";
import { shopifyJson } from "../helpers/deliver";
import { startServer, type RunningServer } from "../helpers/server-process";
import { signedWebhook } from "../helpers/signing";
import { launchChromium } from "../helpers/chromium";

const PREVIEW_SHOP = "stageline-demo.myshopify.com";
const root = path.resolve(import.meta.dirname, "../..");
const artifacts = path.join(root, "tests/artifacts");
const dbFile = path.join(path.dirname(inject("sqliteBase")), `browser-${process.pid}.sqlite`);

let server: RunningServer;
let browser: Browser;
const externalRequests: string[] = [];

async function seed() {
  const Database = (await import("better-sqlite3")).default;
  const db = new Database(dbFile);
  db.prepare(
    `INSERT INTO "Session" (id, shop, state, isOnline, scope, accessToken) VALUES (?, ?, 'installed', 0, 'read_orders', 'shpat_preview')`,
  ).run(`offline_${PREVIEW_SHOP}`, PREVIEW_SHOP);
  db.close();
  const sim = new OrderSimulation()
    .create("paid")
    .fulfill([0, 1, 2, 3, 4])
    .carrierEvent(0, "in_transit", "2026-03-12T12:00:00.000Z");
  for (const delivery of sim.deliveries) {
    const signed = signedWebhook({
      shop: PREVIEW_SHOP,
      topic: delivery.topic,
      body: shopifyJson(delivery.body),
      triggeredAt: delivery.triggeredAt,
    });
    const response = await fetch(`${server.url}${new URL(signed.url).pathname}`, {
      method: "POST",
      headers: { ...Object.fromEntries(signed.headers), "user-agent": CHROME_UA },
      body: await signed.text(),
    });
    if (!response.ok) throw new Error(`seeding ${delivery.topic}: ${response.status}`);
  }
}

async function openPreview(query = "", pagePath = "/preview/order-lookup"): Promise<Page> {
  const context = await browser.newContext({
    userAgent: CHROME_UA,
    viewport: { width: 1000, height: 900 },
  });
  const page = await context.newPage();
  page.on("request", (request) => {
    if (!request.url().startsWith(server.url)) externalRequests.push(request.url());
  });
  // Cumulative layout shift as Chrome reports it (shifts right after input are excluded).
  await page.addInitScript(() => {
    const w = window as unknown as { __cls: number; __shifts: number };
    w.__cls = 0;
    w.__shifts = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as unknown as {
        value: number;
        hadRecentInput: boolean;
      }[]) {
        w.__shifts += entry.value;
        if (!entry.hadRecentInput) w.__cls += entry.value;
      }
    }).observe({ type: "layout-shift", buffered: true });
  });
  await page.goto(`${server.url}${pagePath}${query}`, { waitUntil: "networkidle" });
  return page;
}

const cls = (page: Page) => page.evaluate(() => (window as unknown as { __cls: number }).__cls);

beforeAll(async () => {
  fs.copyFileSync(inject("sqliteBase"), dbFile);
  server = await startServer({ ...testEnv(`file:${dbFile}`), NODE_ENV: "test" });
  await seed();
  browser = await launchChromium();
  fs.mkdirSync(artifacts, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(dbFile + suffix, { force: true });
});

describe("storefront order lookup block", () => {
  it("looks up an order by number and email and shows its stage and tracking", async () => {
    const page = await openPreview();
    await page.getByLabel("Order number").fill("#9999");
    await page.getByLabel("Email").fill("jon@example.com");
    await page.getByRole("button", { name: /find|track|look/i }).click();
    const result = page.locator("[data-stageline-result]");
    await expect.poll(() => result.innerText(), { timeout: 10_000 }).toContain("In transit");
    const text = await result.innerText();
    expect(text).toContain("#9999");
    expect(text).toContain("1Z5550001");
    const link = result.getByRole("link", { name: /track package/i });
    expect(await link.getAttribute("href")).toBe("https://www.ups.com/track?tracknum=1Z5550001");
    expect(await link.getAttribute("rel")).toContain("noopener");
    // The whole order is readable without an inner scrollbar.
    expect(await link.isVisible()).toBe(true);
    const clipped = await result.evaluate((el) => el.scrollHeight > el.clientHeight + 1);
    expect(clipped).toBe(false);
    await page.screenshot({ path: path.join(artifacts, "order-lookup-found.png"), fullPage: true });
    expect(await cls(page)).toBe(0);
    await page.context().close();
  });

  it("works on the order status page stage emails link to (/apps/order-status)", async () => {
    // The app proxy's root page, rendered by the local stand-in for Shopify's proxy and theme.
    const page = await openPreview("", "/apps/order-status");
    await page.getByLabel("Order number").fill("9999");
    await page.getByLabel("Email").fill("jon@example.com");
    await page.getByRole("button", { name: /find|track|look/i }).click();
    const result = page.locator("[data-stageline-result]");
    await expect.poll(() => result.innerText(), { timeout: 10_000 }).toContain("In transit");
    await page.screenshot({ path: path.join(artifacts, "order-status-page.png"), fullPage: true });
    expect(await cls(page)).toBe(0);
    await page.context().close();
  });

  it("says it could not find the order when the email is wrong", async () => {
    const page = await openPreview();
    await page.getByLabel("Order number").fill("9999");
    await page.getByLabel("Email").fill("someone@example.com");
    await page.getByRole("button", { name: /find|track|look/i }).click();
    await expect
      .poll(() => page.locator("[data-stageline-lookup]").innerText(), { timeout: 10_000 })
      .toContain("couldn’t find that order");
    expect(await page.locator("[data-stageline-result]").innerText()).not.toContain("In transit");
    await page.screenshot({
      path: path.join(artifacts, "order-lookup-not-found.png"),
      fullPage: true,
    });
    expect(await cls(page)).toBe(0);
    await page.context().close();
  });

  it("works with the keyboard alone and moves focus to the result", async () => {
    const page = await openPreview();
    for (let i = 0; i < 10; i++) {
      await page.keyboard.press("Tab");
      if (
        await page.evaluate(
          () => (document.activeElement as HTMLInputElement | null)?.name === "order",
        )
      )
        break;
    }
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).name)).toBe(
      "order",
    );
    await page.keyboard.type("9999");
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).name)).toBe(
      "email",
    );
    await page.keyboard.type("jon@example.com");
    await page.keyboard.press("Enter");
    await expect
      .poll(() => page.locator("[data-stageline-result]").innerText(), { timeout: 10_000 })
      .toContain("In transit");
    const focusInResult = await page.evaluate(
      () => !!document.activeElement?.closest("[data-stageline-result]"),
    );
    expect(focusInResult).toBe(true);
    await page.context().close();
  });

  it("shows Swedish text and labels for a Swedish storefront", async () => {
    const page = await openPreview("?locale=sv");
    await page.locator('input[name="order"]').fill("9999");
    await page.locator('input[name="email"]').fill("jon@example.com");
    await page.locator('button[type="submit"]').click();
    const { DEFAULT_STAGES } = await import("~/domain/stages");
    const sv = DEFAULT_STAGES.find((s) => s.key === "in_transit")!.labels.sv;
    await expect
      .poll(() => page.locator("[data-stageline-result]").innerText(), { timeout: 10_000 })
      .toContain(sv);
    await page.context().close();
  });

  it("escapes merchant text rendered into the block", async () => {
    const page = await openPreview(
      `?heading=${encodeURIComponent("<img src=x onerror=alert(1)>Track")}`,
    );
    expect(await page.locator("h2.stageline-lookup__heading").innerText()).toBe(
      "<img src=x onerror=alert(1)>Track",
    );
    expect(await page.locator("img").count()).toBe(0);
    await page.context().close();
  });

  it("loads no third-party resources and keeps its script under 10 KB gzipped", async () => {
    const page = await openPreview();
    const scriptUrl = await page.locator("script[src*='order-lookup.js']").getAttribute("src");
    const body = await (
      await fetch(`${server.url}${scriptUrl}`, { headers: { "user-agent": CHROME_UA } })
    ).arrayBuffer();
    const gzipped = zlib.gzipSync(Buffer.from(body), { level: 9 }).length;
    expect(gzipped).toBeLessThanOrEqual(10 * 1024);
    expect(externalRequests).toEqual([]);
    await page.context().close();
  });
});
