// The dashboard's arithmetic: the stuck window agrees with isStuck for any calendar, entry time
// and expected days; the last 14 UTC days; durations for people.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { durationParts, lastUtcDays, stuckWindow } from "~/domain/admin/dashboard";
import type { Weekday } from "~/domain/automation/business-days";
import { isStuck } from "~/domain/automation/schedule";

const ZONES = ["UTC", "Europe/Stockholm", "America/New_York", "Pacific/Auckland", "Asia/Kolkata"];

describe("stuckWindow", () => {
  it("counts as surely stuck only stuck orders, and leaves out only orders not stuck", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 }),
        fc.integer({ min: 1, max: 15 }),
        fc.date({
          min: new Date("2026-01-01T00:00:00Z"),
          max: new Date("2027-01-01T00:00:00Z"),
          noInvalidDate: true,
        }),
        fc.integer({ min: 0, max: 40 * 24 * 60 }),
        (timeZone, days, expected, now, minutesAgo) => {
          const calendar = { timeZone, workingDays: days as Weekday[] };
          const window = stuckWindow(now, expected, calendar)!;
          const entered = new Date(now.getTime() - minutesAgo * 60_000);
          const stuck = isStuck(entered, expected, now, calendar);
          if (entered < window.surelyBefore) expect(stuck).toBe(true);
          if (entered >= window.possiblyBefore) expect(stuck).toBe(false);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("has no window for stages without expected days or calendars without working days", () => {
    const now = new Date("2026-03-04T09:00:00Z");
    expect(stuckWindow(now, null, { timeZone: "UTC", workingDays: [1, 2, 3, 4, 5] })).toBeNull();
    expect(stuckWindow(now, 0, { timeZone: "UTC", workingDays: [1, 2, 3, 4, 5] })).toBeNull();
    expect(stuckWindow(now, 2, { timeZone: "UTC", workingDays: [] })).toBeNull();
  });
});

describe("lastUtcDays", () => {
  it("lists the UTC days up to today's, oldest first, across a month end", () => {
    expect(lastUtcDays(new Date("2026-03-02T23:30:00-05:00"), 4)).toEqual([
      "2026-02-28",
      "2026-03-01",
      "2026-03-02",
      "2026-03-03",
    ]);
  });
});

describe("durationParts", () => {
  it("says minutes, hours or days", () => {
    expect(durationParts(90)).toEqual({ unit: "minutes", value: 2 });
    expect(durationParts(5 * 3600)).toEqual({ unit: "hours", value: 5 });
    expect(durationParts(36 * 3600)).toEqual({ unit: "days", value: 1.5 });
  });
});
