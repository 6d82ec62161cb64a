// The adapter between a Shopify webhook request and the services: verifies the HMAC (through
// the Shopify library) and keeps the raw body, which the services parse without losing ids.
import type { AdminApiContext } from "@shopify/shopify-app-remix/server";
import { authenticate } from "~/shopify.server";

export interface WebhookDelivery {
  shop: string;
  topic: string;
  /** X-Shopify-Event-Id, else X-Shopify-Webhook-Id: the same event delivered twice shares it. */
  dedupeKey: string;
  webhookId: string;
  triggeredAt: Date | null;
  rawBody: string;
  /** Present only while the shop has an offline session (the app is installed). */
  admin: AdminApiContext | undefined;
}

/** Verifies a webhook request; throws 401 for a bad HMAC, 400 for a malformed request. */
export async function authenticateWebhook(request: Request): Promise<WebhookDelivery> {
  const rawBody = await request.clone().text();
  let context;
  try {
    context = await authenticate.webhook(request);
  } catch (error) {
    if (error instanceof SyntaxError) {
      throw Response.json({ error: "body is not JSON" }, { status: 400 });
    }
    throw error;
  }
  const triggeredAt = context.triggeredAt ? new Date(context.triggeredAt) : null;
  return {
    shop: context.shop,
    // The header form ("orders/updated"); the library's context has "ORDERS_UPDATED".
    topic: request.headers.get("x-shopify-topic") ?? String(context.topic),
    dedupeKey: context.eventId || context.webhookId,
    webhookId: context.webhookId,
    triggeredAt: triggeredAt && !Number.isNaN(triggeredAt.getTime()) ? triggeredAt : null,
    rawBody,
    admin: context.admin,
  };
}

export type WebhookOutcome =
  | { status: "stored"; detail?: Record<string, unknown> }
  | { status: "duplicate" }
  | { status: "ignored"; reason: string }
  | { status: "invalid"; error: string };

/** 2xx only for work that is stored (or deliberately ignored); 422 for a payload we cannot read. */
export function webhookResponse(outcome: WebhookOutcome): Response {
  if (outcome.status === "invalid") {
    return Response.json({ error: "invalid_payload", message: outcome.error }, { status: 422 });
  }
  return Response.json(outcome, { status: 200 });
}

/** Webhook routes accept POST only. */
export function rejectNonPost() {
  return Response.json({ error: "method_not_allowed" }, { status: 405, headers: { Allow: "POST" } });
}
