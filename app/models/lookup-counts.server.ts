// Storefront lookups per shop and UTC day, for the dashboard (SPEC §7): three counters and
// nothing else — no order name, contact or address is kept. Counted on the lookup path with one
// prepared upsert (it runs for every shopper request); read by the dashboard.
import { clientOr, type Client } from "./client.server";
import { sql } from "./sql/connection.server";

export type LookupOutcome = "found" | "notFound" | "limited";

/** One statement per outcome: the column is part of the text, the values are bound. */
function countStatement(outcome: LookupOutcome) {
  return {
    name: `lookup_daily_count_${outcome}`,
    text: `INSERT INTO "LookupDailyCount" ("shop", "day", "found", "notFound", "limited")
           VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT ("shop", "day") DO UPDATE
           SET "${outcome}" = "LookupDailyCount"."${outcome}" + 1`,
  };
}

export const LOOKUP_COUNT_STATEMENTS = {
  found: countStatement("found"),
  notFound: countStatement("notFound"),
  limited: countStatement("limited"),
} as const;

const DAYS = {
  name: "lookup_daily_counts",
  text: `SELECT "day", "found", "notFound", "limited" FROM "LookupDailyCount"
         WHERE "shop" = $1 AND "day" >= $2 ORDER BY "day" ASC`,
};

/** The UTC day of an instant, as stored ("2026-12-08"). */
export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** Counts one storefront lookup of the shop on the day of `at`. */
export async function countLookup(shop: string, outcome: LookupOutcome, at: Date) {
  await sql().run(LOOKUP_COUNT_STATEMENTS[outcome], [
    shop,
    utcDay(at),
    outcome === "found" ? 1 : 0,
    outcome === "notFound" ? 1 : 0,
    outcome === "limited" ? 1 : 0,
  ]);
}

export interface LookupDay {
  day: string;
  found: number;
  notFound: number;
  limited: number;
}

/** The shop's counted days from `firstDay` on (days without lookups have no row). */
export async function readLookupDays(shop: string, firstDay: string): Promise<LookupDay[]> {
  const rows = await sql().all<Record<string, unknown>>(DAYS, [shop, firstDay]);
  return rows.map((r) => ({
    day: r.day as string,
    found: Number(r.found),
    notFound: Number(r.notFound),
    limited: Number(r.limited),
  }));
}

/** Housekeeping: days older than the dashboard shows. */
export function deleteLookupDaysBefore(firstDay: string, client?: Client) {
  return clientOr(client).lookupDailyCount.deleteMany({ where: { day: { lt: firstDay } } });
}
