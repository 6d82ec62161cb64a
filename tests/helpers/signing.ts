// Requests signed exactly as Shopify signs them.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { parse } from "smol-toml";
import {
  appProxySignature as sharedProxySignature,
  webhookHeaders,
  webhookHmac as sharedWebhookHmac,
} from "../../scripts/lib/shopify-signing.mjs";
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
  return sharedWebhookHmac(body, secret);
}

type Subscription = { topics?: string[]; compliance_topics?: string[]; uri: string };

/** topic → route, as shopify.app.toml subscribes it (checked against the topic table). */
const ROUTE_OF_TOPIC = new Map(
  (
    parse(fs.readFileSync(path.resolve(import.meta.dirname, "../../shopify.app.toml"), "utf8")) as {
      webhooks: { subscriptions: Subscription[] };
    }
  ).webhooks.subscriptions.flatMap((s) =>
    [...(s.topics ?? []), ...(s.compliance_topics ?? [])].map((topic) => [topic, s.uri] as const),
  ),
);

/** The route Shopify delivers a topic to; a topic not subscribed goes to the order route. */
export function webhookPath(topic: string): string {
  return ROUTE_OF_TOPIC.get(topic) ?? "/webhooks/orders";
}

export function signedWebhook(options: WebhookOptions): Request {
  const body = typeof options.body === "string" ? options.body : JSON.stringify(options.body);
  const eventId = options.eventId ?? crypto.randomUUID();
  return new Request(new URL(options.path ?? webhookPath(options.topic), TEST_APP_URL), {
    method: "POST",
    body,
    headers: webhookHeaders({
      ...options,
      body,
      eventId,
      secret: options.secret ?? TEST_API_SECRET,
    }),
  });
}

/** The `signature` Shopify's app proxy appends (see scripts/lib/shopify-signing.mjs). */
export function appProxySignature(params: [string, string][], secret = TEST_API_SECRET): string {
  return sharedProxySignature(params, secret);
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
