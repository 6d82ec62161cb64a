// What request paths need of a shop's stages, cached per process for a few seconds: every
// webhook delivery needs their positions and every storefront lookup their labels, and they
// change only when stages are written. Code that writes stages calls forgetShopStages(shop) so
// this process sees the change at once; other processes see it within STAGE_CACHE_TTL_MS.

import type { StagePosition } from "~/domain/order-fold";

export type { StagePosition };

export const STAGE_CACHE_TTL_MS = 5000;

// Bumped by every forget, so a read that started before it is not cached after it.
let generation = 0;
const caches = new Set<Map<string, unknown>>();

/** One kind of per-shop stage data (positions, storefront labels…). */
export class ShopStageCache<T> {
  private readonly entries = new Map<string, { value: T; expires: number }>();

  constructor(private readonly ttlMs = STAGE_CACHE_TTL_MS) {
    caches.add(this.entries);
  }

  /** The cached value of `shop`, or undefined when it must be read. */
  get(shop: string, now = Date.now()): T | undefined {
    const hit = this.entries.get(shop);
    if (hit && hit.expires > now) return hit.value;
    if (hit) this.entries.delete(shop);
    return undefined;
  }

  /** A token to hand to `remember`, taken before reading. */
  readToken(): number {
    return generation;
  }

  remember(shop: string, value: T, token: number) {
    if (token !== generation) return;
    this.entries.set(shop, { value, expires: Date.now() + this.ttlMs });
  }

  /** The cached value, or the one `read` returns (then cached). */
  async through(shop: string, read: () => Promise<T>): Promise<T> {
    const cached = this.get(shop);
    if (cached !== undefined) return cached;
    const token = this.readToken();
    const value = await read();
    this.remember(shop, value, token);
    return value;
  }
}

/** Stage positions for webhook deliveries. */
export const stagePositionCache = new ShopStageCache<readonly StagePosition[]>();

/** Drops every cached value of `shop` (or of every shop) after its stages were written. */
export function forgetShopStages(shop?: string) {
  generation++;
  for (const entries of caches) {
    if (shop === undefined) entries.clear();
    else entries.delete(shop);
  }
}
