import { describe, expect, it } from "vitest";
import {
  addBusinessDays,
  businessDaysBetween,
  DEFAULT_WORKING_DAYS,
  isValidTimeZone,
  localDate,
  type WorkCalendar,
} from "~/domain/automation/business-days";

const stockholm: WorkCalendar = { timeZone: "Europe/Stockholm", workingDays: DEFAULT_WORKING_DAYS };
const utc: WorkCalendar = { timeZone: "UTC", workingDays: DEFAULT_WORKING_DAYS };
const at = (iso: string) => new Date(iso);

describe("business days", () => {
  it.each([
    // [start, days, expected] in UTC, Mon–Fri. 2026-12-04 is a Friday.
    ["2026-12-04T15:00:00.000Z", 1, "2026-12-07T15:00:00.000Z"], // Fri + 1 → Mon
    ["2026-12-04T15:00:00.000Z", 5, "2026-12-11T15:00:00.000Z"], // Fri + 5 → next Fri
    ["2026-12-05T10:00:00.000Z", 1, "2026-12-07T10:00:00.000Z"], // Sat + 1 → Mon
    ["2026-12-06T10:00:00.000Z", 1, "2026-12-07T10:00:00.000Z"], // Sun + 1 → Mon
    ["2026-12-07T09:00:00.000Z", 3, "2026-12-10T09:00:00.000Z"], // Mon + 3 → Thu
    ["2026-12-07T09:00:00.000Z", 0, "2026-12-07T09:00:00.000Z"],
  ])("%s + %i business days = %s", (start, days, expected) => {
    expect(addBusinessDays(at(start), days, utc)?.toISOString()).toBe(expected);
  });

  it("keeps the shop's local time of day across a daylight-saving change", () => {
    // Friday 2026-03-27 09:00 in Stockholm (UTC+1); clocks go forward on Sunday 29 March.
    const friday = at("2026-03-27T08:00:00.000Z");
    const monday = addBusinessDays(friday, 1, stockholm)!;
    expect(monday.toISOString()).toBe("2026-03-30T07:00:00.000Z"); // 09:00 in UTC+2
  });

  it("uses the shop's weekdays: a Sunday in UTC may be Monday in the shop's zone", () => {
    const sundayUtcMondayTokyo = at("2026-12-06T20:00:00.000Z"); // Mon 05:00 in Tokyo
    const tokyo: WorkCalendar = { timeZone: "Asia/Tokyo", workingDays: DEFAULT_WORKING_DAYS };
    expect(addBusinessDays(sundayUtcMondayTokyo, 1, tokyo)?.toISOString()).toBe(
      "2026-12-07T20:00:00.000Z",
    );
    expect(addBusinessDays(sundayUtcMondayTokyo, 1, utc)?.toISOString()).toBe(
      "2026-12-07T20:00:00.000Z",
    );
    expect(localDate(sundayUtcMondayTokyo, "Asia/Tokyo")).toBe("2026-12-07");
    expect(localDate(sundayUtcMondayTokyo, "UTC")).toBe("2026-12-06");
  });

  it("follows custom working days, and never advances without any", () => {
    const tueToSat: WorkCalendar = { timeZone: "UTC", workingDays: [2, 3, 4, 5, 6] };
    expect(addBusinessDays(at("2026-12-04T12:00:00.000Z"), 1, tueToSat)?.toISOString()).toBe(
      "2026-12-05T12:00:00.000Z",
    );
    expect(addBusinessDays(at("2026-12-05T12:00:00.000Z"), 1, tueToSat)?.toISOString()).toBe(
      "2026-12-08T12:00:00.000Z",
    );
    expect(
      addBusinessDays(at("2026-12-05T12:00:00.000Z"), 1, { timeZone: "UTC", workingDays: [] }),
    ).toBeNull();
  });

  it("counts whole business days between two instants, the inverse of adding them", () => {
    const start = at("2026-12-04T15:00:00.000Z");
    for (const days of [0, 1, 2, 5, 11, 30]) {
      const end = addBusinessDays(start, days, stockholm)!;
      expect(businessDaysBetween(start, end, stockholm)).toBe(days);
      expect(businessDaysBetween(start, new Date(end.getTime() - 1), stockholm)).toBe(
        Math.max(0, days - 1),
      );
    }
    expect(businessDaysBetween(start, at("2026-12-01T00:00:00.000Z"), utc)).toBe(0);
  });

  it("knows real time zones from made-up ones", () => {
    expect(isValidTimeZone("Europe/Stockholm")).toBe(true);
    expect(isValidTimeZone("America/Argentina/Buenos_Aires")).toBe(true);
    expect(isValidTimeZone("Mars/Olympus_Mons")).toBe(false);
    expect(isValidTimeZone("")).toBe(false);
  });
});
