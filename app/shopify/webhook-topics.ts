// The one list of webhook topics Stageline subscribes to, and the route each one is delivered to.
// shopify.app.toml, the routes, the ingestion dispatch (webhook-payloads.ts), the fixtures and
// the tests are checked against it (tests/unit/app-config.test.ts, tests/integration/webhook-topics.test.ts).

export type WebhookTopicKind = "order" | "app" | "bulk_operation" | "shop" | "compliance";

export interface WebhookSubscription {
  topic: string;
  /** The app path Shopify delivers it to (shopify.app.toml `uri`). */
  uri: string;
  kind: WebhookTopicKind;
}

const ORDER_URI = "/webhooks/orders";

const order = (topic: string): WebhookSubscription => ({ topic, uri: ORDER_URI, kind: "order" });

export const WEBHOOK_SUBSCRIPTIONS: readonly WebhookSubscription[] = [
  order("orders/create"),
  order("orders/updated"),
  order("orders/paid"),
  order("orders/cancelled"),
  order("orders/fulfilled"),
  order("orders/partially_fulfilled"),
  order("orders/edited"),
  order("orders/delete"),
  order("fulfillments/create"),
  order("fulfillments/update"),
  order("fulfillment_events/create"),
  order("refunds/create"),
  order("returns/request"),
  order("returns/approve"),
  order("returns/decline"),
  order("returns/cancel"),
  order("returns/close"),
  order("returns/reopen"),
  order("fulfillment_orders/placed_on_hold"),
  order("fulfillment_orders/hold_released"),
  order("fulfillment_orders/scheduled_fulfillment_order_ready"),
  { topic: "app/uninstalled", uri: "/webhooks/app/uninstalled", kind: "app" },
  { topic: "app/scopes_update", uri: "/webhooks/app/scopes_update", kind: "app" },
  {
    topic: "bulk_operations/finish",
    uri: "/webhooks/bulk_operations/finish",
    kind: "bulk_operation",
  },
  { topic: "shop/update", uri: "/webhooks/shop/update", kind: "shop" },
  { topic: "customers/data_request", uri: "/webhooks/compliance", kind: "compliance" },
  { topic: "customers/redact", uri: "/webhooks/compliance", kind: "compliance" },
  { topic: "shop/redact", uri: "/webhooks/compliance", kind: "compliance" },
];

export function topicsOfKind(kind: WebhookTopicKind): string[] {
  return WEBHOOK_SUBSCRIPTIONS.filter((s) => s.kind === kind).map((s) => s.topic);
}
