// The adapter between a Shopify webhook request and the services. It verifies the HMAC and the
// required headers with Shopify's library (the validation `authenticate.webhook` runs), parses
// the body once without losing ids, and looks up whether the shop is installed.
//
// One code path serves two front doors: the Remix routes (`webhookAction`, used by `npm run
// dev` and the in-process tests) and the production server, which hands POST /webhooks/* to
// `action.receive` without going through Express and Remix (scripts/start.mjs,
// docs/decisions/005).
import type { ActionFunctionArgs } from "@remix-run/node";
import type { AdminApiContext } from "@shopify/shopify-app-remix/server";
import { parseJsonLossless } from "~/shopify/json";
import { hasOfflineSession, offlineAdmin, validateWebhook } from "~/shopify.server";

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
}

export type WebhookOutcome =
  | { status: "stored"; detail?: Record<string, unknown> }
  | { status: "duplicate" }
  | { status: "ignored"; reason: string }
  | { status: "invalid"; error: string };

export type WebhookService = (delivery: WebhookDelivery) => Promise<WebhookOutcome>;

/** A webhook request as read off the socket: header names lower-cased, the body as text. */
export interface RawWebhookRequest {
  method: string;
  headers: Record<string, string | string[] | undefined>;
  rawBody: string;
}

export interface WebhookReply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

function jsonReply(
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
): WebhookReply {
  return {
    status,
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(value),
  };
}

const EMPTY_401: WebhookReply = { status: 401, headers: {}, body: "" };
const EMPTY_400: WebhookReply = { status: 400, headers: {}, body: "" };

/** The headers Shopify's validation reads: X-Shopify-* (webhooks) and Shopify-* (events). */
function shopifyHeaders(headers: RawWebhookRequest["headers"]): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const name in headers) {
    if (!name.startsWith("x-shopify-") && !name.startsWith("shopify-")) continue;
    const value = headers[name];
    if (value !== undefined) picked[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return picked;
}

type Verified = { ok: true; delivery: WebhookDelivery } | { ok: false; reply: WebhookReply };

/** Verifies the request and builds the delivery; a failure is the reply to send. */
export async function verifyWebhook(request: RawWebhookRequest): Promise<Verified> {
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
  try {
    payload = parseJsonLossless(rawBody);
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    return { ok: false, reply: jsonReply(400, { error: "body is not JSON" }) };
  }
  const shop = check.domain;
  const triggeredAt = check.triggeredAt ? new Date(check.triggeredAt) : null;
  const eventId = check.webhookType === "webhooks" ? check.eventId : undefined;
  return {
    ok: true,
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

/** 2xx only for work that is stored (or deliberately ignored); 422 for a payload we cannot read. */
export function outcomeReply(outcome: WebhookOutcome): WebhookReply {
  if (outcome.status === "invalid") {
    return jsonReply(422, { error: "invalid_payload", message: outcome.error });
  }
  return jsonReply(200, outcome);
}

/** Verifies the request and runs `service`; a service error propagates (the caller answers 5xx). */
export async function receiveWebhook(
  request: RawWebhookRequest,
  service: WebhookService,
): Promise<WebhookReply> {
  const verified = await verifyWebhook(request);
  if (!verified.ok) return verified.reply;
  return outcomeReply(await service(verified.delivery));
}

function toResponse(reply: WebhookReply): Response {
  return new Response(reply.body || null, { status: reply.status, headers: reply.headers });
}

async function fromRequest(request: Request): Promise<RawWebhookRequest> {
  return {
    method: request.method,
    headers: Object.fromEntries(request.headers),
    rawBody: await request.text(),
  };
}

/** A Remix action, plus `receive` for the production server's direct path. */
export interface WebhookAction {
  (args: ActionFunctionArgs): Promise<Response>;
  receive(request: RawWebhookRequest): Promise<WebhookReply>;
}

/** The action of a webhook route: verify → `service` → reply. */
export function webhookAction(service: WebhookService): WebhookAction {
  const action = async ({ request }: ActionFunctionArgs) =>
    toResponse(await receiveWebhook(await fromRequest(request), service));
  return Object.assign(action, {
    receive: (request: RawWebhookRequest) => receiveWebhook(request, service),
  });
}

/**
 * Verifies a webhook request for code that handles it itself; throws the reply (401 for a bad
 * HMAC, 400 for a malformed request) as a Response.
 */
export async function authenticateWebhook(request: Request): Promise<WebhookDelivery> {
  const verified = await verifyWebhook(await fromRequest(request));
  if (!verified.ok) throw toResponse(verified.reply);
  return verified.delivery;
}

export function webhookResponse(outcome: WebhookOutcome): Response {
  return toResponse(outcomeReply(outcome));
}

/** Webhook routes accept POST only. */
export function rejectNonPost() {
  return Response.json(
    { error: "method_not_allowed" },
    { status: 405, headers: { Allow: "POST" } },
  );
}
