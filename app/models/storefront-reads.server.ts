// What the storefront lookup reads, on prepared statements (docs/decisions/007): it
// runs for every shopper request, so it avoids Prisma's per-query cost like webhook ingestion.
// The rows are the ones the Prisma models write; only these statements read them here.
import type { ViewStage } from "~/domain/order-view";
import { ShopStageCache } from "./stage-cache.server";
import { sql, toBool, toDate } from "./sql/connection.server";

/** An order as the storefront needs it (no address, phone number or price). */
export interface StorefrontOrder {
  orderGid: string;
  name: string | null;
  email: string | null;
  phoneDigits: string | null;
  /** The order's locale, else the shop's. */
  locale: string | null;
  shopLocale: string | null;
  lineItems: string;
  placedAt: Date | null;
  facts: string;
  stageKey: string;
  stageEnteredAt: Date | null;
  /** The shop's calendar settings (business days of the estimated delivery date). */
  shopTimeZone: string | null;
  shopIanaTimezone: string | null;
  shopWorkingDays: string | null;
}

/** A stage with its texts, as the storefront shows it. */
export type StorefrontStage = ViewStage;

export interface StorefrontEvent {
  toKey: string;
  source: string;
  occurredAt: Date;
}

const ORDER_COLUMNS = `o."orderGid", o."name", o."email", o."phoneDigits", o."locale", o."lineItems",
  o."placedAt", o."facts", o."stageKey", o."stageEnteredAt", s."locale" AS "shopLocale",
  s."timeZone" AS "shopTimeZone", s."ianaTimezone" AS "shopIanaTimezone",
  s."workingDays" AS "shopWorkingDays"`;

const ORDER_BY_NAME = {
  name: "storefront_order_by_name",
  text: `SELECT ${ORDER_COLUMNS} FROM "Order" o LEFT JOIN "Shop" s ON s."shop" = o."shop"
         WHERE o."shop" = $1 AND o."nameKey" = $2 AND o."deletedAt" IS NULL
         ORDER BY o."placedAt" DESC LIMIT $3`,
};
const CUSTOMER_ORDERS = {
  name: "storefront_customer_orders",
  text: `SELECT ${ORDER_COLUMNS} FROM "Order" o LEFT JOIN "Shop" s ON s."shop" = o."shop"
         WHERE o."shop" = $1 AND o."customerGid" = $2 AND o."deletedAt" IS NULL
         ORDER BY o."placedAt" DESC LIMIT $3`,
};
const TIMELINE = {
  name: "storefront_timeline",
  text: `SELECT "toKey", "source", "occurredAt" FROM "TimelineEvent"
         WHERE "shop" = $1 AND "orderGid" = $2 ORDER BY "id" ASC`,
};
const STAGES = {
  name: "storefront_stages",
  text: `SELECT "key", "labels", "descriptions", "position", "exception", "visibleToCustomer",
                "expectedBusinessDays"
         FROM "Stage" WHERE "shop" = $1 ORDER BY "position" ASC`,
};
/** Every statement of this module (the query-plan test checks each is served by an index). */
export const STOREFRONT_STATEMENTS = { ORDER_BY_NAME, CUSTOMER_ORDERS, TIMELINE, STAGES };

function orderOf(row: Record<string, unknown>): StorefrontOrder {
  return {
    orderGid: row.orderGid as string,
    name: row.name as string | null,
    email: row.email as string | null,
    phoneDigits: row.phoneDigits as string | null,
    locale: row.locale as string | null,
    shopLocale: row.shopLocale as string | null,
    lineItems: row.lineItems as string,
    placedAt: toDate(row.placedAt),
    facts: row.facts as string,
    stageKey: row.stageKey as string,
    stageEnteredAt: toDate(row.stageEnteredAt),
    shopTimeZone: (row.shopTimeZone as string | null) ?? null,
    shopIanaTimezone: (row.shopIanaTimezone as string | null) ?? null,
    shopWorkingDays: (row.shopWorkingDays as string | null) ?? null,
  };
}

/** How many orders sharing one name key a lookup compares the shopper's contact with. */
export const MAX_ORDERS_PER_NAME = 20;

/**
 * The orders of `shop` a shopper's name key ("1001") names, newest first; not deleted ones.
 * Names are not unique, so a lookup checks the contact against each.
 */
export async function findStorefrontOrdersByName(
  shop: string,
  nameKey: string,
): Promise<StorefrontOrder[]> {
  const rows = await sql().all<Record<string, unknown>>(ORDER_BY_NAME, [
    shop,
    nameKey,
    MAX_ORDERS_PER_NAME,
  ]);
  return rows.map(orderOf);
}

/** A customer's most recent orders, newest first. */
export async function findStorefrontCustomerOrders(
  shop: string,
  customerGid: string,
  take: number,
): Promise<StorefrontOrder[]> {
  const rows = await sql().all<Record<string, unknown>>(CUSTOMER_ORDERS, [shop, customerGid, take]);
  return rows.map(orderOf);
}

/** Stage events of an order, oldest first. */
export async function listStorefrontTimeline(
  shop: string,
  orderGid: string,
): Promise<StorefrontEvent[]> {
  const rows = await sql().all<Record<string, unknown>>(TIMELINE, [shop, orderGid]);
  return rows.map((r) => ({
    toKey: r.toKey as string,
    source: r.source as string,
    occurredAt: toDate(r.occurredAt)!,
  }));
}

const stageCache = new ShopStageCache<readonly StorefrontStage[]>();

/** The shop's stages with their texts, in position order (cached, see stage-cache.server). */
export function listStorefrontStages(shop: string): Promise<readonly StorefrontStage[]> {
  return stageCache.through(shop, async () => {
    const rows = await sql().all<Record<string, unknown>>(STAGES, [shop]);
    return rows.map((r) => ({
      key: r.key as string,
      labels: JSON.parse(r.labels as string) as Record<string, string>,
      descriptions: JSON.parse(r.descriptions as string) as Record<string, string>,
      position: Number(r.position),
      exception: toBool(r.exception),
      visibleToCustomer: toBool(r.visibleToCustomer),
      expectedBusinessDays:
        r.expectedBusinessDays === null || r.expectedBusinessDays === undefined
          ? null
          : Number(r.expectedBusinessDays),
    }));
  });
}
