#!/usr/bin/env node
// @ts-check
// Starts the app for the demo and prints where to look once it answers.
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { sqliteFilePath } from "./lib/database-url.mjs";
import { sendSampleOrders } from "./demo/sample-orders.mjs";

const DEMO_SHOP = "stageline-demo.myshopify.com";

if (process.env.NODE_ENV === "production") {
  console.error("demo: refusing to run with NODE_ENV=production (demo credentials are public).");
  process.exit(1);
}
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
while (Date.now() < deadline) {
  try {
    const response = await fetch(`${base}/healthz`);
    if (response.ok) break;
  } catch {
    // not listening yet
  }
  await new Promise((r) => setTimeout(r, 250));
}
// The simulated shop: an installed session and sample orders sent as signed webhooks.
const db = new Database(sqliteFilePath(process.env.DATABASE_URL ?? ""));
db.prepare(
  `INSERT OR IGNORE INTO "Session" (id, shop, state, isOnline, scope, accessToken) VALUES (?, ?, 'demo', 0, ?, 'demo-offline-token')`,
).run(`offline_${DEMO_SHOP}`, DEMO_SHOP, "read_orders,write_orders");
db.close();
await sendSampleOrders(base, DEMO_SHOP, process.env.SHOPIFY_API_SECRET);

console.log(`
Stageline demo is running on ${base}  (simulated shop ${DEMO_SHOP})
  Storefront block:  ${base}/preview/order-lookup      (try order #1003 with linus@example.com)
                     ${base}/preview/order-lookup?locale=sv
  Order status page: ${base}/apps/order-status      (where stage emails link)
  Admin preview:     ${base}/preview/admin             (the embedded admin pages of the simulated shop)
  Email outbox:      ${base}/preview/outbox            (every email it would send; held, no SMTP)
  Health:            ${base}/healthz
  Database:          ${process.env.DATABASE_URL}
Sample orders: #1001 ada@ (awaiting payment), #1002 grace@ (confirmed), #1003 linus@ (in transit),
#1004 margaret@ (delivered), #1005 alan@ (cancelled), #1006 ada@ (out for delivery),
#1007 grace@ (shipped) — all @example.com.
Stop with Ctrl+C.
`);
