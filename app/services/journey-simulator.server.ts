// The demo's journey simulator: pushes one of the simulated shop's orders through Shopify
// events, each sent as a signed webhook through the real endpoint (/webhooks/orders), built from
// Shopify's example payloads by the demo's order model (scripts/demo/sample-orders.mjs). Demo
// only: its route is refused in production and for non-loopback hosts. The orders' latest
// payloads are kept in memory; a restart of the demo starts again from the samples.
import { z } from "zod";
import {
  DemoOrder,
  MADE_TO_ORDER_TAG,
  sampleJourneys,
  sendDelivery,
} from "../../scripts/demo/sample-orders.mjs";
import { env } from "~/env.server";
import { findAdminOrder } from "~/models/order-list.server";
import { findStage } from "~/models/stages.server";
import { defaultStage, isDefaultStageKey } from "~/domain/stages";
import { PREVIEW_SHOP } from "./storefront-preview.server";

export const JOURNEY_EVENTS = [
  "new_order",
  "new_tagged_order",
  "paid",
  "partially_fulfilled",
  "fulfilled",
  "in_transit",
  "out_for_delivery",
  "attempted_delivery",
  "delivered",
  "cancelled",
  "refunded",
  "return_requested",
  "return_approved",
  "return_declined",
  "return_closed",
] as const;
export type JourneyEvent = (typeof JOURNEY_EVENTS)[number];

/** Events that make a new order (the form's order is not used). */
const NEW_ORDER_EVENTS: ReadonlySet<JourneyEvent> = new Set(["new_order", "new_tagged_order"]);
const FIRST_NEW_ORDER = 1101;
const NEW_ORDER_EMAILS = ["ada", "grace", "linus", "margaret", "alan", "hedy"];

let latest: Map<string, DemoOrder> | null = null;

/** The simulated shop's orders as the simulator last left them, by order name. */
function orders(): Map<string, DemoOrder> {
  if (!latest) {
    latest = new Map();
    for (const { order } of sampleJourneys()) latest.set(order.name, order);
  }
  return latest;
}

export function journeyOrderNames(): string[] {
  return [...orders().keys()];
}

export const journeyInput = z.object({
  order: z.string().trim().max(20).default(""),
  event: z.enum(JOURNEY_EVENTS),
});

type Delivery = ReturnType<DemoOrder["create"]>[number];

/** The deliveries Shopify would send for `event` on the order, at `at` (ISO time). */
export function journeyDeliveries(order: DemoOrder, event: JourneyEvent, at: string): Delivery[] {
  switch (event) {
    case "new_order":
    case "new_tagged_order":
      return order.create(at);
    case "paid":
      return order.pay(at);
    case "partially_fulfilled":
      return order.fulfill(at, { partial: true });
    case "fulfilled":
      return order.fulfill(at);
    case "in_transit":
    case "out_for_delivery":
    case "attempted_delivery":
    case "delivered":
      return order.carrier(at, event);
    case "cancelled":
      return order.cancel(at);
    case "refunded":
      return order.refund(at, true);
    case "return_requested":
      return order.returnStep(at, "request");
    case "return_approved":
      return order.returnStep(at, "approve");
    case "return_declined":
      return order.returnStep(at, "decline");
    case "return_closed":
      return order.returnStep(at, "close");
  }
}

export class JourneyError extends Error {}

/** A new order of the simulated shop, numbered after every order the shop already has. */
async function newOrder(event: JourneyEvent): Promise<DemoOrder> {
  for (let number = FIRST_NEW_ORDER; number < FIRST_NEW_ORDER + 1000; number++) {
    const candidate = new DemoOrder(
      number,
      `${NEW_ORDER_EMAILS[number % NEW_ORDER_EMAILS.length]}@example.com`,
      { tags: event === "new_tagged_order" ? [MADE_TO_ORDER_TAG] : [], lineItems: 3 },
    );
    if (orders().has(candidate.name)) continue;
    if (await findAdminOrder(PREVIEW_SHOP, candidate.gid)) continue;
    return candidate;
  }
  throw new JourneyError("no free order number for a new order");
}

export interface JourneyResult {
  order: string;
  orderId: string;
  email: string;
  event: JourneyEvent;
  /** Every topic sent, in order, and the last one. */
  topics: string[];
  topic: string;
  status: number;
  /** The order's stage after the event, as the app stored it. */
  stage: { key: string; label: string } | null;
}

/** Sends the event for the order through the app's own webhook endpoint at `origin`. */
export async function simulateJourneyEvent(
  origin: string,
  input: z.infer<typeof journeyInput>,
  now: Date,
): Promise<JourneyResult> {
  const order = NEW_ORDER_EVENTS.has(input.event)
    ? await newOrder(input.event)
    : orders().get(input.order);
  if (!order) throw new JourneyError(`no sample order ${input.order || "(none named)"}`);
  const deliveries = journeyDeliveries(order, input.event, now.toISOString());
  let status = 0;
  for (const { topic, body, at } of deliveries) {
    status = await sendDelivery(origin, {
      shop: PREVIEW_SHOP,
      secret: env().SHOPIFY_API_SECRET,
      topic,
      body,
      at,
    });
  }
  orders().set(order.name, order);
  const topics = deliveries.map((d) => d.topic);
  return {
    order: order.name,
    orderId: order.gid.replace("gid://shopify/Order/", ""),
    email: order.email,
    event: input.event,
    topics,
    topic: topics.at(-1) ?? "",
    status,
    stage: await stageOf(order.gid),
  };
}

async function stageOf(orderGid: string): Promise<JourneyResult["stage"]> {
  const stored = await findAdminOrder(PREVIEW_SHOP, orderGid);
  if (!stored) return null;
  const key = stored.stageKey;
  const row = await findStage(PREVIEW_SHOP, key);
  const labels = row ? (JSON.parse(row.labels) as Record<string, string>) : null;
  const label =
    labels?.en ?? (isDefaultStageKey(key) ? defaultStage(key).labels.en : undefined) ?? key;
  return { key, label };
}
