// The dashboard's arithmetic (SPEC §7). Pure: the time and the shop's calendar are arguments.
import type { WorkCalendar } from "../automation/business-days";
import { stuckCandidatesBefore } from "./business-days";

const DAY_MS = 86_400_000;
// A daylight-saving change can make a business day longer or shorter by an hour.
const DST_MARGIN_MS = 2 * 3_600_000;

export const STUCK_LIST_SIZE = 10;
export const TIME_IN_STAGE_DAYS = 30;
export const LOOKUP_DAYS = 14;
export const EMAIL_DAYS = 7;

/**
 * Where a stage's stuck orders can be, by entry time. Entered at or after `possiblyBefore`: not
 * stuck yet (every business day is at least a calendar day). Entered before `surelyBefore`: stuck
 * (any 7 consecutive days hold every working weekday once, so n business days take at most
 * ⌈n / working days a week⌉ weeks). In between, the calendar decides order by order.
 * Stages without expected days, and calendars without working days, have no stuck orders.
 */
export function stuckWindow(
  now: Date,
  expectedBusinessDays: number | null,
  calendar: WorkCalendar,
): { surelyBefore: Date; possiblyBefore: Date } | null {
  const possiblyBefore = stuckCandidatesBefore(now, expectedBusinessDays);
  const perWeek = new Set(calendar.workingDays).size;
  if (possiblyBefore === null || perWeek === 0) return null;
  const weeks = Math.ceil(expectedBusinessDays! / perWeek);
  const surelyBefore = new Date(
    Math.min(possiblyBefore.getTime(), now.getTime() - weeks * 7 * DAY_MS - DST_MARGIN_MS),
  );
  return { surelyBefore, possiblyBefore };
}

/** The UTC days ("2026-12-08") of the last `count` days up to and including `now`'s, oldest first. */
export function lastUtcDays(now: Date, count: number): string[] {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return Array.from({ length: count }, (_, i) =>
    new Date(today - (count - 1 - i) * DAY_MS).toISOString().slice(0, 10),
  );
}

/** A duration for people: "3.5 days", "5 hours", "12 minutes" (the unit is a message key). */
export function durationParts(seconds: number): {
  unit: "days" | "hours" | "minutes";
  value: number;
} {
  if (seconds >= DAY_MS / 1000) return { unit: "days", value: round1(seconds / 86_400) };
  if (seconds >= 3600) return { unit: "hours", value: round1(seconds / 3600) };
  return { unit: "minutes", value: Math.max(0, Math.round(seconds / 60)) };
}

function round1(n: number) {
  return Math.round(n * 10) / 10;
}
