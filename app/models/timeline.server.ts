import { clientOr, type Client } from "./client.server";
import { sql } from "./sql/connection.server";

export type TimelineSource = "shopify" | "carrier" | "merchant" | "rule" | "backfill";

export function listOrderTimeline(shop: string, orderGid: string, client?: Client) {
  return clientOr(client).timelineEvent.findMany({
    where: { shop, orderGid },
    orderBy: { id: "asc" },
  });
}

const MARK_NOTIFIED = {
  name: "timeline_mark_notified",
  text: `UPDATE "TimelineEvent" SET "customerNotified" = $1 WHERE "shop" = $2 AND "id" = $3`,
};

/** Records on the timeline that the shopper was emailed about this stage entry. */
export async function markCustomerNotified(shop: string, id: number) {
  return (await sql().run(MARK_NOTIFIED, [true, shop, id])) === 1;
}
