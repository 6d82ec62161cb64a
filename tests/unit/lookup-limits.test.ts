import { describe, expect, it } from "vitest";
import { evaluateLookupLimits, LOOKUP_LIMITS, lookupCounterKeys } from "~/domain/lookup-limits";
import { windowStart } from "~/domain/rate-limit";

const W = LOOKUP_LIMITS.windowMs;
const now = 10 * W + W / 2;
const current = windowStart(now, W);

function failures(map: Record<string, number>) {
  return (key: string, start: number) => (start === current ? (map[key] ?? 0) : 0);
}

describe("storefront lookup limits", () => {
  const subject = { orderKey: "1001" };
  const withIp = { orderKey: "1001", shopperIp: "203.0.113.9" };

  it("reads and counts the order, the shop and, when forwarded, the shopper's address", () => {
    expect(lookupCounterKeys(subject)).toEqual(["order:1001", "shop"]);
    expect(lookupCounterKeys(withIp)).toEqual(["order:1001", "shop", "ip:203.0.113.9"]);
  });

  it.each([
    ["no failures anywhere", subject, {}, true],
    ["9 failures on the order", subject, { "order:1001": 9 }, true],
    ["10 failures on the order", subject, { "order:1001": 10 }, false],
    ["a flooded shop, none on this order", subject, { shop: 100_000 }, true],
    ["a flooded shop, 2 on this order", subject, { shop: 400, "order:1001": 2 }, true],
    ["a flooded shop, 3 on this order", subject, { shop: 400, "order:1001": 3 }, false],
    ["3 on the order, shop below the flood", subject, { shop: 299, "order:1001": 3 }, true],
    ["19 from the shopper's address", withIp, { "ip:203.0.113.9": 19 }, true],
    ["20 from the shopper's address", withIp, { "ip:203.0.113.9": 20 }, false],
    ["20 from an address this request does not come from", subject, { "ip:x": 20 }, true],
  ])("%s → allowed: %s", (_name, who, counts, allowed) => {
    expect(evaluateLookupLimits(who, failures(counts), now).allowed).toBe(allowed);
  });

  it("tells a denied shopper how long to wait", () => {
    const verdict = evaluateLookupLimits(subject, failures({ "order:1001": 10 }), now);
    expect(verdict).toMatchObject({ allowed: false });
    if (!verdict.allowed) expect(verdict.retryAfterSeconds).toBeGreaterThanOrEqual(W / 2000);
  });
});
