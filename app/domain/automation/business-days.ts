// Business days in a shop's own calendar (SPEC §4: expected durations, time rules, stuck orders,
// estimated dates): the shop's IANA time zone and working weekdays. Pure: instants in, instants
// out; the zone's offsets (daylight saving included) come from the runtime's Intl data.

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export interface WorkCalendar {
  timeZone: string;
  workingDays: readonly Weekday[];
}

export const DEFAULT_WORKING_DAYS: readonly Weekday[] = [1, 2, 3, 4, 5];
export const DEFAULT_CALENDAR: WorkCalendar = {
  timeZone: "UTC",
  workingDays: DEFAULT_WORKING_DAYS,
};

const DAY_MS = 24 * 60 * 60 * 1000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Whether the runtime knows the zone ("Europe/Stockholm" yes, "Mars/Base" no). */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The zone's wall-clock reading of an instant, expressed as if it were UTC (ms). */
function wallClock(instant: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(instant))) {
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  }
  return (
    Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!) +
    (((instant % 1000) + 1000) % 1000)
  );
}

/** The instant at which the zone's clock shows `wall` (a wall-clock time written as UTC ms). */
function instantOfWallClock(wall: number, timeZone: string): number {
  const firstGuess = wall - (wallClock(wall, timeZone) - wall);
  const offset = wallClock(firstGuess, timeZone) - firstGuess;
  return wall - offset;
}

function weekdayOf(wall: number): Weekday {
  const day = new Date(wall).getUTCDay();
  return (day === 0 ? 7 : day) as Weekday;
}

/**
 * The instant `days` working days after `start`, at the same local time of day. Counting starts
 * with the next calendar day, so a Friday afternoon plus one day is Monday afternoon (Mon–Fri).
 * A calendar with no working days never advances (returns null).
 */
export function addBusinessDays(start: Date, days: number, calendar: WorkCalendar): Date | null {
  if (days <= 0) return new Date(start);
  if (calendar.workingDays.length === 0) return null;
  const working = new Set(calendar.workingDays);
  let wall = wallClock(start.getTime(), calendar.timeZone);
  for (let counted = 0; counted < days;) {
    wall += DAY_MS;
    if (working.has(weekdayOf(wall))) counted++;
  }
  return new Date(instantOfWallClock(wall, calendar.timeZone));
}

/** Whole working days from `start` until `end` (0 when `end` is earlier). */
export function businessDaysBetween(start: Date, end: Date, calendar: WorkCalendar): number {
  if (end <= start || calendar.workingDays.length === 0) return 0;
  const working = new Set(calendar.workingDays);
  const from = wallClock(start.getTime(), calendar.timeZone);
  const to = wallClock(end.getTime(), calendar.timeZone);
  let count = 0;
  for (let wall = from + DAY_MS; wall <= to; wall += DAY_MS) {
    if (working.has(weekdayOf(wall))) count++;
  }
  return count;
}

/** The local calendar date of an instant in the zone, "YYYY-MM-DD" (for "one digest per day"). */
export function localDate(instant: Date, timeZone: string): string {
  return new Date(wallClock(instant.getTime(), timeZone)).toISOString().slice(0, 10);
}

/** The hour (0–23) the zone's clock shows at an instant. */
export function localHour(instant: Date, timeZone: string): number {
  return new Date(wallClock(instant.getTime(), timeZone)).getUTCHours();
}

/** Working days as stored ("1,2,3,4,5"), sorted and without repeats; unknown entries are dropped. */
export function parseWorkingDays(stored: string | null | undefined): Weekday[] {
  if (stored == null) return [...DEFAULT_WORKING_DAYS];
  const days = new Set<Weekday>();
  for (const part of stored.split(",")) {
    const day = Number(part.trim());
    if (Number.isInteger(day) && day >= 1 && day <= 7) days.add(day as Weekday);
  }
  return [...days].sort((a, b) => a - b);
}

export function formatWorkingDays(days: readonly Weekday[]): string {
  return [...new Set(days)].sort((a, b) => a - b).join(",");
}

/**
 * A shop's calendar from its stored settings: the merchant's zone, else the shop's own zone from
 * Shopify, else UTC; an unknown zone counts as UTC rather than failing every date computation.
 */
export function calendarOf(
  shop: {
    timeZone?: string | null;
    ianaTimezone?: string | null;
    workingDays?: string | null;
  } | null,
): WorkCalendar {
  const zone = shop?.timeZone || shop?.ianaTimezone || "UTC";
  return {
    timeZone: isValidTimeZone(zone) ? zone : "UTC",
    workingDays: parseWorkingDays(shop?.workingDays),
  };
}
