// What the webhook adapter hands the services, and what they answer (app/adapters/ turns the
// answer into the HTTP reply). Owned here so services never import an adapter.
import type { AdminApiContext } from "@shopify/shopify-app-remix/server";

export interface WebhookDelivery {
  shop: string;
  topic: string;
  /** X-Shopify-Event-Id, else X-Shopify-Webhook-Id: the same event delivered twice shares it. */
  dedupeKey: string;
  webhookId: string;
  triggeredAt: Date | null;
  rawBody: string;
  /** The body, parsed with parseJsonLossless (ids are strings). */
  payload: unknown;
  /** True while the shop has an offline session (the app is installed). */
  installed: boolean;
  /** Admin API access for the shop; only while it is installed. */
  admin: () => Promise<AdminApiContext>;
  /** A replay of a delivery kept as rejected (its rejected receipt gives way to the real one). */
  replaying?: boolean;
}

export type WebhookOutcome =
  | { status: "stored"; detail?: Record<string, unknown> }
  | { status: "duplicate" }
  | { status: "ignored"; reason: string }
  | { status: "invalid"; error: string }
  /** Authentic but unreadable: kept with its error and body for inspection and replay. */
  | { status: "rejected"; error: string };

export type WebhookService = (delivery: WebhookDelivery) => Promise<WebhookOutcome>;
