// @ts-check
// Sample orders for the demo shop, sent through the real signed webhook endpoint so the demo
// shows exactly what Shopify's deliveries would produce.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { shopifyJson, webhookHeaders } from "../lib/shopify-signing.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const template = JSON.parse(
  fs.readFileSync(path.join(root, "tests/fixtures/webhooks/orders/updated.json"), "utf8"),
);
const UA =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

/**
 * A sample order payload (REST webhook shape) built on the fixture.
 * @param {number} number
 * @param {string} email
 * @param {Record<string, unknown>} changes
 * @param {string} at
 * @returns {Record<string, any>}
 */
export function order(number, email, changes, at) {
  const id = String(7_000_000_000_000 + number);
  return {
    ...template,
    id,
    admin_graphql_api_id: `gid://shopify/Order/${id}`,
    name: `#${number}`,
    order_number: number,
    email,
    created_at: at,
    processed_at: at,
    updated_at: at,
    cancelled_at: null,
    cancel_reason: null,
    closed_at: null,
    financial_status: "paid",
    fulfillment_status: null,
    fulfillments: [],
    refunds: [],
    ...changes,
  };
}

/**
 * A fulfillment of the whole order, shipped with PostNord.
 * @param {Record<string, any>} orderBody
 * @param {number} n
 * @param {string | null} shipmentStatus
 * @param {string} at
 */
export function fulfillment(orderBody, n, shipmentStatus, at) {
  const id = String(8_000_000_000_000 + Number(orderBody.order_number) * 10 + n);
  return {
    id,
    admin_graphql_api_id: `gid://shopify/Fulfillment/${id}`,
    order_id: orderBody.id,
    status: "success",
    shipment_status: shipmentStatus,
    created_at: at,
    updated_at: at,
    tracking_company: "PostNord",
    tracking_number: `PN${id.slice(-8)}SE`,
    tracking_numbers: [`PN${id.slice(-8)}SE`],
    tracking_url: `https://tracking.example/PN${id.slice(-8)}SE`,
    tracking_urls: [`https://tracking.example/PN${id.slice(-8)}SE`],
    line_items: orderBody.line_items,
  };
}

/** @param {number} n */
const day = (n) => new Date(Date.now() - n * 86_400_000).toISOString();

/**
 * [topic, body] pairs, in the order Shopify would send them.
 * @returns {[string, Record<string, any>][]}
 */
export function sampleDeliveries() {
  const pending = order(1001, "ada@example.com", { financial_status: "pending" }, day(1));
  const confirmed = order(1002, "grace@example.com", {}, day(2));
  const shippedAt = day(1);
  const shippedBase = order(
    1003,
    "linus@example.com",
    { fulfillment_status: "fulfilled", updated_at: shippedAt },
    day(4),
  );
  const inTransit = {
    ...shippedBase,
    fulfillments: [fulfillment(shippedBase, 1, "in_transit", shippedAt)],
  };
  const deliveredBase = order(
    1004,
    "margaret@example.com",
    { fulfillment_status: "fulfilled", updated_at: day(1) },
    day(6),
  );
  const delivered = {
    ...deliveredBase,
    fulfillments: [fulfillment(deliveredBase, 1, "delivered", day(1))],
  };
  const cancelled = order(
    1005,
    "alan@example.com",
    {
      cancelled_at: day(1),
      cancel_reason: "customer",
      financial_status: "refunded",
      updated_at: day(1),
    },
    day(3),
  );
  const outBase = order(1006, "ada@example.com", { fulfillment_status: "fulfilled" }, day(3));
  const outForDelivery = {
    ...outBase,
    updated_at: day(0),
    fulfillments: [fulfillment(outBase, 1, "out_for_delivery", day(0))],
  };
  const shippedOnlyBase = order(
    1007,
    "grace@example.com",
    { fulfillment_status: "fulfilled" },
    day(2),
  );
  const shippedOnly = {
    ...shippedOnlyBase,
    updated_at: day(1),
    fulfillments: [fulfillment(shippedOnlyBase, 1, null, day(1))],
  };
  return [
    ["orders/create", pending],
    ["orders/create", confirmed],
    ["orders/create", { ...shippedBase, fulfillment_status: null, updated_at: day(4) }],
    ["orders/updated", inTransit],
    ["orders/create", { ...deliveredBase, fulfillment_status: null, updated_at: day(6) }],
    ["orders/updated", delivered],
    [
      "orders/create",
      { ...cancelled, cancelled_at: null, financial_status: "paid", updated_at: day(3) },
    ],
    ["orders/cancelled", cancelled],
    ["orders/create", { ...outBase, fulfillment_status: null }],
    ["orders/updated", outForDelivery],
    ["orders/create", { ...shippedOnlyBase, fulfillment_status: null }],
    ["orders/updated", shippedOnly],
  ];
}

/**
 * One delivery through the real signed webhook endpoint.
 * @param {string} baseUrl
 * @param {{ shop: string, secret: string, topic: string, body: Record<string, any> }} delivery
 */
export async function sendDelivery(baseUrl, { shop, secret, topic, body }) {
  const text = shopifyJson(body);
  const response = await fetch(`${baseUrl}/webhooks/orders`, {
    method: "POST",
    body: text,
    headers: {
      ...webhookHeaders({ shop, topic, body: text, secret, triggeredAt: body.updated_at }),
      "user-agent": UA,
    },
  });
  if (!response.ok) throw new Error(`demo: ${topic} ${body.name} answered ${response.status}`);
  return response.status;
}

/**
 * @param {string} baseUrl
 * @param {string} shop
 * @param {string | undefined} secret
 */
export async function sendSampleOrders(baseUrl, shop, secret) {
  for (const [topic, body] of sampleDeliveries()) {
    await sendDelivery(baseUrl, { shop, secret: secret ?? "", topic, body });
  }
}
