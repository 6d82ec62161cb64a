// What the stage engine needs of a shop's stages (key, position, exception), cached per process
// for a few seconds: every webhook delivery needs it and it changes only when a merchant edits
// stages. Code that writes stages calls forgetStagePositions(shop) so this process sees the
// change at once; other processes see it within STAGE_POSITIONS_TTL_MS.

export interface StagePosition {
  key: string;
  position: number;
  exception: boolean;
}

export const STAGE_POSITIONS_TTL_MS = 5000;

const cache = new Map<string, { positions: readonly StagePosition[]; expires: number }>();
// Bumped by every forget, so a read that started before it is not cached after it.
let generation = 0;

/** The cached positions of `shop`, or undefined when they must be read. */
export function cachedStagePositions(
  shop: string,
  now = Date.now(),
): readonly StagePosition[] | undefined {
  const hit = cache.get(shop);
  if (hit && hit.expires > now) return hit.positions;
  if (hit) cache.delete(shop);
  return undefined;
}

/** A token to hand to rememberStagePositions, taken before reading. */
export function stagePositionsReadToken(): number {
  return generation;
}

export function rememberStagePositions(
  shop: string,
  positions: readonly StagePosition[],
  token: number,
) {
  if (token !== generation) return;
  cache.set(shop, { positions, expires: Date.now() + STAGE_POSITIONS_TTL_MS });
}

/** Drops the cached positions of `shop` (or of every shop) after stages were written. */
export function forgetStagePositions(shop?: string) {
  generation++;
  if (shop === undefined) cache.clear();
  else cache.delete(shop);
}
