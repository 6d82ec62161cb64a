// Requests signed exactly as Shopify signs them.
import crypto from "node:crypto";
import { TEST_API_SECRET, TEST_APP_URL } from "./constants";

export interface WebhookOptions {
  shop: string;
  topic: string;
  body: string | object;
  eventId?: string;
  webhookId?: string;
  triggeredAt?: string;
  secret?: string;
  path?: string;
  apiVersion?: string;
}

export function webhookHmac(body: string, secret = TEST_API_SECRET): string {
  return crypto.createHmac("sha256", secret).update(body, "utf8").digest("base64");
}

/** Default route of a topic, as declared in shopify.app.toml. */
export function webhookPath(topic: string): string {
  if (["customers/data_request", "customers/redact", "shop/redact"].includes(topic))
    return "/webhooks/compliance";
  if (topic.startsWith("app/") || ["bulk_operations/finish", "shop/update"].includes(topic))
    return `/webhooks/${topic}`;
  return "/webhooks/orders";
}

export function signedWebhook(options: WebhookOptions): Request {
  const body = typeof options.body === "string" ? options.body : JSON.stringify(options.body);
  const eventId = options.eventId ?? crypto.randomUUID();
  return new Request(new URL(options.path ?? webhookPath(options.topic), TEST_APP_URL), {
    method: "POST",
    body,
    headers: {
      "content-type": "application/json",
      "x-shopify-topic": options.topic,
      "x-shopify-hmac-sha256": webhookHmac(body, options.secret),
      "x-shopify-shop-domain": options.shop,
      "x-shopify-api-version": options.apiVersion ?? "2026-10",
      "x-shopify-webhook-id": options.webhookId ?? crypto.randomUUID(),
      "x-shopify-event-id": eventId,
      "x-shopify-triggered-at": options.triggeredAt ?? new Date().toISOString(),
    },
  });
}

/**
 * The query Shopify's app proxy appends: every parameter, sorted by key, as key=value joined
 * without separator (repeated keys joined with ","), HMAC-SHA256 hex under `signature`.
 */
export function appProxySignature(params: [string, string][], secret = TEST_API_SECRET): string {
  const grouped = new Map<string, string[]>();
  for (const [key, value] of params) {
    if (key === "signature") continue;
    grouped.set(key, [...(grouped.get(key) ?? []), value]);
  }
  const message = [...grouped.keys()]
    .sort()
    .map((key) => `${key}=${grouped.get(key)!.join(",")}`)
    .join("");
  return crypto.createHmac("sha256", secret).update(message).digest("hex");
}

export interface ProxyOptions {
  shop: string;
  path: string;
  loggedInCustomerId?: string;
  /** Where the shopper reached the proxy; Shopify's default for this app. */
  pathPrefix?: string;
  timestamp?: number;
  extraParams?: [string, string][];
  secret?: string;
  method?: string;
  body?: BodyInit;
  headers?: Record<string, string>;
}

export function signedProxyRequest(options: ProxyOptions): Request {
  const params: [string, string][] = [
    ["shop", options.shop],
    ["logged_in_customer_id", options.loggedInCustomerId ?? ""],
    ["path_prefix", options.pathPrefix ?? "/apps/order-status"],
    ["timestamp", String(options.timestamp ?? Math.floor(Date.now() / 1000))],
    ...(options.extraParams ?? []),
  ];
  const url = new URL(options.path, TEST_APP_URL);
  for (const [key, value] of params) url.searchParams.append(key, value);
  url.searchParams.set("signature", appProxySignature(params, options.secret));
  return new Request(url, {
    method: options.method ?? "GET",
    body: options.body,
    headers: options.headers,
  });
}
