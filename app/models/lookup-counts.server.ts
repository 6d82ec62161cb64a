// Storefront lookups per shop and UTC day, for the dashboard (SPEC §7): three counters and
// nothing else — no order name, contact or address is kept. The lookup path only adds to a
// counter in memory; the process writes its counts with one upsert per shop and day every few
// seconds (and before the dashboard reads them), so a lookup costs no write of its own. Counts
// of the last seconds before a crash are lost; several instances add up through the upsert.
import { clientOr, type Client } from "./client.server";
import { sql } from "./sql/connection.server";

export type LookupOutcome = "found" | "notFound" | "limited";

const ADD_COUNTS = {
  name: "lookup_daily_counts_add",
  text: `INSERT INTO "LookupDailyCount" ("shop", "day", "found", "notFound", "limited")
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT ("shop", "day") DO UPDATE
         SET "found" = "LookupDailyCount"."found" + $3,
             "notFound" = "LookupDailyCount"."notFound" + $4,
             "limited" = "LookupDailyCount"."limited" + $5`,
};

export const LOOKUP_COUNT_STATEMENTS = { ADD_COUNTS } as const;

const DAYS = {
  name: "lookup_daily_counts",
  text: `SELECT "day", "found", "notFound", "limited" FROM "LookupDailyCount"
         WHERE "shop" = $1 AND "day" >= $2 ORDER BY "day" ASC`,
};

const FLUSH_EVERY_MS = 5000;

/** The UTC day of an instant, as stored ("2026-12-08"). */
export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

type Counts = Record<LookupOutcome, number>;
/** Not yet written, keyed "<shop> <day>" (a shop domain has no space). */
let pending = new Map<string, Counts>();
let timer: ReturnType<typeof setInterval> | undefined;
let flushing: Promise<void> = Promise.resolve();

/** Counts one storefront lookup of the shop on the day of `at` (written within seconds). */
export function countLookup(shop: string, outcome: LookupOutcome, at: Date) {
  const key = `${shop} ${utcDay(at)}`;
  let counts = pending.get(key);
  if (!counts) {
    counts = { found: 0, notFound: 0, limited: 0 };
    pending.set(key, counts);
  }
  counts[outcome] += 1;
  if (!timer) {
    timer = setInterval(() => {
      flushLookupCounts().catch((error: unknown) => {
        console.error("stageline: lookup counts not written yet:", error);
      });
    }, FLUSH_EVERY_MS);
    timer.unref();
  }
}

async function writePending() {
  const batch = pending;
  pending = new Map();
  const connection = sql();
  for (const [key, counts] of batch) {
    const [shop, day] = key.split(" ") as [string, string];
    try {
      await connection.run(ADD_COUNTS, [shop, day, counts.found, counts.notFound, counts.limited]);
      batch.delete(key);
    } catch (error) {
      // Kept for the next flush, added to what came since.
      for (const [k, c] of batch) {
        const now = pending.get(k) ?? { found: 0, notFound: 0, limited: 0 };
        pending.set(k, {
          found: now.found + c.found,
          notFound: now.notFound + c.notFound,
          limited: now.limited + c.limited,
        });
      }
      throw error;
    }
  }
}

/** Writes this process's counted lookups (one flush at a time). */
export function flushLookupCounts(): Promise<void> {
  flushing = flushing.catch(() => {}).then(writePending);
  return flushing;
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
