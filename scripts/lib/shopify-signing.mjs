// @ts-check
// Requests signed exactly as Shopify signs them, for the bench, the demo and the tests (one copy).
import crypto from "node:crypto";

/**
 * X-Shopify-Hmac-Sha256 of a webhook body: HMAC-SHA256 under the app secret, base64.
 * @param {string} body
 * @param {string} secret
 */
export function webhookHmac(body, secret) {
  return crypto.createHmac("sha256", secret).update(body, "utf8").digest("base64");
}

/**
 * The `signature` Shopify's app proxy appends: every parameter, sorted by key, as key=value
 * joined without separator (repeated keys joined with ","), HMAC-SHA256 hex.
 * @param {[string, string][]} params
 * @param {string} secret
 */
export function appProxySignature(params, secret) {
  /** @type {Map<string, string[]>} */
  const grouped = new Map();
  for (const [key, value] of params) {
    if (key === "signature") continue;
    grouped.set(key, [...(grouped.get(key) ?? []), value]);
  }
  const message = [...grouped.keys()]
    .sort()
    .map((key) => `${key}=${grouped.get(key)?.join(",")}`)
    .join("");
  return crypto.createHmac("sha256", secret).update(message).digest("hex");
}

/**
 * JSON as Shopify writes it: ids as bare numbers (they may exceed 2^53).
 * @param {unknown} body
 */
export function shopifyJson(body) {
  return JSON.stringify(body).replace(/"((?:[a-z_]+_)?id)":"(\d+)"/g, '"$1":$2');
}

/**
 * The headers of a signed webhook delivery.
 * @param {{ shop: string, topic: string, body: string, secret: string, eventId?: string,
 *   webhookId?: string, triggeredAt?: string, apiVersion?: string }} options
 * @returns {Record<string, string>}
 */
export function webhookHeaders(options) {
  return {
    "content-type": "application/json",
    "x-shopify-topic": options.topic,
    "x-shopify-hmac-sha256": webhookHmac(options.body, options.secret),
    "x-shopify-shop-domain": options.shop,
    "x-shopify-api-version": options.apiVersion ?? "2026-10",
    "x-shopify-webhook-id": options.webhookId ?? crypto.randomUUID(),
    "x-shopify-event-id": options.eventId ?? crypto.randomUUID(),
    "x-shopify-triggered-at": options.triggeredAt ?? new Date().toISOString(),
  };
}

/**
 * The session token Shopify admin gives an embedded app (App Bridge's `idToken()`): an HS256
 * JWT under the app secret; `dest` names the shop.
 * @param {{ shop: string, apiKey: string, secret: string, userId?: string, ttlSeconds?: number }} options
 */
export function sessionToken({ shop, apiKey, secret, userId = "1", ttlSeconds = 3600 }) {
  /** @param {object} value */
  const b64 = (value) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const now = Math.floor(Date.now() / 1000);
  const payload = {
    iss: `https://${shop}/admin`,
    dest: `https://${shop}`,
    aud: apiKey,
    sub: userId,
    exp: now + ttlSeconds,
    nbf: now - 5,
    iat: now - 5,
    jti: crypto.randomUUID(),
    sid: crypto.randomUUID(),
  };
  const unsigned = `${b64({ alg: "HS256", typ: "JWT" })}.${b64(payload)}`;
  return `${unsigned}.${crypto.createHmac("sha256", secret).update(unsigned).digest("base64url")}`;
}
