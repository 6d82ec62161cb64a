// The demo's journey simulator: pushes one of the simulated shop's sample orders through Shopify
// events, each sent as a signed webhook through the real endpoint (/webhooks/orders), built from
// the sample payloads (scripts/demo/sample-orders.mjs). Demo only: its route is refused in
// production and for non-loopback hosts. The orders' latest payloads are kept in memory; a
// restart of the demo starts again from the samples.
import { z } from "zod";
import { fulfillment, sampleDeliveries, sendDelivery } from "../../scripts/demo/sample-orders.mjs";
import { env } from "~/env.server";
import { PREVIEW_SHOP } from "./storefront-preview.server";

export const JOURNEY_EVENTS = [
  "paid",
  "fulfilled",
  "in_transit",
  "out_for_delivery",
  "attempted_delivery",
  "delivered",
  "cancelled",
] as const;
export type JourneyEvent = (typeof JOURNEY_EVENTS)[number];

type Payload = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- Shopify's REST payload

let latest: Map<string, Payload> | null = null;

/** The sample orders' latest payloads, by order name. */
function orders(): Map<string, Payload> {
  if (!latest) {
    latest = new Map();
    for (const [, body] of sampleDeliveries()) latest.set(String(body.name), body as Payload);
  }
  return latest;
}

export function journeyOrderNames(): string[] {
  return [...orders().keys()];
}

export const journeyInput = z.object({
  order: z.string().trim().min(1).max(20),
  event: z.enum(JOURNEY_EVENTS),
});

/** The payload Shopify would send after `event`, and its topic. */
export function applyJourneyEvent(
  body: Payload,
  event: JourneyEvent,
  at: string,
): { topic: string; body: Payload } {
  const next: Payload = { ...body, updated_at: at };
  if (event === "paid")
    return { topic: "orders/paid", body: { ...next, financial_status: "paid" } };
  if (event === "cancelled") {
    return {
      topic: "orders/cancelled",
      body: { ...next, cancelled_at: at, cancel_reason: "customer" },
    };
  }
  const shipped = (next.fulfillments as unknown[] | undefined)?.length
    ? (next.fulfillments as Record<string, unknown>[])
    : [fulfillment(next, 1, null, at) as Record<string, unknown>];
  const shipmentStatus = event === "fulfilled" ? null : event;
  return {
    topic: "orders/updated",
    body: {
      ...next,
      fulfillment_status: "fulfilled",
      fulfillments: shipped.map((f) =>
        event === "fulfilled" ? f : { ...f, shipment_status: shipmentStatus, updated_at: at },
      ),
    },
  };
}

export class JourneyError extends Error {}

/** Sends the event for the order through the app's own webhook endpoint at `origin`. */
export async function simulateJourneyEvent(
  origin: string,
  input: z.infer<typeof journeyInput>,
  now: Date,
): Promise<{ topic: string; order: string; event: JourneyEvent; status: number }> {
  const current = orders().get(input.order);
  if (!current) throw new JourneyError(`no sample order ${input.order}`);
  const { topic, body } = applyJourneyEvent(current, input.event, now.toISOString());
  const status = await sendDelivery(origin, {
    shop: PREVIEW_SHOP,
    secret: env().SHOPIFY_API_SECRET,
    topic,
    body,
  });
  orders().set(input.order, body);
  return { topic, order: input.order, event: input.event, status };
}
