// Working days for "stuck" orders (SPEC §4): an order is stuck once more business days than its
// stage expects have passed since it entered the stage. Monday to Friday, counted in UTC days.
const DAY_MS = 86_400_000;

function isWorkingDay(time: number): boolean {
  const weekday = new Date(time).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/**
 * The latest instant of entry that makes an order stuck at `now`: `days` working days before
 * the start of `now`'s day. An order entered before it has spent more than `days` business days.
 */
export function stuckCutoff(now: Date, days: number): Date {
  let time = Math.floor(now.getTime() / DAY_MS) * DAY_MS;
  let counted = 0;
  while (counted < days) {
    time -= DAY_MS;
    if (isWorkingDay(time)) counted++;
  }
  return new Date(time);
}

/** Whole calendar days from `from` to `now` (what the Orders list shows as "days in stage"). */
export function daysSince(from: Date, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - from.getTime()) / DAY_MS));
}
