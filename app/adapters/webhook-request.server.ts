// The adapter between a Shopify webhook request and the services. It verifies the HMAC and the
// required headers with Shopify's library (the validation `authenticate.webhook` runs), parses
// the body once without losing ids, and looks up whether the shop is installed.
//
// Webhook routes are direct routes (./direct-request.server.ts): the production server hands
// POST /webhooks/* to `action.receive` without going through Express and Remix
// (docs/decisions/005).
import { isCanonicalShopDomain } from "~/domain/shop-domain";
import { parseJsonLossless } from "~/shopify/json";
import { keepUnreadableDelivery } from "~/services/rejected-deliveries.server";
import type { WebhookDelivery, WebhookOutcome, WebhookService } from "~/services/webhook-delivery";
import { hasOfflineSession, offlineAdmin, validateWebhook } from "~/shopify.server";
import {
  directRoute,
  jsonReply,
  type DirectReply,
  type DirectRequest,
  type DirectRoute,
} from "./direct-request.server";

export type { WebhookDelivery, WebhookOutcome, WebhookService };

/**
 * Shopify sends whole resources: an order with 500 line items (about 1 KB each in a real payload's
 * structure, more with long titles and properties), each repeated in a fulfillment and a refund,
 * comes to 1.5–5 MB. Beyond 8 MiB a delivery is answered 413; Shopify retries it, and the daily
 * reconciliation reads the order from the Admin API (docs/decisions/010).
 */
export const MAX_WEBHOOK_BYTES = 8 * 1024 * 1024;

const EMPTY_401: DirectReply = { status: 401, headers: {}, body: "" };
const EMPTY_400: DirectReply = { status: 400, headers: {}, body: "" };

/** The headers Shopify's validation reads: X-Shopify-* (webhooks) and Shopify-* (events). */
function shopifyHeaders(headers: DirectRequest["headers"]): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const name in headers) {
    if (!name.startsWith("x-shopify-") && !name.startsWith("shopify-")) continue;
    const value = headers[name];
    if (value !== undefined) picked[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return picked;
}

type Verified =
  { ok: true; delivery: WebhookDelivery; unreadable?: string } | { ok: false; reply: DirectReply };

/** Verifies the request and builds the delivery; a failure is the reply to send. */
export async function verifyWebhook(request: DirectRequest): Promise<Verified> {
  if (request.method !== "POST") {
    return { ok: false, reply: jsonReply(405, { error: "method_not_allowed" }, { allow: "POST" }) };
  }
  const { rawBody } = request;
  const headers = shopifyHeaders(request.headers);
  const check = await validateWebhook(rawBody, headers);
  if (!check.valid) {
    return { ok: false, reply: check.reason === "invalid_hmac" ? EMPTY_401 : EMPTY_400 };
  }
  let payload: unknown;
  let unreadable: string | undefined;
  try {
    payload = parseJsonLossless(rawBody);
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    unreadable = "body is not JSON";
  }
  const shop = check.domain;
  // Shopify sends the permanent domain in lower case; anything else (a trailing dot, upper
  // case, the header sent twice) is not a delivery we can attribute to a shop.
  if (!isCanonicalShopDomain(shop)) return { ok: false, reply: EMPTY_400 };
  const triggeredAt = check.triggeredAt ? new Date(check.triggeredAt) : null;
  const eventId = check.webhookType === "webhooks" ? check.eventId : undefined;
  return {
    ok: true,
    unreadable,
    delivery: {
      shop,
      // The header form ("orders/updated"); the library's field is "ORDERS_UPDATED".
      topic: headers["x-shopify-topic"] ?? headers["shopify-topic"] ?? check.topic,
      dedupeKey: eventId || check.webhookId,
      webhookId: check.webhookId,
      triggeredAt: triggeredAt && !Number.isNaN(triggeredAt.getTime()) ? triggeredAt : null,
      rawBody,
      payload,
      installed: await hasOfflineSession(shop),
      admin: () => offlineAdmin(shop),
    },
  };
}

/**
 * 2xx for work that is stored, deliberately ignored, or kept as rejected: an authentic delivery
 * is never bounced, since Shopify would only retry the same unreadable payload and then drop it
 * (docs/decisions/012). Only requests that fail verification get a 4xx.
 */
export function outcomeReply(outcome: WebhookOutcome): DirectReply {
  return jsonReply(200, outcome);
}

/** Verifies the request and runs `service`; a service error propagates (the caller answers 5xx). */
export async function receiveWebhook(
  request: DirectRequest,
  service: WebhookService,
): Promise<DirectReply> {
  const verified = await verifyWebhook(request);
  if (!verified.ok) return verified.reply;
  const { delivery, unreadable } = verified;
  if (unreadable !== undefined) {
    return outcomeReply(await keepUnreadableDelivery(delivery, delivery.rawBody, unreadable));
  }
  const outcome = await service(delivery);
  if (outcome.status === "invalid") {
    return outcomeReply(await keepUnreadableDelivery(delivery, delivery.rawBody, outcome.error));
  }
  return outcomeReply(outcome);
}

/** The action of a webhook route: verify → `service` → reply. */
export function webhookAction(service: WebhookService): DirectRoute {
  return directRoute((request) => receiveWebhook(request, service), MAX_WEBHOOK_BYTES);
}

/** Webhook routes accept POST only. */
export function rejectNonPost() {
  return Response.json(
    { error: "method_not_allowed" },
    { status: 405, headers: { Allow: "POST" } },
  );
}
