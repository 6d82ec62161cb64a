// Storefront lookup rate limits: counters per (shop, key, window start), shared by every app
// instance through the database. Read and counted on prepared statements (every lookup reads
// them); housekeeping goes through Prisma.
import { clientOr, type Client } from "./client.server";
import { sql, toDate, type SqlValue } from "./sql/connection.server";

const INCREMENT_COUNTER = {
  name: "storefront_increment_counter",
  text: `INSERT INTO "RateLimitCounter" ("shop", "key", "windowStart", "count") VALUES ($1, $2, $3, 1)
         ON CONFLICT ("shop", "key", "windowStart") DO UPDATE SET "count" = "RateLimitCounter"."count" + 1`,
};

/** Counters of up to `n` keys from a window start on: one statement per key count. */
function countersStatement(n: number) {
  const keys = Array.from({ length: n }, (_, i) => `$${i + 3}`).join(", ");
  return {
    name: `storefront_counters_${n}`,
    text: `SELECT "key", "windowStart", "count" FROM "RateLimitCounter"
           WHERE "shop" = $1 AND "windowStart" >= $2 AND "key" IN (${keys})`,
  };
}

/** The statements of the lookup path (the query-plan test checks each is served by an index). */
export const RATE_LIMIT_STATEMENTS = {
  INCREMENT_COUNTER,
  COUNTERS_2: countersStatement(2),
  COUNTERS_3: countersStatement(3),
};

/** Stored hit counts of `keys` in windows starting at `since` or later, keyed "key@startMs". */
export async function readRateLimitCounts(
  shop: string,
  keys: readonly string[],
  since: Date,
): Promise<Map<string, number>> {
  const rows = await sql().all<Record<string, unknown>>(countersStatement(keys.length), [
    shop,
    since,
    ...keys,
  ] satisfies SqlValue[]);
  return new Map(
    rows.map((r) => [`${r.key as string}@${toDate(r.windowStart)!.getTime()}`, Number(r.count)]),
  );
}

/** Adds one hit to each key's window (several app instances share the counters). */
export async function incrementRateLimitCounters(
  shop: string,
  hits: readonly { key: string; windowStart: Date }[],
) {
  const connection = sql();
  for (const { key, windowStart } of hits) {
    await connection.run(INCREMENT_COUNTER, [shop, key, windowStart]);
  }
}

/** Housekeeping: windows that can no longer affect any decision. */
export function deleteRateLimitCountersBefore(before: Date, client?: Client) {
  return clientOr(client).rateLimitCounter.deleteMany({ where: { windowStart: { lt: before } } });
}
