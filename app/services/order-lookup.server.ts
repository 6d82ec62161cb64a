// Storefront order lookup through the app proxy (SPEC §5).
import type { OrderFacts } from "~/domain/facts";
import { buildOrderView, type OrderView } from "~/domain/order-view";
import { normalizeEmail, phonesMatch } from "~/domain/shopper-contact";
import { evaluateRateLimits, windowsToRead, type RateLimitRule } from "~/domain/rate-limit";
import { incrementRateLimitCounters, readRateLimitCounts } from "~/models/rate-limits.server";
import {
  findStorefrontCustomerOrders,
  findStorefrontOrdersByName,
  listStorefrontStages,
  listStorefrontTimeline,
  type StorefrontOrder,
} from "~/models/storefront-reads.server";
import { normalizeOrderName } from "./order-ingestion.server";

const TEN_MINUTES = 10 * 60 * 1000;
/** Failed lookups allowed per window: the defence against guessing, SPEC §5. */
export const LOOKUP_LIMITS = { perOrder: 10, perShop: 300, perShopper: 20, windowMs: TEN_MINUTES };
const RECENT_ORDERS = 10;

export interface LookupQuery {
  shop: string;
  orderName: string;
  email?: string;
  phone?: string;
  locale?: string;
  /** The shopper's address, only when the proxy forwarded one (X-Forwarded-For). */
  shopperIp?: string;
  now: Date;
}

export type LookupResult =
  { status: 200; order: OrderView } | { status: 404 } | { status: 429; retryAfterSeconds: number };

function limitRules(query: LookupQuery): RateLimitRule[] {
  const { perOrder, perShop, perShopper, windowMs } = LOOKUP_LIMITS;
  const rules: RateLimitRule[] = [
    { key: `order:${normalizeOrderName(query.orderName)}`, limit: perOrder, windowMs },
    { key: "shop", limit: perShop, windowMs },
  ];
  if (query.shopperIp) rules.push({ key: `ip:${query.shopperIp}`, limit: perShopper, windowMs });
  return rules;
}

function identifiesOrder(order: StorefrontOrder, query: LookupQuery): boolean {
  if (query.email) return order.email !== null && order.email === normalizeEmail(query.email);
  if (query.phone) return phonesMatch(order.phoneDigits, query.phone);
  return false;
}

export async function lookupOrderForShopper(query: LookupQuery): Promise<LookupResult> {
  const { shop, now } = query;
  const rules = limitRules(query);
  const oldestWindow = Math.min(...rules.flatMap((rule) => windowsToRead(rule, now.getTime())));
  const counts = await readRateLimitCounts(
    shop,
    rules.map((r) => r.key),
    new Date(oldestWindow),
  );
  const verdict = evaluateRateLimits(
    rules,
    (key, start) => counts.get(`${key}@${start}`) ?? 0,
    now.getTime(),
  );
  if (!verdict.allowed) return { status: 429, retryAfterSeconds: verdict.retryAfterSeconds };

  // Names are not unique (a reused number, "SO-8102" and "#so-8102"): the shopper's order is the
  // newest of those the contact identifies.
  const candidates = await findStorefrontOrdersByName(shop, normalizeOrderName(query.orderName));
  const order = candidates.find((candidate) => identifiesOrder(candidate, query));
  if (!order) {
    await incrementRateLimitCounters(
      shop,
      rules.map((rule) => ({
        key: rule.key,
        windowStart: new Date(windowsToRead(rule, now.getTime())[0]),
      })),
    );
    return { status: 404 };
  }
  const [view] = await viewOrders(shop, [order], query.locale);
  return { status: 200, order: view! };
}

/** A logged-in customer's recent orders; no identifiers needed. */
export async function listOrdersOfCustomer(shop: string, customerId: string, locale?: string) {
  const orders = await findStorefrontCustomerOrders(
    shop,
    `gid://shopify/Customer/${customerId}`,
    RECENT_ORDERS,
  );
  return viewOrders(shop, orders, locale);
}

async function viewOrders(
  shop: string,
  orders: StorefrontOrder[],
  locale?: string,
): Promise<OrderView[]> {
  if (orders.length === 0) return [];
  const [stages, timelines] = await Promise.all([
    listStorefrontStages(shop),
    Promise.all(orders.map((o) => listStorefrontTimeline(shop, o.orderGid))),
  ]);
  return orders.map((order, i) =>
    buildOrderView({
      name: order.name ?? "",
      placedAt: order.placedAt?.toISOString() ?? null,
      stageKey: order.stageKey,
      facts: JSON.parse(order.facts) as OrderFacts,
      events: timelines[i]!.map((e) => ({
        toKey: e.toKey,
        source: e.source,
        occurredAt: e.occurredAt.toISOString(),
      })),
      stages,
      locale: locale || order.locale || order.shopLocale || "en",
      lineItems: JSON.parse(order.lineItems) as { variantId: string; quantity: number }[],
    }),
  );
}
