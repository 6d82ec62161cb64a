// The single seam to Shopify's libraries: authentication, sessions, API version.
import "@shopify/shopify-app-remix/adapters/node";
import {
  InvalidHostError,
  InvalidShopError,
  LogSeverity,
  ShopifyError,
  shopifyApi,
  type WebhookValidation,
} from "@shopify/shopify-api";
import {
  ApiVersion,
  AppDistribution,
  shopifyApp,
  type AdminApiContext,
} from "@shopify/shopify-app-remix/server";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import { db } from "./db.server";
import { adminGraphql, type AdminGraphql } from "./shopify/admin-graphql.server";
import { env } from "./env.server";
import { singleLine } from "./log.server";
import { onShopSessionsChanged, sessionExists } from "./models/sessions.server";
import { ensureShop } from "./services/shops.server";
import { onShopInstalled } from "./services/app-lifecycle.server";

export const API_VERSION = ApiVersion.October26;

/** How long webhook ingestion reuses a shop's loaded offline session. */
export const OFFLINE_SESSION_TTL_MS = 2000;

type SessionStorage = Pick<
  PrismaSessionStorage<never>,
  "storeSession" | "loadSession" | "deleteSession" | "deleteSessions" | "findSessionsByShop"
>;

/**
 * Every webhook delivery and storefront lookup asks whether its shop has an offline session, so
 * those two (only they: admin pages read the storage) remember a found session for
 * OFFLINE_SESSION_TTL_MS. A session write through the app's storage or through
 * app/models/sessions.server.ts (uninstall, scope updates) drops the entry at once and keeps it
 * uncached for one more TTL, so a read racing with an uncommitted write cannot bring the old
 * session back; other processes see a deleted session go within the TTL. A missing session is
 * never remembered: a shop that just installed is seen at once.
 */
export class OfflineSessionCache<T> {
  private readonly entries = new Map<string, { session: T; expires: number }>();
  private readonly uncachedUntil = new Map<string, number>();
  private readonly loading = new Map<string, Promise<T | undefined>>();
  private generation = 0;

  constructor(
    private readonly loadSession: (id: string) => Promise<T | undefined>,
    private readonly ttlMs = OFFLINE_SESSION_TTL_MS,
  ) {}

  async load(id: string): Promise<T | undefined> {
    const hit = this.entries.get(id);
    if (hit && hit.expires > Date.now()) return hit.session;
    // One read per session at a time: deliveries arriving together share it.
    const pending = this.loading.get(id);
    if (pending) return pending;
    const loading: Promise<T | undefined> = this.read(id).finally(() => {
      if (this.loading.get(id) === loading) this.loading.delete(id);
    });
    this.loading.set(id, loading);
    return loading;
  }

  private async read(id: string): Promise<T | undefined> {
    const started = Date.now();
    const generation = this.generation;
    const session = await this.loadSession(id);
    const quiet = (this.uncachedUntil.get(id) ?? 0) > started;
    if (session && generation === this.generation && !quiet) {
      this.entries.set(id, { session, expires: started + this.ttlMs });
    } else {
      this.entries.delete(id);
    }
    return session;
  }

  /** Drops what is known about session `id`, now and for the next TTL. */
  forget(id: string) {
    this.generation++;
    this.entries.delete(id);
    this.loading.delete(id);
    const now = Date.now();
    for (const [key, until] of this.uncachedUntil) if (until <= now) this.uncachedUntil.delete(key);
    this.uncachedUntil.set(id, now + this.ttlMs);
  }
}

/** The storage, telling `forget` about every session it writes (before and after the write). */
function observedStorage(storage: SessionStorage, forget: (id: string) => void): SessionStorage {
  const writing = async <T>(ids: string[], write: () => Promise<T>) => {
    for (const id of ids) forget(id);
    try {
      return await write();
    } finally {
      for (const id of ids) forget(id);
    }
  };
  return {
    storeSession: (session) => writing([session.id], () => storage.storeSession(session)),
    loadSession: (id) => storage.loadSession(id),
    deleteSession: (id) => writing([id], () => storage.deleteSession(id)),
    deleteSessions: (ids) => writing(ids, () => storage.deleteSessions(ids)),
    findSessionsByShop: (shop) => storage.findSessionsByShop(shop),
  };
}

/**
 * How Shopify's libraries log: warnings and errors only in production (their INFO lines echo
 * request values such as the `shop` of a login), each as one bounded line.
 */
function libraryLogger() {
  const production = env().NODE_ENV === "production";
  return {
    level: production ? LogSeverity.Warning : LogSeverity.Info,
    log: (severity: LogSeverity, message: string) => {
      const line = singleLine(message);
      if (severity <= LogSeverity.Error) console.error(line);
      else if (severity === LogSeverity.Warning) console.warn(line);
      else console.log(line);
    },
  };
}

// The Shopify API library underneath `authenticate.webhook` and `authenticate.public.appProxy`,
// configured the same way, for the webhook and app-proxy adapters (app/shopify/*): the same
// validation without the Request objects and the API clients the Remix wrappers build for
// every request.
const shopifyLibrary = (() => {
  const config = env();
  const appUrl = new URL(config.SHOPIFY_APP_URL);
  return shopifyApi({
    apiKey: config.SHOPIFY_API_KEY,
    apiSecretKey: config.SHOPIFY_API_SECRET,
    apiVersion: API_VERSION,
    scopes: config.SCOPES.split(","),
    hostName: appUrl.host,
    hostScheme: appUrl.protocol === "http:" ? "http" : "https",
    isEmbeddedApp: true,
    logger: { ...libraryLogger(), level: LogSeverity.Error },
  });
})();
const webhookUrl = new URL("/webhooks", env().SHOPIFY_APP_URL).href;

const prismaSessionStorage = new PrismaSessionStorage(db());
// Only whether the session exists: a primary-key probe, not the library's Prisma read.
const offlineSessions = new OfflineSessionCache(async (id) =>
  (await sessionExists(id)) ? true : undefined,
);
onShopSessionsChanged((shop) => {
  try {
    offlineSessions.forget(shopifyLibrary.session.getOfflineId(shop));
  } catch {
    // Not a shop domain: nothing can be cached under it.
  }
});

function createShopifyApp() {
  const config = env();
  return shopifyApp({
    apiKey: config.SHOPIFY_API_KEY,
    apiSecretKey: config.SHOPIFY_API_SECRET,
    apiVersion: API_VERSION,
    scopes: config.SCOPES.split(","),
    appUrl: config.SHOPIFY_APP_URL,
    authPathPrefix: "/auth",
    sessionStorage: observedStorage(prismaSessionStorage, (id) => offlineSessions.forget(id)),
    distribution: AppDistribution.AppStore,
    logger: libraryLogger(),
    future: { unstable_newEmbeddedAuthStrategy: true },
    hooks: {
      afterAuth: ({ session }) => installShop(session),
    },
  });
}

/** After a shop's token exchange (install, or a new token after a reinstall). */
async function installShop(session: { shop: string; accessToken?: string }) {
  await ensureShop(session.shop, { installed: true });
  // Identity and day-one backfill; a failure here must not fail the install, and the
  // merchant's first page waits for it: a few quick attempts, not the workers' patience
  // (a backfill that could not start is failed, and Settings starts it again).
  const admin = adminGraphql({
    shop: session.shop,
    accessToken: session.accessToken ?? "",
    apiVersion: API_VERSION,
    maxAttempts: 3,
    backoffMs: 200,
  });
  await onShopInstalled(admin).catch((error: unknown) => {
    console.warn(`stageline: ${session.shop}: reading the shop after install failed`, error);
  });
}

const shopify = createShopifyApp();
export default shopify;

export const addDocumentResponseHeaders = shopify.addDocumentResponseHeaders;
export const authenticate = shopify.authenticate;
export const unauthenticated = shopify.unauthenticated;
export const login = shopify.login;

/**
 * True for errors `authenticate.admin` throws on a malformed request (an untrusted exit-iframe
 * destination, a bad shop or host parameter): a 400, not a server error.
 */
export function isBadAuthRequest(error: unknown): boolean {
  if (error instanceof InvalidShopError || error instanceof InvalidHostError) return true;
  // The exit-iframe refusal is a plain ShopifyError; its subclasses are other failures.
  return error instanceof ShopifyError && Object.getPrototypeOf(error) === ShopifyError.prototype;
}
export const sessionStorage = shopify.sessionStorage;

// What the library validates: the HMAC and the headers every delivery must carry.
const VALIDATED_HEADERS = ["hmac-sha256", "topic", "shop-domain", "api-version", "webhook-id"];

/**
 * Verifies a webhook's HMAC (over the raw body) and required headers with Shopify's library.
 * `shopifyHeaders` holds the request's Shopify headers (X-Shopify-*, or Shopify-* for events),
 * lower-cased. The library is handed only the headers it validates (its header lookups cost
 * time per header present); the optional ones it would copy into the result are added here.
 */
export async function validateWebhook(
  rawBody: string,
  shopifyHeaders: Record<string, string>,
): Promise<WebhookValidation> {
  // The library's own rule: a Shopify-Hmac-Sha256 header makes it an events delivery.
  const prefix = shopifyHeaders["shopify-hmac-sha256"] ? "shopify-" : "x-shopify-";
  const validated: [string, string][] = [];
  for (const name of VALIDATED_HEADERS) {
    const value = shopifyHeaders[prefix + name];
    if (value !== undefined) validated.push([prefix + name, value]);
  }
  const headers = { entries: () => validated[Symbol.iterator]() };
  const check = await shopifyLibrary.webhooks.validate({
    rawBody,
    rawRequest: { method: "POST", url: webhookUrl, headers },
  });
  if (!check.valid) return check;
  const triggeredAt = shopifyHeaders[`${prefix}triggered-at`];
  if (triggeredAt) check.triggeredAt = triggeredAt;
  if (check.webhookType === "webhooks") {
    const eventId = shopifyHeaders["x-shopify-event-id"];
    const name = shopifyHeaders["x-shopify-name"];
    if (eventId) check.eventId = eventId;
    if (name) check.name = name;
  }
  return check;
}

/** True while the shop has an offline session, i.e. the app is installed there. */
export async function hasOfflineSession(shop: string): Promise<boolean> {
  return (await offlineSessions.load(shopifyLibrary.session.getOfflineId(shop))) !== undefined;
}

/** Admin API access with the shop's offline session (throws when there is none). */
export async function offlineAdmin(shop: string): Promise<AdminApiContext> {
  return (await unauthenticated.admin(shop)).admin;
}

/**
 * Admin GraphQL with the shop's offline token, for background work (throttle-aware, retrying;
 * see app/shopify/admin-graphql.server.ts). Null when the shop has no offline session. A merchant
 * waiting on a page asks for fewer `maxAttempts` than background work.
 */
export async function backgroundAdmin(
  shop: string,
  { maxAttempts }: { maxAttempts?: number } = {},
): Promise<AdminGraphql | null> {
  const session = await prismaSessionStorage.loadSession(shopifyLibrary.session.getOfflineId(shop));
  if (!session?.accessToken) return null;
  return adminGraphql({
    shop,
    accessToken: session.accessToken,
    apiVersion: API_VERSION,
    maxAttempts,
  });
}

/**
 * Verifies an app-proxy request's query with Shopify's library, as `authenticate.public.appProxy`
 * does: the signature over the other parameters, a fresh timestamp, no repeated single-value
 * parameter. False for any request the library would answer 400.
 */
export async function validateAppProxyQuery(query: URLSearchParams): Promise<boolean> {
  const params = new URLSearchParams(query);
  if (!params.get("index")) params.delete("index");
  try {
    return await shopifyLibrary.utils.validateHmac(params, { signator: "appProxy" });
  } catch (error) {
    // Missing signature, stale timestamp, repeated parameter.
    if (error instanceof ShopifyError) return false;
    throw error;
  }
}
