// @ts-check
// The demo shop's orders, sent through the real signed webhook endpoint so the demo shows exactly
// what Shopify's deliveries would produce. Every body is built from Shopify's published example
// payloads (tests/fixtures/webhooks, see its README): `DemoOrder` plays one order's life and
// answers the deliveries each step would cause; `sampleJourneys()` is the seeded shop, spread
// over every default stage and the merchant's own "In production" stage, over simulated days.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { shopifyJson, webhookHeaders } from "../lib/shopify-signing.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
/** @param {string} name e.g. "orders/updated" */
const fixture = (name) =>
  JSON.parse(fs.readFileSync(path.join(root, `tests/fixtures/webhooks/${name}.json`), "utf8"));
const template = fixture("orders/updated");
const refundTemplate = fixture("refunds/create");
const returnTemplates = {
  request: fixture("returns/request"),
  approve: fixture("returns/approve"),
  decline: fixture("returns/decline"),
  close: fixture("returns/close"),
};
const holdTemplate = fixture("fulfillment_orders/placed_on_hold");
export const UA =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

/** The merchant's own stage and the event rule that fills it (created on the admin pages). */
export const CUSTOM_STAGE = {
  key: "in_production",
  labelEn: "In production",
  labelSv: "I produktion",
  descriptionEn: "We're making your order by hand. It ships as soon as it's ready.",
  descriptionSv: "Vi tillverkar din beställning för hand. Den skickas så snart den är klar.",
  internalName: "Workshop",
  color: "magic",
  icon: "hammer",
  visibleToCustomer: "true",
  notifyCustomer: "true",
  expectedBusinessDays: "5",
  position: "4",
};
export const MADE_TO_ORDER_TAG = "made-to-order";
export const CUSTOM_RULE = {
  name: "Made to order",
  enabled: "true",
  trigger: "order_created",
  triggerStageKey: "",
  conditions: JSON.stringify([{ field: "tag", operator: "equals", value: MADE_TO_ORDER_TAG }]),
  setStageKey: CUSTOM_STAGE.key,
  notifyCustomer: "false",
};

/**
 * @typedef {Record<string, any>} Payload
 * @typedef {{ topic: string, body: Payload, at: string }} Delivery
 */

/**
 * A sample order payload (REST webhook shape) built on the fixture.
 * @param {number} number
 * @param {string} email
 * @param {Record<string, unknown>} changes
 * @param {string} at
 * @returns {Payload}
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
 * A fulfillment of the given line items (all of them by default), shipped with PostNord.
 * @param {Payload} orderBody
 * @param {number} n
 * @param {string | null} shipmentStatus
 * @param {string} at
 * @param {Payload[]} [lineItems]
 */
export function fulfillment(orderBody, n, shipmentStatus, at, lineItems = orderBody.line_items) {
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
    line_items: lineItems,
  };
}

const SURNAMES = /** @type {Record<string, string>} */ ({
  ada: "Lovelace",
  grace: "Hopper",
  linus: "Torvalds",
  margaret: "Hamilton",
  alan: "Turing",
  hedy: "Lamarr",
  barbara: "Liskov",
  edsger: "Dijkstra",
  frances: "Allen",
  john: "Backus",
  katherine: "Johnson",
  dennis: "Ritchie",
  radia: "Perlman",
  tim: "Berners-Lee",
  donald: "Knuth",
  joan: "Clarke",
  ken: "Thompson",
  lynn: "Conway",
  bjarne: "Stroustrup",
  guido: "van Rossum",
  sophie: "Wilson",
  brian: "Kernighan",
  mary: "Jackson",
  anita: "Borg",
  leslie: "Lamport",
  niklaus: "Wirth",
});

/**
 * The example's customer as the shopper with this email address (one id per address).
 * @param {string} email
 */
function customerOf(email) {
  const local = email.split("@")[0];
  const id = String(
    6_500_000_000_000 + [...local].reduce((n, c) => (n * 31 + c.charCodeAt(0)) % 1_000_000, 7),
  );
  const first = local.charAt(0).toUpperCase() + local.slice(1);
  const last = SURNAMES[local] ?? "Shopper";
  const address = { ...template.shipping_address, first_name: first, last_name: last };
  return {
    customer: {
      ...template.customer,
      id,
      admin_graphql_api_id: `gid://shopify/Customer/${id}`,
      first_name: first,
      last_name: last,
      email,
    },
    billing_address: address,
    shipping_address: address,
  };
}

/** The fulfillment order Shopify would hold for a demo order (the Admin API names its order). */
export const fulfillmentOrderGidOf = (/** @type {number} */ number) =>
  `gid://shopify/FulfillmentOrder/${6_000_000_000_000 + number}`;

/**
 * One order's life as Shopify would report it: each step changes the order and answers the
 * deliveries it causes, each body a snapshot of that moment.
 */
export class DemoOrder {
  /**
   * @param {number} number
   * @param {string} email
   * @param {{ tags?: string[], lineItems?: number }} [options]
   */
  constructor(number, email, { tags = [], lineItems = 2 } = {}) {
    this.number = number;
    /** @type {Payload} */
    this.body = order(
      number,
      email,
      { tags: tags.join(", "), ...customerOf(email) },
      new Date(0).toISOString(),
    );
    this.body.line_items = template.line_items.slice(0, lineItems);
    /** @type {Payload[]} */
    this.fulfillments = [];
    /** @type {Payload[]} */
    this.refunds = [];
    this.returnStatus = /** @type {string | null} */ (null);
    this.onHold = false;
  }

  get name() {
    return String(this.body.name);
  }

  get email() {
    return String(this.body.email);
  }

  get tags() {
    return String(this.body.tags ?? "")
      .split(",")
      .map((t) => t.trim())
      .filter(Boolean);
  }

  /**
   * @param {Record<string, unknown>} changes
   * @param {string} at
   */
  update(changes, at) {
    this.body = {
      ...this.body,
      ...changes,
      updated_at: at,
      fulfillments: this.fulfillments,
      refunds: this.refunds,
    };
    return this.body;
  }

  /**
   * orders/create.
   * @param {string} at
   * @param {string} financialStatus
   * @returns {Delivery[]}
   */
  create(at, financialStatus = "paid") {
    const body = this.update(
      { created_at: at, processed_at: at, financial_status: financialStatus },
      at,
    );
    return [{ topic: "orders/create", body, at }];
  }

  /** @param {string} at @returns {Delivery[]} */
  pay(at) {
    const body = this.update({ financial_status: "paid" }, at);
    return [
      { topic: "orders/paid", body, at },
      { topic: "orders/updated", body, at },
    ];
  }

  /**
   * The financial status changes without a payment (e.g. "expired"), orders/updated.
   * @param {string} at @param {string} status @returns {Delivery[]}
   */
  paymentStatus(at, status) {
    return [{ topic: "orders/updated", body: this.update({ financial_status: status }, at), at }];
  }

  /** Line items not shipped yet. */
  unshipped() {
    const shipped = new Set(
      this.fulfillments.flatMap((f) => f.line_items.map((/** @type {Payload} */ l) => l.id)),
    );
    return this.body.line_items.filter((/** @type {Payload} */ l) => !shipped.has(l.id));
  }

  /**
   * A new fulfillment: of the first unshipped line item when `partial`, else of all the rest.
   * @param {string} at
   * @param {{ partial?: boolean, shipmentStatus?: string | null }} [options]
   * @returns {Delivery[]}
   */
  fulfill(at, { partial = false, shipmentStatus = null } = {}) {
    const rest = this.unshipped();
    if (rest.length === 0) return [{ topic: "orders/updated", body: this.update({}, at), at }];
    const items = partial && rest.length > 1 ? rest.slice(0, 1) : rest;
    const made = fulfillment(this.body, this.fulfillments.length + 1, shipmentStatus, at, items);
    this.fulfillments = [...this.fulfillments, made];
    const complete = items.length === rest.length;
    const body = this.update({ fulfillment_status: complete ? "fulfilled" : "partial" }, at);
    return [
      { topic: "fulfillments/create", body: made, at },
      { topic: complete ? "orders/fulfilled" : "orders/partially_fulfilled", body, at },
      { topic: "orders/updated", body, at },
    ];
  }

  /**
   * A carrier status on the order's shipments (or ships everything first), orders/updated.
   * @param {string} at @param {string} status @returns {Delivery[]}
   */
  carrier(at, status) {
    const before = this.fulfillments.length === 0 ? this.fulfill(at) : [];
    this.fulfillments = this.fulfillments.map((f) => ({
      ...f,
      shipment_status: status,
      updated_at: at,
    }));
    const shipped = this.fulfillments.map((f) => ({ ...f }));
    return [
      ...before,
      ...shipped.map((f) => ({ topic: "fulfillments/update", body: f, at })),
      { topic: "orders/updated", body: this.update({}, at), at },
    ];
  }

  /** @param {string} at @returns {Delivery[]} */
  cancel(at) {
    const paid = this.body.financial_status === "paid";
    const body = this.update(
      {
        cancelled_at: at,
        cancel_reason: "customer",
        closed_at: at,
        financial_status: paid ? "refunded" : "voided",
      },
      at,
    );
    return [
      { topic: "orders/cancelled", body, at },
      { topic: "orders/updated", body, at },
    ];
  }

  /**
   * A refund of the first line item (refunds/create), then the order's new financial status.
   * @param {string} at @param {boolean} full @returns {Delivery[]}
   */
  refund(at, full) {
    const id = String(8_500_000_000_000 + this.number * 10 + this.refunds.length + 1);
    const first = this.body.line_items[0];
    const refund = {
      ...refundTemplate,
      id,
      admin_graphql_api_id: `gid://shopify/Refund/${id}`,
      order_id: this.body.id,
      created_at: at,
      processed_at: at,
      note: full ? "Refunded in full" : "Refunded one item",
      refund_line_items: refundTemplate.refund_line_items
        .slice(0, 1)
        .map((/** @type {Payload} */ line) => ({
          ...line,
          line_item_id: first.id,
          line_item: first,
        })),
    };
    this.refunds = [...this.refunds, refund];
    const body = this.update({ financial_status: full ? "refunded" : "partially_refunded" }, at);
    return [
      { topic: "refunds/create", body: refund, at },
      { topic: "orders/updated", body, at },
    ];
  }

  /**
   * A step of the order's return, from the example payload of returns/<action>.
   * @param {string} at @param {"request" | "approve" | "decline" | "close"} action
   * @returns {Delivery[]}
   */
  returnStep(at, action) {
    const id = String(9_000_000_000_000 + this.number);
    /** @type {Payload} */
    const body = {
      ...returnTemplates[action],
      id,
      admin_graphql_api_id: `gid://shopify/Return/${id}`,
    };
    if (body.order) body.order = { id: this.body.id, admin_graphql_api_id: this.gid };
    else body.order_id = this.body.id;
    this.returnStatus = body.status;
    return [{ topic: `returns/${action}`, body, at }];
  }

  /**
   * The merchant holds the order's fulfillment order (fulfillment_orders/placed_on_hold).
   * @param {string} at @returns {Delivery[]}
   */
  hold(at) {
    this.onHold = true;
    const gid = fulfillmentOrderGidOf(this.number);
    const body = {
      ...holdTemplate,
      fulfillment_order: {
        ...holdTemplate.fulfillment_order,
        id: gid,
        fulfillment_holds: [
          { ...holdTemplate.fulfillment_order.fulfillment_holds[0], reason_notes: "Address check" },
        ],
      },
      remaining_fulfillment_order: null,
      held_fulfillment_order_line_items: [],
    };
    return [{ topic: "fulfillment_orders/placed_on_hold", body, at }];
  }

  get gid() {
    return String(this.body.admin_graphql_api_id);
  }
}

/** @param {number} days @param {number} [hours] */
const ago = (days, hours = 0) => new Date(Date.now() - days * 86_400_000 - hours * 3_600_000);
/** @param {number} days @param {number} [hours] */
const at = (days, hours = 0) => ago(days, hours).toISOString();

/**
 * A seeded order: its life (steps, oldest first) and a stage a merchant set afterwards on its
 * Order detail page, if any.
 * @typedef {{ order: DemoOrder, deliveries: Delivery[], setStage?: { stageKey: string, note: string } }} Journey
 */

/**
 * The seeded shop, in the order Shopify would send it: 32 orders over every default stage and
 * the custom stage, over the last two weeks. #1001–#1007 are the orders the demo prints.
 * @returns {Journey[]}
 */
export function sampleJourneys() {
  /** @type {Journey[]} */
  const journeys = [];
  /**
   * @param {number} number @param {string} email
   * @param {(o: DemoOrder, at: (days: number, hours?: number) => string) => Delivery[][]} life
   * @param {{ tags?: string[], lineItems?: number, setStage?: Journey["setStage"] }} [options]
   */
  const add = (number, email, life, options = {}) => {
    const o = new DemoOrder(number, email, options);
    // Each order's events at its own time of day (earlier, so still in the past).
    const shift = ((number * 137) % 540) / 60;
    const when = (/** @type {number} */ days, hours = 0) => at(days, hours + shift);
    journeys.push({ order: o, deliveries: life(o, when).flat(), setStage: options.setStage });
  };
  const ex = (/** @type {string} */ name) => `${name}@example.com`;

  // The orders the demo prints (and the browser test drives).
  add(1001, ex("ada"), (o, at) => [o.create(at(1), "pending")]);
  add(1002, ex("grace"), (o, at) => [o.create(at(2))]);
  add(1003, ex("linus"), (o, at) => [
    o.create(at(4)),
    o.fulfill(at(2)),
    o.carrier(at(1), "in_transit"),
  ]);
  add(1004, ex("margaret"), (o, at) => [
    o.create(at(6)),
    o.fulfill(at(4)),
    o.carrier(at(3), "in_transit"),
    o.carrier(at(1), "delivered"),
  ]);
  add(1005, ex("alan"), (o, at) => [o.create(at(3)), o.cancel(at(1))]);
  add(1006, ex("ada"), (o, at) => [
    o.create(at(3)),
    o.fulfill(at(2)),
    o.carrier(at(1), "in_transit"),
    o.carrier(at(0, 2), "out_for_delivery"),
  ]);
  add(1007, ex("grace"), (o, at) => [o.create(at(2)), o.fulfill(at(1))]);
  // Made to order: the rule moves them to "In production".
  add(1008, ex("hedy"), (o, at) => [o.create(at(5))], { tags: [MADE_TO_ORDER_TAG] });
  add(1009, ex("barbara"), (o, at) => [o.create(at(2))], { tags: [MADE_TO_ORDER_TAG, "gift"] });
  add(1010, ex("edsger"), (o, at) => [o.create(at(12))], { tags: [MADE_TO_ORDER_TAG] });
  // …and one that was made and has shipped since.
  add(
    1011,
    ex("frances"),
    (o, at) => [o.create(at(9)), o.fulfill(at(3)), o.carrier(at(2), "in_transit")],
    {
      tags: [MADE_TO_ORDER_TAG],
    },
  );
  // Payment: placed (authorization not known yet), issue (expired).
  add(1012, ex("john"), (o, at) => [o.create(at(0, 5), "")]);
  add(1013, ex("katherine"), (o, at) => [
    o.create(at(4), "pending"),
    o.paymentStatus(at(1), "expired"),
  ]);
  add(1014, ex("dennis"), (o, at) => [o.create(at(6), "pending")]);
  // Confirmed, one of them stuck for a while.
  add(1015, ex("radia"), (o, at) => [o.create(at(0, 3))]);
  add(1016, ex("tim"), (o, at) => [o.create(at(8))]);
  // Preparing: a merchant set it on the Order detail page.
  add(1017, ex("donald"), (o, at) => [o.create(at(1, 4))], {
    setStage: { stageKey: "processing", note: "Packing started" },
  });
  // On hold.
  add(1018, ex("joan"), (o, at) => [o.create(at(3)), o.hold(at(2))]);
  // Partially shipped: two of three items.
  add(1019, ex("ken"), (o, at) => [o.create(at(5)), o.fulfill(at(3), { partial: true })], {
    lineItems: 3,
  });
  add(1020, ex("lynn"), (o, at) => [o.create(at(2)), o.fulfill(at(1), { partial: true })]);
  // Shipped, in transit, ready for pickup, out for delivery, a delivery issue.
  add(1021, ex("bjarne"), (o, at) => [o.create(at(3)), o.fulfill(at(0, 6))]);
  add(1022, ex("guido"), (o, at) => [
    o.create(at(7)),
    o.fulfill(at(5)),
    o.carrier(at(4), "in_transit"),
  ]);
  add(1023, ex("sophie"), (o, at) => [
    o.create(at(5)),
    o.fulfill(at(3)),
    o.carrier(at(2), "in_transit"),
    o.carrier(at(1), "ready_for_pickup"),
  ]);
  add(1024, ex("brian"), (o, at) => [
    o.create(at(4)),
    o.fulfill(at(3)),
    o.carrier(at(2), "in_transit"),
    o.carrier(at(0, 4), "out_for_delivery"),
  ]);
  add(1025, ex("mary"), (o, at) => [
    o.create(at(6)),
    o.fulfill(at(4)),
    o.carrier(at(2), "in_transit"),
    o.carrier(at(1), "attempted_delivery"),
  ]);
  // Delivered over the last days.
  add(1026, ex("anita"), (o, at) => [
    o.create(at(10)),
    o.fulfill(at(8)),
    o.carrier(at(5), "delivered"),
  ]);
  add(1027, ex("leslie"), (o, at) => [
    o.create(at(7)),
    o.fulfill(at(5)),
    o.carrier(at(2), "delivered"),
  ]);
  // Refunds: in full, and one item (the order keeps its stage).
  add(1028, ex("niklaus"), (o, at) => [o.create(at(6)), o.refund(at(4), true)]);
  add(1029, ex("alan"), (o, at) => [
    o.create(at(9)),
    o.fulfill(at(7)),
    o.carrier(at(5), "delivered"),
    o.refund(at(3), false),
  ]);
  // Returns: requested, approved (in progress), declined, closed (returned).
  add(1030, ex("ada"), (o, at) => [
    o.create(at(14)),
    o.fulfill(at(12)),
    o.carrier(at(10), "delivered"),
    o.returnStep(at(1), "request"),
  ]);
  add(1031, ex("grace"), (o, at) => [
    o.create(at(13)),
    o.fulfill(at(11)),
    o.carrier(at(9), "delivered"),
    o.returnStep(at(3), "request"),
    o.returnStep(at(2), "approve"),
  ]);
  add(1032, ex("margaret"), (o, at) => [
    o.create(at(14)),
    o.fulfill(at(12)),
    o.carrier(at(10), "delivered"),
    o.returnStep(at(4), "request"),
    o.returnStep(at(3), "decline"),
  ]);
  add(1033, ex("linus"), (o, at) => [
    o.create(at(15)),
    o.fulfill(at(13)),
    o.carrier(at(11), "delivered"),
    o.returnStep(at(6), "request"),
    o.returnStep(at(5), "approve"),
    o.returnStep(at(1), "close"),
  ]);
  return journeys;
}

/** The last seeded order's name: once the shop has it, the seed is there (warm start). */
export const LAST_SAMPLE_ORDER = "#1033";

/**
 * One delivery through the real signed webhook endpoint.
 * @param {string} baseUrl
 * @param {{ shop: string, secret: string, topic: string, body: Payload, at?: string }} delivery
 */
export async function sendDelivery(baseUrl, { shop, secret, topic, body, at }) {
  const text = shopifyJson(body);
  const response = await fetch(`${baseUrl}/webhooks/orders`, {
    method: "POST",
    body: text,
    headers: {
      ...webhookHeaders({ shop, topic, body: text, secret, triggeredAt: at ?? body.updated_at }),
      "user-agent": UA,
    },
  });
  if (!response.ok) {
    throw new Error(`demo: ${topic} ${body.name ?? body.id} answered ${response.status}`);
  }
  return response.status;
}

/**
 * Sends every journey's deliveries, a few orders at a time (each order's in sequence).
 * @param {string} baseUrl
 * @param {string} shop
 * @param {string} secret
 * @param {Journey[]} journeys
 */
export async function sendJourneys(baseUrl, shop, secret, journeys, concurrency = 4) {
  const queue = [...journeys];
  const worker = async () => {
    for (let journey = queue.shift(); journey; journey = queue.shift()) {
      for (const { topic, body, at } of journey.deliveries) {
        await sendDelivery(baseUrl, { shop, secret, topic, body, at });
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}
