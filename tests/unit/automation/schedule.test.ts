import { describe, expect, it } from "vitest";
import { DEFAULT_WORKING_DAYS, type WorkCalendar } from "~/domain/automation/business-days";
import {
  estimateDelivery,
  isStuck,
  stuckAfter,
  type PipelineStage,
} from "~/domain/automation/schedule";
import { DEFAULT_STAGES } from "~/domain/stages";

const utc: WorkCalendar = { timeZone: "UTC", workingDays: DEFAULT_WORKING_DAYS };
const monday = new Date("2026-12-07T10:00:00.000Z");
const stages: PipelineStage[] = DEFAULT_STAGES.map((s) => ({
  key: s.key,
  position: s.position,
  expectedBusinessDays: s.expectedBusinessDays,
  exception: s.exception,
}));

describe("stuck orders", () => {
  it("is stuck once the stage's expected business days have passed, across a weekend", () => {
    const friday = new Date("2026-12-04T10:00:00.000Z");
    expect(stuckAfter(friday, 3, utc)?.toISOString()).toBe("2026-12-09T10:00:00.000Z");
    expect(isStuck(friday, 3, new Date("2026-12-09T09:59:59.999Z"), utc)).toBe(false);
    expect(isStuck(friday, 3, new Date("2026-12-09T10:00:00.000Z"), utc)).toBe(true);
  });

  it("is never stuck in an open-ended stage", () => {
    expect(isStuck(monday, null, new Date("2030-01-01T00:00:00.000Z"), utc)).toBe(false);
    expect(stuckAfter(monday, 0, utc)).toBeNull();
  });
});

describe("estimated delivery", () => {
  const estimate = (
    currentStageKey: string,
    extra: Partial<Parameters<typeof estimateDelivery>[0]> = {},
  ) =>
    estimateDelivery({
      carrierEstimate: null,
      currentStageKey,
      enteredAt: monday,
      stages,
      calendar: utc,
      ...extra,
    });

  it("adds the expected days of the current stage and the main-path stages ahead", () => {
    // confirmed 2 + processing 3 + shipped 1 + in transit 3 + out for delivery 1 = 10 days.
    expect(estimate("confirmed")).toBe("2026-12-21T10:00:00.000Z");
    // in transit 3 + out for delivery 1 = 4 days.
    expect(estimate("in_transit")).toBe("2026-12-11T10:00:00.000Z");
  });

  it("counts a side stage only while the order is in it", () => {
    // ready for pickup 5 days: the shopper collects within a week.
    expect(estimate("ready_for_pickup")).toBe("2026-12-14T10:00:00.000Z");
    // partially shipped 5 + shipped 1 + in transit 3 + out for delivery 1 = 10.
    expect(estimate("partially_shipped")).toBe("2026-12-21T10:00:00.000Z");
  });

  it("counts a custom stage placed in the pipeline", () => {
    const withCustom = [
      ...stages,
      { key: "in_production", position: 4.5, expectedBusinessDays: 5, exception: false },
    ];
    expect(estimate("confirmed", { stages: withCustom })).toBe("2026-12-28T10:00:00.000Z");
  });

  it("yields to the carrier's estimate, and has none for delivered or exception stages", () => {
    expect(estimate("confirmed", { carrierEstimate: "2026-12-09T00:00:00.000Z" })).toBe(
      "2026-12-09T00:00:00.000Z",
    );
    expect(estimate("delivered")).toBeNull();
    expect(estimate("cancelled")).toBeNull();
    expect(estimate("on_hold")).toBeNull();
    expect(estimate("no_such_stage")).toBeNull();
  });
});
