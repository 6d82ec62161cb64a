// Every storefront lookup runs these statements (SPEC §5: p95 ≤ 15 ms at 1,000,000 orders), so
// each must be answered from an index: no scan of a table or of a shop's orders, no sort.
import pg from "pg";
import { describe, expect, it } from "vitest";
import { RATE_LIMIT_STATEMENTS } from "~/models/rate-limits.server";
import { sql, type SqlValue } from "~/models/sql/connection.server";
import { STOREFRONT_STATEMENTS } from "~/models/storefront-reads.server";

const url = process.env.DATABASE_URL!;
const onSqlite = url.startsWith("file:");
const at = new Date("2026-03-01T00:00:00.000Z");

const { ORDER_BY_NAME, CUSTOMER_ORDERS, TIMELINE, STAGES } = STOREFRONT_STATEMENTS;

interface PlanCase {
  statement: { text: string };
  /** Parameter values; only their types matter to the planner. */
  values: unknown[];
  /** The index search each database must show. */
  sqlite: RegExp;
  postgresql: RegExp;
}

const cases: Record<string, PlanCase> = {
  "order by name": {
    statement: ORDER_BY_NAME,
    values: ["shop", "1001", 20],
    sqlite: /Order_shop_nameKey_placedAt_idx \(shop=\? AND nameKey=\?\)/,
    postgresql: /Index Scan Backward using "Order_shop_nameKey_placedAt_idx"/,
  },
  "customer's orders": {
    statement: CUSTOMER_ORDERS,
    values: ["shop", "gid", 10],
    sqlite: /Order_shop_customerGid_placedAt_idx \(shop=\? AND customerGid=\?\)/,
    postgresql: /Index Scan Backward using "Order_shop_customerGid_placedAt_idx"/,
  },
  timeline: {
    statement: TIMELINE,
    values: ["shop", "gid"],
    sqlite: /TimelineEvent_shop_orderGid_id_idx \(shop=\? AND orderGid=\?\)/,
    postgresql: /Index Scan using "TimelineEvent_shop_orderGid_id_idx"/,
  },
  stages: {
    statement: STAGES,
    values: ["shop"],
    sqlite: /Stage_shop_position_idx \(shop=\?\)/,
    postgresql: /Index Scan using "Stage_shop_position_idx"/,
  },
  "rate-limit counters": {
    statement: RATE_LIMIT_STATEMENTS.COUNTERS_3,
    values: ["shop", at, "a", "b", "c"],
    sqlite: /RateLimitCounter_1 \(shop=\? AND key=\? AND windowStart>\?\)/,
    postgresql: /Index Scan using "RateLimitCounter_pkey"/,
  },
};

async function plan(text: string, values: unknown[]): Promise<string[]> {
  if (onSqlite) {
    // Through the app's own statement runner: the same parameter binding the lookups get.
    const rows = await sql().all<{ detail: string }>(
      { name: `explain ${text}`, text: `EXPLAIN QUERY PLAN ${text}` },
      values as SqlValue[],
    );
    return rows.map((r) => r.detail);
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // Small test tables would be scanned anyway; without that option the plan shows whether
    // an index can answer the statement at all.
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

describe("storefront lookup statements", () => {
  it.each(Object.entries(cases))(
    "%s: answered from its index, without a scan or a sort",
    async (_, { statement, values, sqlite, postgresql }) => {
      const text = (await plan(statement.text, values)).join("\n");
      expect(text).toMatch(onSqlite ? sqlite : postgresql);
      if (onSqlite) {
        expect(text).not.toMatch(/^SCAN /m);
        expect(text).not.toMatch(/TEMP B-TREE/);
      } else {
        expect(text).not.toMatch(/Seq Scan/);
        expect(text).not.toMatch(/\bSort\b/);
      }
    },
  );
});
