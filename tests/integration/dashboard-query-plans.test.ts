// The Dashboard's statements (one per widget, ≤ 150 ms for a 200,000-order shop): each reads an
// index of the shop, never a scan of a table (decision 017).
import pg from "pg";
import { describe, expect, it } from "vitest";
import { DASHBOARD_STATEMENTS, dashboardStuckStatement } from "~/models/dashboard-reads.server";
import { LOOKUP_COUNT_STATEMENTS } from "~/models/lookup-counts.server";
import { sql, type Sql, type SqlValue } from "~/models/sql/connection.server";

const url = process.env.DATABASE_URL!;
const onSqlite = url.startsWith("file:");
const at = new Date("2026-03-01T00:00:00.000Z");
const before = new Date("2026-02-01T00:00:00.000Z");
const stuck = dashboardStuckStatement(
  [{ stageKey: "processing", surelyBefore: before, possiblyBefore: at }],
  20,
);
stuck.values[0] = "shop";

const textOf = (statement: Sql) =>
  "text" in statement ? statement.text : onSqlite ? statement.sqlite : statement.postgresql;

const cases: Record<string, { statement: Sql; values: unknown[]; sqlite: RegExp[] }> = {
  "orders per stage": {
    statement: DASHBOARD_STATEMENTS.ORDERS_PER_STAGE,
    values: ["shop"],
    sqlite: [/COVERING INDEX Order_shop_stageKey_deletedAt_stageEnteredAt_idx \(shop=\?\)/],
  },
  "stuck orders": {
    statement: stuck.statement,
    values: stuck.values,
    sqlite: [
      /COVERING INDEX Order_shop_stageKey_deletedAt_stageEnteredAt_idx \(shop=\? AND stageKey=\? AND deletedAt=\? AND stageEnteredAt<\?\)/,
      /Order_shop_stageKey_deletedAt_stageEnteredAt_idx \(shop=\? AND stageKey=\? AND deletedAt=\? AND stageEnteredAt>\? AND stageEnteredAt<\?\)/,
    ],
  },
  "time in stage": {
    statement: DASHBOARD_STATEMENTS.TIME_IN_STAGE,
    values: ["shop", before, at],
    sqlite: [
      /COVERING INDEX TimelineEvent_shop_occurredAt_fromKey_orderGid_idx \(shop=\? AND occurredAt>\? AND occurredAt<\?\)/,
      /TimelineEvent_shop_orderGid_id_idx \(shop=\? AND orderGid=\? AND id<\?\)/,
    ],
  },
  emails: {
    statement: DASHBOARD_STATEMENTS.EMAIL_COUNTS,
    values: ["shop", before, at, false],
    sqlite: [/EmailOutbox_shop_createdAt_idx \(shop=\? AND createdAt>\?\)/],
  },
  "lookup counts": {
    statement: LOOKUP_COUNT_STATEMENTS.ADD_COUNTS,
    values: ["shop", "2026-03-01", 1, 0, 0],
    sqlite: [],
  },
};

async function plan(text: string, values: unknown[]): Promise<string[]> {
  if (onSqlite) {
    const rows = await sql().all<{ detail: string }>(
      { name: `explain ${text}`, text: `EXPLAIN QUERY PLAN ${text}` },
      values as SqlValue[],
    );
    return rows.map((r) => r.detail);
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // Small test tables would be scanned anyway; this shows whether an index can answer.
    await client.query("SET enable_seqscan = off");
    const { rows } = await client.query<{ "QUERY PLAN": string }>({
      text: `EXPLAIN ${text}`,
      values: values.map((v) => (v instanceof Date ? v.toISOString().replace("Z", "") : v)),
    });
    return rows.map((r) => r["QUERY PLAN"]);
  } finally {
    await client.end();
  }
}

describe("dashboard statements", () => {
  it.each(Object.entries(cases))(
    "%s: read from the shop's index, not a table scan",
    async (_, { statement, values, sqlite }) => {
      const text = (await plan(textOf(statement), values)).join("\n");
      if (onSqlite) {
        for (const expected of sqlite) expect(text).toMatch(expected);
        expect(text).not.toMatch(/^SCAN (Order|TimelineEvent|EmailOutbox|LookupDailyCount)\b/m);
      } else {
        expect(text).not.toMatch(/Seq Scan/);
      }
    },
  );
});
