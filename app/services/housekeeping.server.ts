// Rows that can no longer matter are deleted hourly by the background work (`npm start`,
// `npm run worker`): webhook receipts after their retention, rate-limit windows once no lookup
// decision reads them, data-request reports after 30 days, daily lookup counts after 90 days.
import { deleteDataRequestReportsBefore } from "~/models/compliance-requests.server";
import { deleteLookupDaysBefore, utcDay } from "~/models/lookup-counts.server";
import { deleteRateLimitCountersBefore } from "~/models/rate-limits.server";
import { deleteReceiptsBefore } from "~/models/webhook-receipts.server";
import { DATA_REQUEST_RETENTION_MS } from "./compliance.server";
import { LOOKUP_LIMITS } from "./order-lookup.server";

/** Receipts are kept 48 hours: longer than Shopify's retry window of 4 hours, with margin. */
export const RECEIPT_RETENTION_MS = 48 * 60 * 60 * 1000;
/** Rejected deliveries keep their body 7 days: time to notice, fix the reader and replay. */
export const REJECTED_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;
/** Lookups per day: the dashboard shows 14 days; a quarter is kept. */
export const LOOKUP_DAYS_RETENTION_MS = 90 * 24 * 60 * 60 * 1000;

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
  const lookupDays = await deleteLookupDaysBefore(
    utcDay(new Date(now.getTime() - LOOKUP_DAYS_RETENTION_MS)),
  );
  return {
    receipts: receipts.count,
    lookupDays: lookupDays.count,
    rateLimitCounters: counters.count,
    dataRequestReports: reports.count,
  };
}
