import { clientOr, isUniqueViolation, type Client } from "./client.server";

/** Stored hit counts for the given keys and window starts, keyed "key@windowStartMs". */
export async function readRateLimitCounts(
  shop: string,
  keys: string[],
  windowStarts: Date[],
  client?: Client,
) {
  const rows = await clientOr(client).rateLimitCounter.findMany({
    where: { shop, key: { in: keys }, windowStart: { in: windowStarts } },
    select: { key: true, windowStart: true, count: true },
  });
  return new Map(rows.map((r) => [`${r.key}@${r.windowStart.getTime()}`, r.count]));
}

/** Adds one hit to each key's window. */
export async function incrementRateLimitCounters(
  shop: string,
  hits: { key: string; windowStart: Date }[],
  client?: Client,
) {
  const c = clientOr(client);
  for (const { key, windowStart } of hits) {
    const where = { shop_key_windowStart: { shop, key, windowStart } };
    try {
      await c.rateLimitCounter.upsert({
        where,
        create: { shop, key, windowStart, count: 1 },
        update: { count: { increment: 1 } },
      });
    } catch (error) {
      // Two first hits raced to create the row: the row exists now, so increment it.
      if (!isUniqueViolation(error)) throw error;
      await c.rateLimitCounter.update({ where, data: { count: { increment: 1 } } });
    }
  }
}

/** Housekeeping: windows that can no longer affect any decision. */
export function deleteRateLimitCountersBefore(before: Date, client?: Client) {
  return clientOr(client).rateLimitCounter.deleteMany({ where: { windowStart: { lt: before } } });
}
