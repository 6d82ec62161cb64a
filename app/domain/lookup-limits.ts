// Which failed storefront lookups stop further attempts (SPEC §5, docs/decisions/008). Pure: the
// stored failure counts and the time come in as arguments.
import { evaluateRateLimits, slidingCount, windowsToRead, type RateLimitRule } from "./rate-limit";

const TEN_MINUTES = 10 * 60 * 1000;

export const LOOKUP_LIMITS = {
  windowMs: TEN_MINUTES,
  /** Failed attempts per order: the defence against guessing an order's email or phone. */
  perOrder: 10,
  /** Per order while the shop as a whole is flooded with failures. */
  perOrderDuringFlood: 3,
  /** Failed attempts per shop that count as a flood. Never a limit of its own (see decision 008). */
  shopFlood: 300,
  /** Failed attempts per shopper address, when Shopify's proxy forwards one. */
  perShopper: 20,
} as const;

export interface LookupLimitSubject {
  /** The order name's normalized key, as typed by the shopper. */
  orderKey: string;
  shopperIp?: string;
}

/** The counters a lookup reads, and a failed lookup increments. */
export function lookupCounterKeys({ orderKey, shopperIp }: LookupLimitSubject): string[] {
  return [`order:${orderKey}`, "shop", ...(shopperIp ? [`ip:${shopperIp}`] : [])];
}

/**
 * Decides whether a lookup may be tried. Only failures on the same order (or, when known, from
 * the same shopper address) deny: a shopper whose order has no failed attempts is always let in,
 * however many failures the shop sees. A shop-wide flood only lowers each order's allowance.
 */
export function evaluateLookupLimits(
  subject: LookupLimitSubject,
  count: (key: string, windowStart: number) => number,
  now: number,
) {
  const { windowMs } = LOOKUP_LIMITS;
  const [current, previous] = windowsToRead({ key: "shop", limit: 0, windowMs }, now);
  const shopFailures = slidingCount(
    count("shop", current),
    count("shop", previous),
    now - current,
    windowMs,
  );
  const flooded = shopFailures >= LOOKUP_LIMITS.shopFlood;
  const rules: RateLimitRule[] = [
    {
      key: `order:${subject.orderKey}`,
      limit: flooded ? LOOKUP_LIMITS.perOrderDuringFlood : LOOKUP_LIMITS.perOrder,
      windowMs,
    },
  ];
  if (subject.shopperIp) {
    rules.push({ key: `ip:${subject.shopperIp}`, limit: LOOKUP_LIMITS.perShopper, windowMs });
  }
  return evaluateRateLimits(rules, count, now);
}
