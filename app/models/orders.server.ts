import type { Prisma } from "@stageline/prisma-sqlite";
import { clientOr, type Client } from "./client.server";
import { sql, toDate } from "./sql/connection.server";

export interface CustomerSelector {
  customerGid: string | null;
  email: string | null;
  orderGids: string[];
}

function customerWhere(shop: string, who: CustomerSelector): Prisma.OrderWhereInput {
  const or: Prisma.OrderWhereInput[] = [];
  if (who.customerGid) or.push({ customerGid: who.customerGid });
  if (who.email) or.push({ email: who.email.toLowerCase() });
  if (who.orderGids.length) or.push({ orderGid: { in: who.orderGids } });
  // No selector at all must match nothing, never the whole shop.
  return { shop, OR: or.length ? or : [{ orderGid: { in: [] } }] };
}

export function findCustomerOrders(shop: string, who: CustomerSelector, client?: Client) {
  return clientOr(client).order.findMany({
    where: customerWhere(shop, who),
    orderBy: { placedAt: "asc" },
  });
}

/** Erases the personal data of a customer's orders; stages and timelines stay (anonymous). */
export function redactCustomerOrders(
  shop: string,
  who: CustomerSelector,
  at: Date,
  client?: Client,
) {
  return clientOr(client).order.updateMany({
    where: customerWhere(shop, who),
    data: {
      email: null,
      phoneDigits: null,
      customerGid: null,
      customerFirstName: null,
      orderStatusUrl: null,
      redactedAt: at,
      version: { increment: 1 },
    },
  });
}

export async function countOrdersByStage(shop: string, client?: Client) {
  const groups = await clientOr(client).order.groupBy({
    by: ["stageKey"],
    where: { shop, deletedAt: null },
    _count: { _all: true },
  });
  return new Map(groups.map((g) => [g.stageKey, g._count._all]));
}

/** What a stage email says of an order (its current facts and stage). */
export interface EmailOrder {
  name: string | null;
  email: string | null;
  locale: string | null;
  customerFirstName: string | null;
  orderStatusUrl: string | null;
  facts: string;
  stageKey: string;
  stageEnteredAt: Date | null;
  deletedAt: Date | null;
}

const EMAIL_ORDER = {
  name: "order_for_email",
  text: `SELECT "name", "email", "locale", "customerFirstName", "orderStatusUrl", "facts",
           "stageKey", "stageEnteredAt", "deletedAt" FROM "Order" WHERE "shop" = $1 AND "orderGid" = $2`,
};

/** The order as the email dispatcher renders it (a prepared statement: every email reads it). */
export async function findOrderForEmail(
  shop: string,
  orderGid: string,
): Promise<EmailOrder | null> {
  const [row] = await sql().all<Record<string, unknown>>(EMAIL_ORDER, [shop, orderGid]);
  if (!row) return null;
  return {
    name: row.name as string | null,
    email: row.email as string | null,
    locale: row.locale as string | null,
    customerFirstName: row.customerFirstName as string | null,
    orderStatusUrl: row.orderStatusUrl as string | null,
    facts: row.facts as string,
    stageKey: row.stageKey as string,
    stageEnteredAt: toDate(row.stageEnteredAt),
    deletedAt: toDate(row.deletedAt),
  };
}
