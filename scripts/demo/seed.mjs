// @ts-check
// The simulated shop of `npm run demo`: an installed session, the merchant's own stage and rule
// made on the real admin pages (with a session token as Shopify admin would hand it), and the
// sample orders sent as signed webhooks through the real endpoint. Seeded once per database: a
// warm start finds the last sample order and leaves the shop as the last run left it.
import Database from "better-sqlite3";
import { sqliteFilePath } from "../lib/database-url.mjs";
import { sessionToken } from "../lib/shopify-signing.mjs";
import {
  CUSTOM_RULE,
  CUSTOM_STAGE,
  fulfillmentOrderGidOf,
  LAST_SAMPLE_ORDER,
  sampleJourneys,
  sendJourneys,
  UA,
} from "./sample-orders.mjs";

export const DEMO_SHOP = "stageline-demo.myshopify.com";

/**
 * A form posted to an embedded admin page of the demo shop.
 * @param {{ base: string, apiKey: string, secret: string }} app
 * @param {string} path
 * @param {Record<string, string>} form
 */
async function adminPost({ base, apiKey, secret }, path, form) {
  const token = sessionToken({ shop: DEMO_SHOP, apiKey, secret, ttlSeconds: 60 });
  const response = await fetch(`${base}${path}`, {
    method: "POST",
    body: new URLSearchParams(form),
    redirect: "manual",
    headers: { authorization: `Bearer ${token}`, "user-agent": UA },
  });
  if (response.status >= 400) {
    throw new Error(`demo: ${path} answered ${response.status}: ${await response.text()}`);
  }
  return response;
}

/**
 * @param {{ base: string, apiKey: string, secret: string, databaseUrl: string }} options
 * @returns {Promise<{ seeded: boolean, orders: number, deliveries: number }>}
 */
export async function seedDemoShop({ base, apiKey, secret, databaseUrl }) {
  const db = new Database(sqliteFilePath(databaseUrl));
  const journeys = sampleJourneys();
  let has;
  try {
    db.prepare(
      `INSERT OR IGNORE INTO "Session" (id, shop, state, isOnline, scope, accessToken) VALUES (?, ?, 'demo', 0, ?, 'demo-offline-token')`,
    ).run(`offline_${DEMO_SHOP}`, DEMO_SHOP, "read_orders,write_orders");
    // fulfillment_orders/* deliveries name only the fulfillment order; the app asks Shopify's
    // Admin API for its order once and keeps the answer. The demo has no Admin API, so it
    // records those answers for its own orders up front.
    const link = db.prepare(
      `INSERT OR IGNORE INTO "FulfillmentOrderLink" (shop, fulfillmentOrderGid, orderGid) VALUES (?, ?, ?)`,
    );
    for (const { order } of journeys) {
      link.run(DEMO_SHOP, fulfillmentOrderGidOf(order.number), order.gid);
    }
    has = {
      orders: Boolean(
        db
          .prepare(`SELECT 1 FROM "Order" WHERE shop = ? AND name = ?`)
          .get(DEMO_SHOP, LAST_SAMPLE_ORDER),
      ),
      stage: Boolean(
        db
          .prepare(`SELECT 1 FROM "Stage" WHERE shop = ? AND key = ?`)
          .get(DEMO_SHOP, CUSTOM_STAGE.key),
      ),
      rule: Boolean(
        db
          .prepare(`SELECT 1 FROM "EventRule" WHERE shop = ? AND name = ?`)
          .get(DEMO_SHOP, CUSTOM_RULE.name),
      ),
    };
  } finally {
    db.close();
  }
  if (has.orders) return { seeded: false, orders: journeys.length, deliveries: 0 };
  const app = { base, apiKey, secret };
  if (!has.stage) await adminPost(app, "/app/stages/new", { intent: "save", ...CUSTOM_STAGE });
  if (!has.rule) await adminPost(app, "/app/rules/new", CUSTOM_RULE);
  await sendJourneys(base, DEMO_SHOP, secret, journeys);
  for (const { order, setStage } of journeys) {
    if (!setStage) continue;
    const id = order.gid.replace("gid://shopify/Order/", "");
    await adminPost(app, `/app/orders/${id}`, { ...setStage, notify: "false" });
  }
  return {
    seeded: true,
    orders: journeys.length,
    deliveries: journeys.reduce((n, j) => n + j.deliveries.length, 0),
  };
}
