// `npm run demo` as shipped (scripts/demo.mjs after the install and build of scripts/demo.sh),
// in real Chromium and offline: the printed admin preview opens the real embedded admin of the
// simulated shop (Orders with the sample orders, an Order detail, Data requests) inside the
// stand-in of Shopify admin's frame, with the local App Bridge stand-in; the printed outbox
// viewer shows the held stage emails the sample orders produced. No console errors, and nothing
// is asked of any other origin.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { CHROME_UA } from "../helpers/constants";
import { freePort } from "../helpers/server-process";
import { until, waitFor } from "../helpers/wait";
import { launchChromium } from "../helpers/chromium";

const root = path.resolve(import.meta.dirname, "../..");
const artifacts = path.join(root, "tests/artifacts");
const dbFile = path.join(path.dirname(inject("sqliteBase")), `browser-demo-${process.pid}.sqlite`);
const SHOP = "stageline-demo.myshopify.com";

let demo: ChildProcess;
let output = "";
let urls: Record<string, string>;
let browser: Browser;

function heldEmails(): number {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    const row = db
      .prepare(`SELECT COUNT(*) AS n FROM "EmailOutbox" WHERE "shop" = ? AND "status" = 'held'`)
      .get(SHOP) as { n: number };
    return row.n;
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  fs.copyFileSync(inject("sqliteBase"), dbFile);
  const port = await freePort();
  // The environment scripts/demo.sh sets (demo credentials, development, loopback).
  demo = spawn(process.execPath, [path.join(root, "scripts/demo.mjs")], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? "",
      NODE_ENV: "development",
      DATABASE_URL: `file:${dbFile}`,
      PORT: String(port),
      HOST: "127.0.0.1",
      SHOPIFY_API_KEY: "stageline-demo-key",
      SHOPIFY_API_SECRET: "stageline-demo-secret",
      SHOPIFY_APP_URL: `http://localhost:${port}`,
      EMAIL_COALESCE_SECONDS: "0",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  demo.stdout!.on("data", (d) => (output += d));
  demo.stderr!.on("data", (d) => (output += d));
  await waitFor(
    () => demo.exitCode === null && output.includes("Stop with Ctrl+C"),
    `the demo's URLs (output so far:\n${output})`,
    90_000,
  ).catch((error: Error) => {
    throw new Error(`${error.message}\n${output}`);
  });
  urls = {};
  for (const [name, label] of [
    ["admin", "Admin preview"],
    ["outbox", "Email outbox"],
    ["storefront", "Storefront block"],
  ]) {
    urls[name] = new RegExp(`${label}:\\s+(\\S+)`).exec(output)?.[1] ?? "";
  }
  browser = await launchChromium();
  fs.mkdirSync(artifacts, { recursive: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  if (demo && demo.exitCode === null) {
    const exited = new Promise((resolve) => demo.once("exit", resolve));
    demo.kill("SIGTERM");
    await exited;
  }
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(dbFile + suffix, { force: true });
});

interface Opened {
  page: Page;
  context: BrowserContext;
  errors: string[];
  external: string[];
}

async function open(url: string): Promise<Opened> {
  const context = await browser.newContext({
    userAgent: CHROME_UA,
    viewport: { width: 1280, height: 900 },
  });
  const page = await context.newPage();
  const errors: string[] = [];
  const external: string[] = [];
  page.on("console", (message) => {
    // A full navigation of the frame (the Data requests link) unloads a document whose Remix
    // route discovery may still be fetching; the browser cancels it and Remix reports it. That
    // is the old page going away, not an error of any page the merchant sees.
    if (message.type() === "error" && !/^Failed to fetch manifest patches/.test(message.text())) {
      errors.push(message.text());
    }
  });
  page.on("pageerror", (error) => errors.push(error.message));
  const origin = new URL(url).origin;
  // Offline: anything not of the demo's origin is recorded and refused.
  await context.route("**/*", (route) => {
    const requested = route.request().url();
    if (requested.startsWith(origin)) return route.continue();
    external.push(requested);
    return route.abort();
  });
  await page.goto(url, { waitUntil: "networkidle" });
  return { page, context, errors, external };
}

async function close(opened: Opened, screenshot: string) {
  // caret "initial": Playwright's default hides the caret by styling inputs, which a page still
  // hydrating (the frame reloads the app after a journey event) reports as a mismatch.
  await opened.page.screenshot({
    path: path.join(artifacts, screenshot),
    fullPage: true,
    caret: "initial",
  });
  expect(opened.errors).toEqual([]);
  expect(opened.external, "nothing is asked of Shopify's CDN or any other origin").toEqual([]);
  await opened.context.close();
}

describe("npm run demo", () => {
  it("prints the storefront, order status, admin preview and outbox URLs", () => {
    const base = /running on (\S+)/.exec(output)?.[1];
    expect(base).toMatch(/^http:\/\/localhost:\d+$/);
    expect(urls).toEqual({
      admin: `${base}/preview/admin`,
      outbox: `${base}/preview/outbox`,
      storefront: `${base}/preview/order-lookup`,
    });
    expect(output).toContain(`Order status page: ${base}/apps/order-status`);
  });

  it("opens the embedded admin of the simulated shop: Orders, an Order detail, Stages, Emails, Data requests", async () => {
    const opened = await open(urls.admin);
    const { page } = opened;
    const app = page.frameLocator("#app");
    // The dashboard first; the app's NavMenu becomes the frame's menu.
    const nav = page.locator("#app-links");
    await nav.getByRole("link", { name: "Orders" }).waitFor();
    expect(await nav.locator("a").allTextContents()).toEqual([
      "Dashboard",
      "Orders",
      "Stages",
      "Emails",
      "Settings",
    ]);

    await nav.getByRole("link", { name: "Orders" }).click();
    for (const name of ["#1001", "#1003", "#1006", "#1007"]) {
      await app.locator("tr", { hasText: name }).first().waitFor();
    }
    expect(await page.locator("#app-links a[aria-current=page]").textContent()).toBe("Orders");
    // Client-side navigation inside the frame (the document was loaded once).
    const documents = await page.evaluate(
      () =>
        (
          document.getElementById("app") as HTMLIFrameElement
        ).contentWindow!.performance.getEntriesByType("navigation").length,
    );
    expect(documents).toBe(1);

    await app.locator("tr", { hasText: "#1003" }).getByRole("link", { name: "#1003" }).click();
    await app.getByRole("heading", { name: "#1003" }).waitFor();
    await until(async () => (await page.locator("#title").textContent()) === "#1003", {
      what: "the title bar to reach the frame",
    });
    await expect(
      app
        .getByText(/in transit/i)
        .first()
        .textContent(),
    ).resolves.toBeTruthy();

    await nav.getByRole("link", { name: "Stages" }).click();
    await app.getByRole("heading", { name: "Stages", exact: true }).waitFor();
    await app.getByText("Out for delivery").first().waitFor();
    await until(async () => (await page.locator("#title").textContent()) === "Stages", {
      what: "the Stages title bar to reach the frame",
    });
    await nav.getByRole("link", { name: "Emails" }).click();
    await app.getByRole("heading", { name: "Emails", exact: true }).waitFor();
    await until(async () => (await page.locator("#title").textContent()) === "Emails", {
      what: "the Emails title bar to reach the frame",
    });

    await page.locator("#extra-links").getByRole("link", { name: "Data requests" }).click();
    await app.getByRole("heading", { name: /data requests/i }).waitFor();
    await close(opened, "demo-admin-preview.png");
  });

  it("hands the frame fresh session tokens that the admin accepts", async () => {
    const base = new URL(urls.admin).origin;
    const fresh = await fetch(`${base}/preview/admin-token`, {
      method: "POST",
      headers: { "user-agent": CHROME_UA },
    });
    expect(fresh.status).toBe(200);
    const { token, expiresAt } = (await fresh.json()) as { token: string; expiresAt: number };
    expect(expiresAt).toBeGreaterThan(Date.now() + 60_000);
    // What the Orders page's client-side navigation asks (Remix single fetch), with that token.
    const ordersData = (authorization: string) =>
      fetch(`${base}/app/orders.data?_routes=routes%2Fapp.orders._index`, {
        headers: { "user-agent": CHROME_UA, authorization },
      });
    const orders = await ordersData(`Bearer ${token}`);
    expect(orders.status).toBe(200);
    expect(await orders.text()).toContain("#1003");
    const forged = await ordersData(`Bearer ${token.slice(0, -4)}AAAA`);
    expect(await forged.text()).not.toContain("#1003");
  });

  it("shows the held stage emails, newest first, as the shopper would see them", async () => {
    await until(() => heldEmails() >= 3, { what: "the sample orders' stage emails to be held" });
    const opened = await open(urls.outbox);
    const { page } = opened;
    const emails = page.locator("details[data-email]");
    const ids = (await emails.evaluateAll((nodes) =>
      nodes.map((n) => Number(n.getAttribute("data-email"))),
    )) as number[];
    expect(ids.length).toBeGreaterThanOrEqual(3);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    const newest = emails.first();
    await expect(newest.getAttribute("data-status")).resolves.toBe("held");
    await expect(newest.locator(".status").textContent()).resolves.toContain("not sent");
    // The HTML part, sandboxed (no scripts), and the text part.
    await expect(newest.locator("iframe").getAttribute("sandbox")).resolves.toBe("");
    const body = newest.frameLocator("iframe").locator("body");
    await expect(body.textContent()).resolves.toMatch(/#10\d\d/);
    await expect(newest.locator("pre").textContent()).resolves.toMatch(/#10\d\d/);
    await close(opened, "demo-outbox.png");
  });

  it("simulates “out for delivery” on #1003: the stage on Order detail, the email, the storefront block", async () => {
    const opened = await open(`${urls.admin}?path=/app/orders`);
    const { page } = opened;
    const app = page.frameLocator("#app");
    await app.locator("tr", { hasText: "#1003" }).getByRole("link", { name: "#1003" }).click();
    await app.getByRole("heading", { name: "#1003" }).waitFor();
    const held = heldEmails();
    const change = app.getByText("In transit → Out for delivery");
    expect(await change.count()).toBe(0);

    const journey = page.locator("#journey");
    await journey.getByLabel("Order").selectOption("#1003");
    await journey.getByLabel("Shopify event").selectOption("out_for_delivery");
    await journey.getByRole("button", { name: /send/i }).click();
    await expect
      .poll(() => page.locator("#journey-result").textContent(), { timeout: 10_000 })
      .toBe("Sent orders/updated for #1003 (200) — stage: Out for delivery");
    // The frame reloads the page the merchant was on: Order detail, now out for delivery.
    await app.getByRole("heading", { name: "#1003" }).waitFor();
    await change.waitFor(); // the timeline's stage change, from Shopify's event
    await close(opened, "demo-journey-detail.png");

    await until(() => heldEmails() > held, { what: "the out-for-delivery email to be held" });
    const outbox = await open(urls.outbox);
    const newest = outbox.page.locator("details[data-email]").first();
    await expect(newest.locator("summary strong").textContent()).resolves.toBe(
      "Order #1003: Out for delivery",
    );
    await expect(newest.locator("summary").textContent()).resolves.toContain("linus@example.com");
    await close(outbox, "demo-journey-outbox.png");

    const storefront = await open(urls.storefront);
    await storefront.page.getByLabel("Order number").fill("#1003");
    await storefront.page.getByLabel("Email").fill("linus@example.com");
    await storefront.page.getByRole("button", { name: /find|track|look/i }).click();
    const result = storefront.page.locator("[data-stageline-result]");
    await expect.poll(() => result.innerText(), { timeout: 10_000 }).toContain("Out for delivery");
    await close(storefront, "demo-journey-storefront.png");
  });

  it("sends a new order tagged made-to-order: the merchant's rule puts it in “In production”", async () => {
    const opened = await open(`${urls.admin}?path=/app/orders`);
    const { page } = opened;
    const app = page.frameLocator("#app");
    // The seeded shop already has orders in the custom stage.
    await app.locator("tr", { hasText: "#1008" }).getByText("In production").waitFor();
    const journey = page.locator("#journey");
    await journey.getByLabel("Shopify event").selectOption("new_tagged_order");
    await journey.getByRole("button", { name: /send/i }).click();
    await expect
      .poll(() => page.locator("#journey-result").textContent(), { timeout: 10_000 })
      .toMatch(/^Sent orders\/create for (#11\d\d) \(200\) — stage: In production$/);
    const name = /#11\d\d/.exec((await page.locator("#journey-result").textContent()) ?? "")![0];
    // The new order is now the simulator's order, and on the reloaded Orders page.
    await expect(journey.getByLabel("Order").inputValue()).resolves.toBe(name);
    await app.locator("tr", { hasText: name }).getByText("In production").waitFor();
    await close(opened, "demo-journey-new-order.png");
  });

  it("refuses an unknown order or event without sending anything", async () => {
    const base = new URL(urls.admin).origin;
    const post = (form: Record<string, string>) =>
      fetch(`${base}/preview/journey`, {
        method: "POST",
        headers: { "user-agent": CHROME_UA },
        body: new URLSearchParams(form),
      });
    const unknownOrder = await post({ order: "#4040", event: "delivered" });
    expect(unknownOrder.status).toBe(404);
    const badEvent = await post({ order: "#1002", event: "teleported" });
    expect(badEvent.status).toBe(400);
    expect(await badEvent.json()).toEqual({ error: expect.stringContaining("event") });
  });
});
