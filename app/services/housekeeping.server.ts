// Rows that can no longer matter are deleted hourly by the background work (`npm start`,
// `npm run worker`): webhook receipts after their retention, rate-limit windows once no lookup
// decision reads them, data-request reports after 30 days; and, for shops that chose a retention
// period in Settings, orders closed or cancelled longer ago than that (with their timeline and
// emails; an open order is never deleted).
import { db } from "~/db.server";
import { deleteDataRequestReportsBefore } from "~/models/compliance-requests.server";
import {
  deleteOrderWithHistory,
  retentionCandidates,
  shopsWithRetention,
} from "~/models/order-retention.server";
import { deleteRateLimitCountersBefore } from "~/models/rate-limits.server";
import { deleteReceiptsBefore } from "~/models/webhook-receipts.server";
import { DATA_REQUEST_RETENTION_MS } from "./compliance.server";
import { LOOKUP_LIMITS } from "./order-lookup.server";

/** Receipts are kept 48 hours: longer than Shopify's retry window of 4 hours, with margin. */
export const RECEIPT_RETENTION_MS = 48 * 60 * 60 * 1000;
/** Rejected deliveries keep their body 7 days: time to notice, fix the reader and replay. */
export const REJECTED_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

export async function runHousekeeping(now: Date) {
  const receipts = await deleteReceiptsBefore(
    new Date(now.getTime() - RECEIPT_RETENTION_MS),
    new Date(now.getTime() - REJECTED_RETENTION_MS),
  );
  // A decision reads the current window and the one before it.
  const counters = await deleteRateLimitCountersBefore(
    new Date(now.getTime() - 2 * LOOKUP_LIMITS.windowMs),
  );
  const reports = await deleteDataRequestReportsBefore(
    new Date(now.getTime() - DATA_REQUEST_RETENTION_MS),
  );
  const expiredOrders = await deleteExpiredOrders(now);
  return {
    receipts: receipts.count,
    rateLimitCounters: counters.count,
    dataRequestReports: reports.count,
    expiredOrders,
  };
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** When the order was closed or cancelled (the earlier of the two), or null while it is open. */
export function endedAt(order: { cancelledAt: Date | null; facts: string }): number | null {
  let closedAt: string | null | undefined;
  let cancelledAt: string | null | undefined;
  try {
    const section = (JSON.parse(order.facts) as { order?: Record<string, unknown> | null }).order;
    closedAt = typeof section?.closedAt === "string" ? section.closedAt : null;
    cancelledAt = typeof section?.cancelledAt === "string" ? section.cancelledAt : null;
  } catch {
    closedAt = null;
  }
  const times = [
    order.cancelledAt?.getTime(),
    Date.parse(closedAt ?? ""),
    Date.parse(cancelledAt ?? ""),
  ].filter((t): t is number => typeof t === "number" && Number.isFinite(t));
  return times.length ? Math.min(...times) : null;
}

/**
 * Deletes, per shop with a retention period, the orders closed or cancelled more than that many
 * days before `now`, each with its timeline and emails. Returns how many orders went.
 */
export async function deleteExpiredOrders(now: Date, { pageSize = 500 } = {}): Promise<number> {
  let deleted = 0;
  for (const { shop, retentionDays } of await shopsWithRetention()) {
    if (retentionDays == null || retentionDays <= 0) continue;
    const before = new Date(now.getTime() - retentionDays * DAY_MS);
    let cursor: string | null = null;
    for (;;) {
      const page = await retentionCandidates(shop, before, cursor, pageSize);
      if (page.length === 0) break;
      cursor = page[page.length - 1]!.orderGid;
      const expired = page.filter((o) => {
        const ended = endedAt(o);
        return ended !== null && ended < before.getTime();
      });
      if (expired.length === 0) continue;
      deleted += await db().$transaction(async (tx) => {
        let count = 0;
        for (const o of expired) {
          if (await deleteOrderWithHistory(shop, o.orderGid, o.version, tx)) count++;
        }
        return count;
      });
    }
  }
  return deleted;
}
