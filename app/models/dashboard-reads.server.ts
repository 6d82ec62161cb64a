// What the dashboard reads (SPEC §7): one statement per widget, each named by the shop first and
// served by an index, so the page stays fast for a shop with hundreds of thousands of orders.
import { sql, toDate, type Sql, type SqlValue } from "./sql/connection.server";

/** A stage's window of possibly stuck orders (see app/domain/admin/dashboard.ts). */
export interface StuckWindow {
  stageKey: string;
  /** Entered before this: stuck whatever the calendar. */
  surelyBefore: Date;
  /** Entered before this (and not surely): stuck only if the calendar says so. */
  possiblyBefore: Date;
}

export interface StuckRows {
  /** Orders surely stuck, per stage. */
  sure: Map<string, number>;
  /** Entry times of the orders that may be stuck, per stage (the calendar decides). */
  maybe: { stageKey: string; stageEnteredAt: Date }[];
  /** The longest-waiting candidates of every stage, longest first. */
  oldest: { orderGid: string; name: string | null; stageKey: string; stageEnteredAt: Date }[];
}

/**
 * One statement for the stuck widget: a count per stage of the surely stuck, the entry times of
 * those that may be, and each stage's longest waiting orders; three parts of one UNION ALL, every
 * part a range of the (shop, stageKey, deletedAt, stageEnteredAt) index per stage.
 */
function stuckStatement(windows: readonly StuckWindow[], oldestPerStage: number) {
  const values: SqlValue[] = [];
  const p = (value: SqlValue) => {
    values.push(value);
    return `$${values.length}`;
  };
  const shop = p("");
  const limit = p(oldestPerStage);
  const live = `"shop" = ${shop} AND "deletedAt" IS NULL`;
  const parts: string[] = [];
  for (const w of windows) {
    const stage = p(w.stageKey);
    const sure = p(w.surelyBefore);
    const possibly = p(w.possiblyBefore);
    parts.push(
      `SELECT 'sure' AS "part", "stageKey", COUNT(*) AS "n", NULL AS "orderGid", NULL AS "name",
              NULL AS "stageEnteredAt"
         FROM "Order" WHERE ${live} AND "stageKey" = ${stage} AND "stageEnteredAt" < ${sure}
        GROUP BY "stageKey"`,
      `SELECT 'maybe', "stageKey", 0, NULL, NULL, "stageEnteredAt"
         FROM "Order" WHERE ${live} AND "stageKey" = ${stage}
          AND "stageEnteredAt" >= ${sure} AND "stageEnteredAt" < ${possibly}`,
      `SELECT * FROM (SELECT 'oldest', "stageKey", 0, "orderGid", "name", "stageEnteredAt"
         FROM "Order" WHERE ${live} AND "stageKey" = ${stage} AND "stageEnteredAt" < ${possibly}
        ORDER BY "stageEnteredAt" ASC LIMIT ${limit}) "o${parts.length}"`,
    );
  }
  const statement: Sql = {
    name: `dashboard_stuck_${windows.length}`,
    text: parts.length ? parts.join("\nUNION ALL\n") : `SELECT 'none' AS "part" WHERE ${shop} = ''`,
  };
  return { statement, values };
}

export async function readStuckOrders(
  shop: string,
  windows: readonly StuckWindow[],
  oldestPerStage: number,
): Promise<StuckRows> {
  const { statement, values } = stuckStatement(windows, oldestPerStage);
  values[0] = shop;
  const rows = windows.length ? await sql().all<Record<string, unknown>>(statement, values) : [];
  const result: StuckRows = { sure: new Map(), maybe: [], oldest: [] };
  for (const row of rows) {
    const stageKey = row.stageKey as string;
    if (row.part === "sure") result.sure.set(stageKey, Number(row.n));
    else if (row.part === "maybe") {
      result.maybe.push({ stageKey, stageEnteredAt: toDate(row.stageEnteredAt)! });
    } else {
      result.oldest.push({
        orderGid: row.orderGid as string,
        name: row.name as string | null,
        stageKey,
        stageEnteredAt: toDate(row.stageEnteredAt)!,
      });
    }
  }
  result.oldest.sort((a, b) => a.stageEnteredAt.getTime() - b.stageEnteredAt.getTime());
  return result;
}

// Seconds between two stored times. SQLite keeps DateTime as ISO text (or, written by older
// Prisma versions, epoch milliseconds).
const SQLITE_SECONDS = (column: string) =>
  `(CASE WHEN typeof(${column}) = 'integer' THEN ${column} / 1000.0
         ELSE (julianday(${column}) - 2440587.5) * 86400.0 END)`;

function timeInStageText(seconds: (left: string, entered: string) => string) {
  // Materialized: the entry time is looked up once per stay, not once per use of it.
  return `WITH "stays" AS MATERIALIZED (
      SELECT e."fromKey" AS "stageKey", e."occurredAt" AS "leftAt",
             (SELECT p."occurredAt" FROM "TimelineEvent" p
               WHERE p."shop" = e."shop" AND p."orderGid" = e."orderGid" AND p."id" < e."id"
               ORDER BY p."id" DESC LIMIT 1) AS "enteredAt"
        FROM "TimelineEvent" e
       WHERE e."shop" = $1 AND e."occurredAt" >= $2 AND e."occurredAt" <= $3
         AND e."fromKey" IS NOT NULL
    ), "durations" AS (
      SELECT "stageKey", ${seconds(`"leftAt"`, `"enteredAt"`)} AS "seconds"
        FROM "stays" WHERE "enteredAt" IS NOT NULL
    ), "ranked" AS (
      SELECT "stageKey", "seconds",
             ROW_NUMBER() OVER (PARTITION BY "stageKey" ORDER BY "seconds") AS "rank",
             COUNT(*) OVER (PARTITION BY "stageKey") AS "stays"
        FROM "durations"
    )
    SELECT "stageKey", "stays",
           MIN(CASE WHEN "rank" >= 0.5 * "stays" THEN "seconds" END) AS "median",
           MIN(CASE WHEN "rank" >= 0.9 * "stays" THEN "seconds" END) AS "p90"
      FROM "ranked" GROUP BY "stageKey", "stays"`;
}

const TIME_IN_STAGE: Sql = {
  name: "dashboard_time_in_stage",
  sqlite: timeInStageText(
    (left, entered) => `MAX(0, ${SQLITE_SECONDS(left)} - ${SQLITE_SECONDS(entered)})`,
  ),
  postgresql: timeInStageText(
    (left, entered) => `GREATEST(0, EXTRACT(EPOCH FROM (${left} - ${entered})))::float8`,
  ),
};

export interface StageDurations {
  stageKey: string;
  /** Stays that ended in the period. */
  stays: number;
  medianSeconds: number;
  p90Seconds: number;
}

/**
 * How long orders stayed in each stage, over the stays that ended between `from` and `to`: a stay
 * starts at the stage change into the stage (the order's previous timeline event) and ends at the
 * change out of it. Median and 90th percentile by nearest rank, computed by the database.
 */
export async function readTimeInStage(shop: string, from: Date, to: Date) {
  const rows = await sql().all<Record<string, unknown>>(TIME_IN_STAGE, [shop, from, to]);
  return rows.map((r): StageDurations => ({
    stageKey: r.stageKey as string,
    stays: Number(r.stays),
    medianSeconds: Number(r.median),
    p90Seconds: Number(r.p90),
  }));
}

// The shop's createdAt index bounds the read (SQLite would rather walk the status index for the
// GROUP BY, which reads every shop's emails).
const emailCountsText = (indexedBy: string) =>
  `SELECT "status", COUNT(*) AS "n" FROM "EmailOutbox" ${indexedBy}
    WHERE "shop" = $1 AND "createdAt" >= $2 AND "isTest" = $4
      AND (("status" = 'sent' AND "sentAt" >= $3) OR ("status" = 'dead' AND "updatedAt" >= $3))
    GROUP BY "status"`;

const EMAIL_COUNTS: Sql = {
  name: "dashboard_email_counts",
  sqlite: emailCountsText(`INDEXED BY "EmailOutbox_shop_createdAt_idx"`),
  postgresql: emailCountsText(""),
};

/**
 * Stage emails sent, and given up on (dead), since `since`. Read over the emails queued since
 * `queuedSince` (the shop's createdAt index; a sent email was queued shortly before).
 */
export async function readEmailCounts(shop: string, since: Date, queuedSince: Date) {
  const rows = await sql().all<Record<string, unknown>>(EMAIL_COUNTS, [
    shop,
    queuedSince,
    since,
    false,
  ]);
  const count = (status: string) => Number(rows.find((r) => r.status === status)?.n ?? 0);
  return { sent: count("sent"), failed: count("dead") };
}

const ORDERS_PER_STAGE: Sql = {
  name: "dashboard_orders_per_stage",
  text: `SELECT "stageKey", COUNT(*) AS "n" FROM "Order"
          WHERE "shop" = $1 AND "deletedAt" IS NULL GROUP BY "stageKey"`,
};

/** The shop's orders (not deleted) per stage key. */
export async function readOrdersPerStage(shop: string): Promise<Map<string, number>> {
  const rows = await sql().all<Record<string, unknown>>(ORDERS_PER_STAGE, [shop]);
  return new Map(rows.map((r) => [r.stageKey as string, Number(r.n)]));
}

export const DASHBOARD_STATEMENTS = { TIME_IN_STAGE, EMAIL_COUNTS, ORDERS_PER_STAGE };
export const dashboardStuckStatement = stuckStatement;
