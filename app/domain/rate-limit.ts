// Sliding-window rate limiting, estimated from two fixed windows (the current one and the one
// before it, weighted by how much of it still overlaps the sliding window). Pure: counts and
// time come in as arguments.

export interface RateLimitRule {
  /** Bucket name, e.g. "order:1001". */
  key: string;
  limit: number;
  windowMs: number;
}

export type RateLimitVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** Start (epoch ms) of the fixed window containing `now`. */
export function windowStart(now: number, windowMs: number): number {
  return Math.floor(now / windowMs) * windowMs;
}

/** The two fixed windows a rule reads: [current, previous]. */
export function windowsToRead(rule: RateLimitRule, now: number): [number, number] {
  const current = windowStart(now, rule.windowMs);
  return [current, current - rule.windowMs];
}

/** Weighted number of hits inside the sliding window ending at `now`. */
export function slidingCount(
  current: number,
  previous: number,
  elapsedMs: number,
  windowMs: number,
) {
  return current + previous * Math.max(0, 1 - elapsedMs / windowMs);
}

/** Seconds until the sliding count drops below the limit again. */
function retryAfterMs(current: number, previous: number, elapsedMs: number, rule: RateLimitRule) {
  const { limit, windowMs } = rule;
  if (current < limit && previous > 0) {
    // Wait until the previous window's weight has faded enough.
    return Math.max(0, windowMs * (1 - (limit - current) / previous) - elapsedMs);
  }
  // The current window alone is full: it must roll over and then fade.
  return windowMs - elapsedMs + Math.max(0, windowMs * (1 - limit / current));
}

/**
 * Decides whether one more attempt is allowed. `count(key, windowStart)` returns the stored hits.
 * When several rules block, the longest wait wins.
 */
export function evaluateRateLimits(
  rules: readonly RateLimitRule[],
  count: (key: string, windowStart: number) => number,
  now: number,
): RateLimitVerdict {
  let wait = 0;
  let blocked = false;
  for (const rule of rules) {
    const [currentStart, previousStart] = windowsToRead(rule, now);
    const current = count(rule.key, currentStart);
    const previous = count(rule.key, previousStart);
    const elapsed = now - currentStart;
    if (slidingCount(current, previous, elapsed, rule.windowMs) >= rule.limit) {
      blocked = true;
      wait = Math.max(wait, retryAfterMs(current, previous, elapsed, rule));
    }
  }
  return blocked
    ? { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(wait / 1000)) }
    : { allowed: true };
}
