// The admin's reads of orders (SPEC §7): the Orders list as keyset pages over indexed columns,
// and one order for its detail page. Every statement names the shop first.
import type { OrderCursor, OrderSearch, OrderSort } from "~/domain/admin/order-list";
import { prefixUpperBound } from "~/domain/admin/order-list";
import { clientOr, type Client } from "./client.server";
import { sql, toDate, type SqlValue } from "./sql/connection.server";

export interface OrderListFilter {
  stage?: string;
  payment?: string;
  fulfillment?: string;
  /** A return status, or "none" for orders without returns. */
  return?: string;
  search: OrderSearch;
  /** Stuck orders: entered their stage before the stage's cutoff (stages without one never are). */
  stuckCutoffs?: readonly { stageKey: string; enteredBefore: Date }[];
  sort: OrderSort;
  after?: OrderCursor;
  limit: number;
}

export interface OrderListRow {
  orderGid: string;
  name: string | null;
  placedAt: Date | null;
  email: string | null;
  customerFirstName: string | null;
  stageKey: string;
  stageEnteredAt: Date;
  financialStatus: string | null;
  fulfillmentStatus: string | null;
  facts: string;
}

const SORTS: Record<OrderSort, { column: string; direction: "ASC" | "DESC" }> = {
  newest: { column: "placedAt", direction: "DESC" },
  oldest: { column: "placedAt", direction: "ASC" },
  longest_in_stage: { column: "stageEnteredAt", direction: "ASC" },
};

const RETURN_WITH_STATUS = {
  sqlite: (p: string) =>
    `EXISTS (SELECT 1 FROM json_each("facts", '$.returns') r WHERE lower(json_extract(r.value, '$.status')) = ${p})`,
  postgresql: (p: string) =>
    `EXISTS (SELECT 1 FROM jsonb_array_elements(("facts")::jsonb -> 'returns') r WHERE lower(r ->> 'status') = ${p})`,
};
const HAS_NO_RETURN = {
  sqlite: `json_array_length("facts", '$.returns') = 0`,
  postgresql: `jsonb_array_length(("facts")::jsonb -> 'returns') = 0`,
};

/**
 * One statement per shape of filter (prepared once each); values are always bound. Dialects
 * differ only in the JSON functions of the return filter.
 */
function listStatement(filter: OrderListFilter) {
  const values: SqlValue[] = [];
  const p = (value: SqlValue) => {
    values.push(value);
    return `$${values.length}`;
  };
  const where = [`"shop" = ${p("")}`, `"deletedAt" IS NULL`];
  let shape = "";
  const returnClause = { sqlite: "", postgresql: "" };
  if (filter.stage) {
    where.push(`"stageKey" = ${p(filter.stage)}`);
    shape += "s";
  }
  if (filter.payment) {
    where.push(`"financialStatus" = ${p(filter.payment)}`);
    shape += "p";
  }
  if (filter.fulfillment === "unfulfilled") {
    // Webhooks say null for "nothing fulfilled"; the Admin API says UNFULFILLED.
    where.push(`("fulfillmentStatus" IS NULL OR lower("fulfillmentStatus") = 'unfulfilled')`);
    shape += "u";
  } else if (filter.fulfillment) {
    where.push(`"fulfillmentStatus" = ${p(filter.fulfillment)}`);
    shape += "f";
  }
  if (filter.return === "none") {
    returnClause.sqlite = HAS_NO_RETURN.sqlite;
    returnClause.postgresql = HAS_NO_RETURN.postgresql;
    shape += "n";
  } else if (filter.return) {
    const param = p(filter.return);
    returnClause.sqlite = RETURN_WITH_STATUS.sqlite(param);
    returnClause.postgresql = RETURN_WITH_STATUS.postgresql(param);
    shape += "r";
  }
  if (filter.search.kind !== "none") {
    const column = filter.search.kind === "name" ? "nameKey" : "email";
    const prefix = filter.search.prefix;
    // The range uses the index; substr keeps the match exact whatever the collation.
    where.push(
      `"${column}" >= ${p(prefix)} AND "${column}" < ${p(prefixUpperBound(prefix))}`,
      `substr("${column}", 1, ${p(prefix.length)}) = ${p(prefix)}`,
    );
    shape += filter.search.kind === "name" ? "N" : "E";
  }
  if (filter.stuckCutoffs) {
    const any = filter.stuckCutoffs.map(
      (c) => `("stageKey" = ${p(c.stageKey)} AND "stageEnteredAt" < ${p(c.enteredBefore)})`,
    );
    where.push(any.length ? `(${any.join(" OR ")})` : "1 = 0");
    shape += `k${any.length}`;
  }
  const sort = SORTS[filter.sort];
  const col = `"${sort.column}"`;
  if (sort.column === "placedAt") where.push(`${col} IS NOT NULL`);
  if (filter.after) {
    const [cmp, cmpEq] = sort.direction === "DESC" ? ["<", "<="] : [">", ">="];
    const at = p(new Date(filter.after.value));
    where.push(
      `${col} ${cmpEq} ${at} AND (${col} ${cmp} ${at} OR "orderGid" ${cmp} ${p(filter.after.orderGid)})`,
    );
    shape += "c";
  }
  const limit = p(filter.limit);
  const text = (returns: string) =>
    `SELECT "orderGid", "name", "placedAt", "email", "customerFirstName", "stageKey",
            "stageEnteredAt", "financialStatus", "fulfillmentStatus", "facts"
       FROM "Order" WHERE ${[...where, ...(returns ? [returns] : [])].join(" AND ")}
       ORDER BY ${col} ${sort.direction}, "orderGid" ${sort.direction} LIMIT ${limit}`;
  return {
    statement: {
      name: `order_list_${filter.sort}_${shape || "all"}`,
      sqlite: text(returnClause.sqlite),
      postgresql: text(returnClause.postgresql),
    },
    values,
  };
}

/** A page of the shop's orders (one more row than `limit` tells whether a next page exists). */
export async function listOrdersPage(shop: string, filter: OrderListFilter) {
  const { statement, values } = listStatement(filter);
  values[0] = shop;
  const rows = await sql().all<Record<string, unknown>>(statement, values);
  return rows.map((row): OrderListRow => ({
    orderGid: row.orderGid as string,
    name: row.name as string | null,
    placedAt: toDate(row.placedAt),
    email: row.email as string | null,
    customerFirstName: row.customerFirstName as string | null,
    stageKey: row.stageKey as string,
    stageEnteredAt: toDate(row.stageEnteredAt)!,
    financialStatus: row.financialStatus as string | null,
    fulfillmentStatus: row.fulfillmentStatus as string | null,
    facts: row.facts as string,
  }));
}

/** One order of the shop for the admin (deleted ones too: their history stays readable). */
export function findAdminOrder(shop: string, orderGid: string, client?: Client) {
  return clientOr(client).order.findUnique({ where: { shop_orderGid: { shop, orderGid } } });
}

/** The stage and source of each of the shop's orders named (for undo). */
export function findOrderStages(shop: string, orderGids: readonly string[], client?: Client) {
  return clientOr(client).order.findMany({
    where: { shop, orderGid: { in: [...orderGids] } },
    select: { orderGid: true, stageKey: true, stageSource: true, stageEnteredAt: true },
  });
}

/** Up to `limit` ids of the shop's orders in a stage (deleting a stage moves them first). */
export async function listOrderGidsInStage(
  shop: string,
  stageKey: string,
  limit: number,
  client?: Client,
) {
  const rows = await clientOr(client).order.findMany({
    where: { shop, stageKey, deletedAt: null },
    select: { orderGid: true },
    take: limit,
  });
  return rows.map((r) => r.orderGid);
}

export function countOrdersInStage(shop: string, stageKey: string, client?: Client) {
  return clientOr(client).order.count({ where: { shop, stageKey, deletedAt: null } });
}
