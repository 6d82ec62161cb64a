// Storefront order lookup through the app proxy (SPEC §5).
import { calendarOf } from "~/domain/automation/business-days";
import { normalizeOrderName } from "~/domain/order-names";
import type { OrderFacts } from "~/domain/facts";
import { buildOrderView, type OrderView } from "~/domain/order-view";
import {
  evaluateLookupLimits,
  LOOKUP_LIMITS,
  lookupCounterKeys,
  type LookupLimitSubject,
} from "~/domain/lookup-limits";
import { windowStart } from "~/domain/rate-limit";
import { normalizeEmail, phonesMatch } from "~/domain/shopper-contact";
import { countLookup } from "~/models/lookup-counts.server";
import { incrementRateLimitCounters, readRateLimitCounts } from "~/models/rate-limits.server";
import {
  findStorefrontCustomerOrders,
  findStorefrontOrdersByName,
  listStorefrontStages,
  listStorefrontTimeline,
  type StorefrontOrder,
} from "~/models/storefront-reads.server";

export { LOOKUP_LIMITS };
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

function identifiesOrder(order: StorefrontOrder, query: LookupQuery): boolean {
  if (query.email) return order.email !== null && order.email === normalizeEmail(query.email);
  if (query.phone) return phonesMatch(order.phoneDigits, query.phone);
  return false;
}

export async function lookupOrderForShopper(query: LookupQuery): Promise<LookupResult> {
  const { shop, now } = query;
  const subject: LookupLimitSubject = {
    orderKey: normalizeOrderName(query.orderName),
    shopperIp: query.shopperIp,
  };
  const keys = lookupCounterKeys(subject);
  const currentWindow = windowStart(now.getTime(), LOOKUP_LIMITS.windowMs);
  const counts = await readRateLimitCounts(
    shop,
    keys,
    new Date(currentWindow - LOOKUP_LIMITS.windowMs),
  );
  const verdict = evaluateLookupLimits(
    subject,
    (key, start) => counts.get(`${key}@${start}`) ?? 0,
    now.getTime(),
  );
  if (!verdict.allowed) {
    countLookup(shop, "limited", now);
    return { status: 429, retryAfterSeconds: verdict.retryAfterSeconds };
  }

  // Names are not unique (a reused number, "SO-8102" and "#so-8102"): the shopper's order is the
  // newest of those the contact identifies.
  const candidates = await findStorefrontOrdersByName(shop, subject.orderKey);
  const order = candidates.find((candidate) => identifiesOrder(candidate, query));
  if (!order) {
    countLookup(shop, "notFound", now);
    await incrementRateLimitCounters(
      shop,
      keys.map((key) => ({ key, windowStart: new Date(currentWindow) })),
    );
    return { status: 404 };
  }
  countLookup(shop, "found", now);
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
      stageEnteredAt: order.stageEnteredAt?.toISOString() ?? null,
      calendar: calendarOf({
        timeZone: order.shopTimeZone,
        ianaTimezone: order.shopIanaTimezone,
        workingDays: order.shopWorkingDays,
      }),
    }),
  );
}
