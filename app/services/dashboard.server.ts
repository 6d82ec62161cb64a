// The Dashboard (SPEC §7): orders per stage, stuck orders, time in stage over 30 days, storefront
// lookups per day, emails of the last 7 days and deliveries Stageline could not read. One query
// per widget besides the shop's stages and calendar.
import { daysSince, isOrderStuck } from "~/domain/admin/business-days";
import {
  EMAIL_DAYS,
  lastUtcDays,
  LOOKUP_DAYS,
  STUCK_LIST_SIZE,
  stuckWindow,
  TIME_IN_STAGE_DAYS,
} from "~/domain/admin/dashboard";
import { calendarOf } from "~/domain/automation/business-days";
import {
  readEmailCounts,
  readOrdersPerStage,
  readStuckOrders,
  readTimeInStage,
  type StuckWindow,
} from "~/models/dashboard-reads.server";
import { flushLookupCounts, readLookupDays } from "~/models/lookup-counts.server";
import { findShop } from "~/models/shops.server";
import { unreadableDeliveries } from "./rejected-deliveries.server";
import { orderIdOf } from "./order-admin.server";
import { loadAdminStages, type AdminStage } from "./stage-admin.server";

const DAY_MS = 86_400_000;

async function stuckOrders(shop: string, stages: AdminStage[], now: Date) {
  const calendar = calendarOf(await findShop(shop));
  const windows: StuckWindow[] = [];
  const expected = new Map<string, number | null>();
  for (const stage of stages) {
    expected.set(stage.key, stage.expectedBusinessDays);
    const window = stuckWindow(now, stage.expectedBusinessDays, calendar);
    if (window) windows.push({ stageKey: stage.key, ...window });
  }
  const rows = await readStuckOrders(shop, windows, STUCK_LIST_SIZE * 2);
  const stuck = (stageKey: string, enteredAt: Date) =>
    isOrderStuck(enteredAt, expected.get(stageKey) ?? null, now, calendar);
  const count =
    [...rows.sure.values()].reduce((sum, n) => sum + n, 0) +
    rows.maybe.filter((row) => stuck(row.stageKey, row.stageEnteredAt)).length;
  return {
    count,
    orders: rows.oldest
      .filter((row) => stuck(row.stageKey, row.stageEnteredAt))
      .slice(0, STUCK_LIST_SIZE)
      .map((row) => ({
        id: orderIdOf(row.orderGid),
        name: row.name ?? orderIdOf(row.orderGid),
        stageKey: row.stageKey,
        daysInStage: daysSince(row.stageEnteredAt, now),
      })),
  };
}

async function lookupsPerDay(shop: string, now: Date) {
  const days = lastUtcDays(now, LOOKUP_DAYS);
  // This instance's latest lookups (other instances write theirs within seconds).
  await flushLookupCounts();
  const counted = new Map((await readLookupDays(shop, days[0]!)).map((d) => [d.day, d]));
  return days.map((day) => counted.get(day) ?? { day, found: 0, notFound: 0, limited: 0 });
}

export async function loadDashboard(shop: string, now = new Date()) {
  const stages = await loadAdminStages(shop);
  const [counts, stuck, durations, lookups, emails, unreadable] = await Promise.all([
    readOrdersPerStage(shop),
    stuckOrders(shop, stages, now),
    readTimeInStage(shop, new Date(now.getTime() - TIME_IN_STAGE_DAYS * DAY_MS), now),
    lookupsPerDay(shop, now),
    // Emails are queued at most a few days before they go out (coalescing, retries).
    readEmailCounts(
      shop,
      new Date(now.getTime() - EMAIL_DAYS * DAY_MS),
      new Date(now.getTime() - 2 * EMAIL_DAYS * DAY_MS),
    ),
    unreadableDeliveries(shop),
  ]);
  const timeInStage = new Map(durations.map((d) => [d.stageKey, d]));
  return {
    unreadable,
    totalOrders: [...counts.values()].reduce((sum, n) => sum + n, 0),
    hasCustomStages: stages.some((s) => !s.isDefault),
    stages: stages.map((stage) => ({
      key: stage.key,
      labels: stage.labels,
      color: stage.color,
      internalName: stage.internalName,
      orderCount: counts.get(stage.key) ?? 0,
    })),
    stuck,
    timeInStage: stages
      .filter((stage) => timeInStage.has(stage.key))
      .map((stage) => ({ key: stage.key, ...timeInStage.get(stage.key)! })),
    lookups,
    emails,
  };
}
