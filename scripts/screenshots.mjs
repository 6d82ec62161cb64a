#!/usr/bin/env node
// @ts-check
// The README's screenshots (docs/screenshots/*.png), taken from a running demo with Debian's
// Chromium: `npm run demo` in one terminal, then `node scripts/screenshots.mjs [base URL]`
// (default http://localhost:3000). Offline: every request to another origin is refused. Not
// part of `npm test`.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const out = path.join(root, "docs/screenshots");
const base = (process.argv[2] ?? "http://localhost:3000").replace(/\/$/, "");
const DESKTOP = { width: 1280, height: 860 };
const PHONE = { width: 390, height: 844 };
const DETAIL_ORDER = "7000000001006"; // #1006, out for delivery
const UA =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

fs.mkdirSync(out, { recursive: true });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
});

/**
 * A page at the given size, offline except for the demo.
 * @param {{ width: number, height: number }} viewport
 */
async function newPage(viewport) {
  const context = await browser.newContext({
    viewport,
    userAgent: UA,
    deviceScaleFactor: 1,
    isMobile: viewport.width < 500,
    hasTouch: viewport.width < 500,
  });
  await context.route("**/*", (route) =>
    route.request().url().startsWith(base) ? route.continue() : route.abort(),
  );
  return context.newPage();
}

/**
 * An admin page inside the preview frame, once its heading is shown.
 * @param {string} file
 * @param {string} adminPath
 * @param {{ viewport?: { width: number, height: number }, locale?: string, ready: string | RegExp }} options
 */
async function admin(file, adminPath, { viewport = DESKTOP, locale = "en", ready }) {
  const page = await newPage(viewport);
  await page.goto(`${base}/preview/admin?path=${adminPath}&locale=${locale}`);
  const app = page.frameLocator("#app");
  await app.getByRole("heading", { name: ready }).first().waitFor({ timeout: 20_000 });
  await page.waitForLoadState("networkidle");
  await shoot(page, file);
}

/**
 * The viewport (the admin pages scroll inside the frame's iframe), or the whole page.
 * @param {import("playwright-core").Page} page
 * @param {string} file
 */
async function shoot(page, file, fullPage = false) {
  await page.screenshot({ path: path.join(out, file), fullPage });
  await page.context().close();
  console.log(`screenshots: docs/screenshots/${file}`);
}

/**
 * The storefront lookup (preview block or the order status page) with a found order.
 * @param {string} file
 * @param {string} url
 * @param {string} order
 * @param {string} email
 */
async function lookup(file, url, order, email) {
  const page = await newPage(DESKTOP);
  await page.goto(url, { waitUntil: "networkidle" });
  await page.getByLabel("Order number").fill(order);
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: /find|track|look/i }).click();
  await page.locator("[data-stageline-result] *").first().waitFor();
  await page.waitForLoadState("networkidle");
  await shoot(page, file, true);
}

try {
  await admin("dashboard.png", "/app", { ready: /dashboard/i });
  await admin("orders.png", "/app/orders", { ready: "Orders" });
  await admin("order-detail.png", `/app/orders/${DETAIL_ORDER}`, { ready: "#1006" });
  await admin("stages.png", "/app/stages", { ready: "Stages" });
  await admin("rules.png", "/app/rules", { ready: "Rules" });
  await admin("emails.png", "/app/emails", { ready: "Emails" });
  await lookup(
    "storefront-block.png",
    `${base}/preview/order-lookup`,
    "#1003",
    "linus@example.com",
  );
  await lookup("order-status-page.png", `${base}/apps/order-status`, "#1031", "grace@example.com");
  await admin("orders-phone-sv.png", "/app/orders", {
    viewport: PHONE,
    locale: "sv",
    ready: "Beställningar",
  });
  await admin("order-detail-phone-sv.png", `/app/orders/${DETAIL_ORDER}`, {
    viewport: PHONE,
    locale: "sv",
    ready: "#1006",
  });
} finally {
  await browser.close();
}
