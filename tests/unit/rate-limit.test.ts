import { describe, expect, it } from "vitest";
import { evaluateRateLimits, slidingCount, windowStart, windowsToRead } from "~/domain/rate-limit";

const W = 600_000;
const rule = { key: "order:1001", limit: 10, windowMs: W };

function counts(map: Record<string, number>) {
  return (key: string, start: number) => map[`${key}@${start}`] ?? 0;
}

describe("sliding window rate limits", () => {
  const now = 10 * W + W / 2; // halfway through a window
  const [current, previous] = windowsToRead(rule, now);

  it("reads the current and previous fixed windows", () => {
    expect(current).toBe(windowStart(now, W));
    expect(previous).toBe(current - W);
  });

  it("weights the previous window by its remaining overlap", () => {
    expect(slidingCount(4, 10, W / 2, W)).toBe(9);
  });

  it("allows attempts below the limit", () => {
    expect(evaluateRateLimits([rule], counts({ [`order:1001@${current}`]: 9 }), now)).toEqual({
      allowed: true,
    });
  });

  it("blocks at the limit and says how long to wait", () => {
    const verdict = evaluateRateLimits([rule], counts({ [`order:1001@${current}`]: 10 }), now);
    expect(verdict.allowed).toBe(false);
    // The full current window must roll over (300 s) and fade to below the limit.
    if (!verdict.allowed) expect(verdict.retryAfterSeconds).toBeGreaterThanOrEqual(300);
  });

  it("blocks on the previous window's weight alone, and frees up as it fades", () => {
    const previousFull = counts({ [`order:1001@${previous}`]: 20 });
    const blocked = evaluateRateLimits([rule], previousFull, now);
    expect(blocked.allowed).toBe(false);
    if (!blocked.allowed) {
      const later = now + blocked.retryAfterSeconds * 1000;
      expect(evaluateRateLimits([rule], previousFull, later)).toEqual({ allowed: true });
    }
  });

  it("takes the longest wait when several rules block", () => {
    const shopRule = { key: "shop", limit: 1, windowMs: W };
    const verdict = evaluateRateLimits(
      [rule, shopRule],
      counts({ [`shop@${current}`]: 5, [`order:1001@${current}`]: 10 }),
      now,
    );
    expect(verdict.allowed).toBe(false);
  });
});
