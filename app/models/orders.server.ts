import type { Prisma } from "@stageline/prisma-sqlite";
import { clientOr, type Client } from "./client.server";

export type OrderRow = NonNullable<Awaited<ReturnType<typeof findOrder>>>;
export type OrderWrite = Omit<Prisma.OrderUncheckedCreateInput, "shop" | "orderGid" | "version">;

export function findOrder(shop: string, orderGid: string, client?: Client) {
  return clientOr(client).order.findUnique({ where: { shop_orderGid: { shop, orderGid } } });
}

/** Inserts a new order; a concurrent insert of the same order raises a unique violation. */
export function createOrder(shop: string, orderGid: string, data: OrderWrite, client?: Client) {
  return clientOr(client).order.create({ data: { ...data, shop, orderGid } });
}

/**
 * Writes the order only if nobody else wrote it since it was read at `version`.
 * Returns false when the caller must re-read and try again.
 */
export async function updateOrderAtVersion(
  shop: string,
  orderGid: string,
  version: number,
  data: Partial<OrderWrite>,
  client?: Client,
) {
  const { count } = await clientOr(client).order.updateMany({
    where: { shop, orderGid, version },
    data: { ...data, version: { increment: 1 } },
  });
  return count === 1;
}

export function markOrderDeleted(shop: string, orderGid: string, at: Date, client?: Client) {
  return clientOr(client).order.updateMany({
    where: { shop, orderGid, deletedAt: null },
    data: { deletedAt: at, version: { increment: 1 } },
  });
}

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
