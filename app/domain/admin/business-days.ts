// "Stuck" on the Orders page (SPEC §4) is the automation's isStuck: an order is stuck once its
// stage's expected business days have passed in the shop's calendar (due at the same local time
// of day). That is not monotone in the entry time (a Saturday-evening entry can be due later than
// a Monday-morning one), so the database filter takes every order that could be stuck and the
// list keeps those isStuck confirms.
import type { WorkCalendar } from "../automation/business-days";
import { isStuck } from "../automation/schedule";

const DAY_MS = 86_400_000;
// A daylight-saving change can make a business day 23 hours long.
const DST_MARGIN_MS = 2 * 3_600_000;

/**
 * Orders of a stage that entered at or after this instant cannot be stuck at `now` (every
 * business day is at least a calendar day, less a clock change); null when none can be.
 */
export function stuckCandidatesBefore(now: Date, expectedBusinessDays: number | null): Date | null {
  if (expectedBusinessDays === null || expectedBusinessDays <= 0) return null;
  return new Date(now.getTime() - expectedBusinessDays * DAY_MS + DST_MARGIN_MS);
}

export function isOrderStuck(
  enteredAt: Date,
  expectedBusinessDays: number | null,
  now: Date,
  calendar: WorkCalendar,
): boolean {
  return isStuck(enteredAt, expectedBusinessDays, now, calendar);
}

/** Whole calendar days from `from` to `now` (what the Orders list shows as "days in stage"). */
export function daysSince(from: Date, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - from.getTime()) / DAY_MS));
}
