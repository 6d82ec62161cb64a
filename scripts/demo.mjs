#!/usr/bin/env node
// @ts-check
// Starts the app for the demo, seeds the simulated shop, and prints where to look once it
// answers. With --journey it then plays one new order's whole journey in the terminal, step by
// step (each a Shopify event sent as signed webhooks through the journey simulator), and keeps
// serving.
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DEMO_SHOP, seedDemoShop } from "./demo/seed.mjs";
import { UA } from "./demo/sample-orders.mjs";

if (process.env.NODE_ENV === "production") {
  console.error("demo: refusing to run with NODE_ENV=production (demo credentials are public).");
  process.exit(1);
}
const args = process.argv.slice(2);
const unknown = args.filter((a) => a !== "--journey");
if (unknown.length > 0) {
  console.error(`demo: unknown option ${unknown.join(" ")} (the only option is --journey)`);
  process.exit(2);
}
const started = Date.now();
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const port = Number(process.env.PORT || 3000);
const base = `http://localhost:${port}`;
const server = spawn(process.execPath, [path.join(root, "scripts/start.mjs")], {
  cwd: root,
  stdio: "inherit",
  env: process.env,
});
for (const signal of /** @type {const} */ (["SIGINT", "SIGTERM"])) {
  process.on(signal, () => server.kill(signal));
}
server.on("exit", (code) => process.exit(code ?? 0));

const deadline = Date.now() + 60_000;
let healthy = false;
while (Date.now() < deadline && !healthy) {
  try {
    const response = await fetch(`${base}/healthz`);
    healthy = response.ok;
    if (healthy) break;
  } catch {
    // not listening yet
  }
  await new Promise((r) => setTimeout(r, 250));
}
/** Stops the app too: nothing of the demo outlives it. */
function fail(/** @type {string} */ message) {
  console.error(message);
  server.removeAllListeners("exit");
  server.once("exit", () => process.exit(1));
  server.kill("SIGTERM");
}
if (!healthy) {
  fail(`demo: the app did not answer ${base}/healthz within a minute`);
  await new Promise(() => {});
}
const seed = await seedDemoShop({
  base,
  apiKey: process.env.SHOPIFY_API_KEY ?? "",
  secret: process.env.SHOPIFY_API_SECRET ?? "",
  databaseUrl: process.env.DATABASE_URL ?? "",
}).catch((/** @type {Error} */ error) => {
  fail(`demo: seeding the simulated shop failed: ${error.message}`);
  return /** @type {Promise<never>} */ (new Promise(() => {}));
});

console.log(`
Stageline demo is running on ${base}  (simulated shop ${DEMO_SHOP})
  Storefront block:  ${base}/preview/order-lookup      (try order #1003 with linus@example.com)
                     ${base}/preview/order-lookup?locale=sv
  Order status page: ${base}/apps/order-status      (where stage emails link)
  Admin preview:     ${base}/preview/admin             (the embedded admin pages of the simulated shop)
  Journey simulator: ${base}/preview/admin             (the form under the menu: send Shopify events)
  Email outbox:      ${base}/preview/outbox            (every email it would send; held, no SMTP)
  Health:            ${base}/healthz
  Database:          ${process.env.DATABASE_URL}
Sample orders (${seed.orders}, ${seed.seeded ? `seeded now with ${seed.deliveries} signed webhooks` : "seeded on an earlier run"}), all @example.com:
  #1001 ada@ (awaiting payment), #1002 grace@ (confirmed), #1003 linus@ (in transit),
  #1004 margaret@ (delivered), #1005 alan@ (cancelled), #1006 ada@ (out for delivery),
  #1007 grace@ (shipped), #1008–#1010 (tagged made-to-order: "In production", by a rule),
  #1019 ken@ (partially shipped), #1018 joan@ (on hold), #1028 niklaus@ (refunded),
  #1030–#1033 (returns: requested, in progress, declined, returned) — more in the admin's Orders.
Ready in ${((Date.now() - started) / 1000).toFixed(1)} s.
Stop with Ctrl+C.
`);

if (args.includes("--journey")) await playJourney();

/** One new order's whole journey, step by step, through the journey simulator. */
async function playJourney() {
  /** @type {[event: string, what: string][]} */
  const steps = [
    ["new_order", "A shopper places an order (orders/create, paid)"],
    ["partially_fulfilled", "The merchant ships the first item (fulfillments/create)"],
    ["fulfilled", "…and the rest (fulfillments/create, orders/fulfilled)"],
    ["in_transit", "The carrier picks the parcels up"],
    ["out_for_delivery", "The carrier is out for delivery"],
    ["delivered", "The carrier delivers"],
    ["return_requested", "The shopper asks to return an item (returns/request)"],
    ["return_approved", "The merchant approves the return (returns/approve)"],
    ["return_closed", "The item is back; the return is closed (returns/close)"],
  ];
  console.log("Journey: one new order, step by step (each step is a signed Shopify webhook)");
  let order = "";
  for (const [index, [event, what]] of steps.entries()) {
    const response = await fetch(`${base}/preview/journey`, {
      method: "POST",
      body: new URLSearchParams({ order, event }),
      headers: { "user-agent": UA },
    });
    const answer = await response.json();
    if (!response.ok) {
      console.error(`journey: ${event} refused (${response.status}): ${answer.error}`);
      return;
    }
    order = answer.order;
    if (index === 0) {
      console.log(`  Order ${order} for ${answer.email}`);
      console.log(`    Order detail:     ${base}/preview/admin?path=/app/orders/${answer.orderId}`);
      console.log(
        `    Storefront block: ${base}/preview/order-lookup  (${order}, ${answer.email})`,
      );
      console.log(`    Emails:           ${base}/preview/outbox`);
    }
    const stage = answer.stage ? `${answer.stage.label} (${answer.stage.key})` : "not stored";
    console.log(`  ${index + 1}. ${what}`);
    console.log(`     sent ${topicList(answer.topics)} → stage: ${stage}`);
    await new Promise((r) => setTimeout(r, Number(process.env.DEMO_JOURNEY_PAUSE_MS ?? 1500)));
  }
  console.log(
    `Journey done: ${order} went from order to returned. Still serving; stop with Ctrl+C.`,
  );
}

/** "fulfillments/update ×2, orders/updated" */
function topicList(/** @type {string[]} */ topics) {
  /** @type {Map<string, number>} */
  const counts = new Map();
  for (const topic of topics) counts.set(topic, (counts.get(topic) ?? 0) + 1);
  return [...counts].map(([topic, n]) => (n > 1 ? `${topic} ×${n}` : topic)).join(", ");
}
