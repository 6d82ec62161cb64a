import { describe, expect, it } from "vitest";
import { DEFAULT_STAGES, STAGE_KEYS, defaultStage, isDefaultStageKey } from "~/domain/stages";

// SPEC §4: key, English label, notify by default — in table order.
const SPEC_TABLE = [
  ["placed", "Order placed", false],
  ["awaiting_payment", "Awaiting payment", true],
  ["payment_issue", "Payment issue", true],
  ["confirmed", "Order confirmed", false],
  ["processing", "Preparing your order", true],
  ["on_hold", "On hold", true],
  ["partially_shipped", "Partially shipped", false],
  ["shipped", "Shipped", false],
  ["in_transit", "In transit", false],
  ["out_for_delivery", "Out for delivery", true],
  ["ready_for_pickup", "Ready for pickup", true],
  ["delivery_issue", "Delivery issue", true],
  ["delivered", "Delivered", true],
  ["cancelled", "Cancelled", false],
  ["refunded", "Refunded", false],
  ["return_requested", "Return requested", true],
  ["return_in_progress", "Return in progress", true],
  ["return_declined", "Return declined", true],
  ["returned", "Returned", true],
] as const;

const EXCEPTIONS = new Set([
  "cancelled",
  "refunded",
  "return_requested",
  "return_in_progress",
  "return_declined",
  "returned",
  "delivery_issue",
  "payment_issue",
  "on_hold",
]);

describe("default stages", () => {
  it("are the 19 stages of the spec, in table order", () => {
    expect(STAGE_KEYS).toEqual(SPEC_TABLE.map(([key]) => key));
    expect(DEFAULT_STAGES.map((stage) => stage.key)).toEqual(STAGE_KEYS);
  });

  it.each(SPEC_TABLE.map((row, position) => [...row, position] as const))(
    "%s: label %j, notify %s, position %i",
    (key, label, notify, position) => {
      const stage = defaultStage(key);
      expect(stage.labels.en).toBe(label);
      expect(stage.notifyCustomer).toBe(notify);
      expect(stage.position).toBe(position);
      expect(stage.kind).toBe(key === "processing" ? "custom" : "mirrored");
      expect(stage.exception).toBe(EXCEPTIONS.has(key));
      expect(stage.visibleToCustomer).toBe(true);
    },
  );

  it.each(DEFAULT_STAGES.map((stage) => [stage.key, stage] as const))(
    "%s has Swedish and English texts, a colour, an icon and a sane duration",
    (_key, stage) => {
      for (const text of [
        stage.labels.en,
        stage.labels.sv,
        stage.descriptions.en,
        stage.descriptions.sv,
      ]) {
        expect(text.trim()).not.toBe("");
      }
      expect(stage.descriptions.en).toMatch(/[.!]$/);
      expect(stage.descriptions.sv).toMatch(/[.!]$/);
      expect(stage.descriptions.sv).not.toBe(stage.descriptions.en);
      expect(stage.color).toMatch(/^[a-z-]+$/);
      expect(stage.icon).toMatch(/^[a-z-]+$/);
      if (stage.expectedBusinessDays !== null) {
        expect(Number.isInteger(stage.expectedBusinessDays)).toBe(true);
        expect(stage.expectedBusinessDays).toBeGreaterThan(0);
      }
    },
  );

  it("cannot be mutated by accident", () => {
    expect(Object.isFrozen(DEFAULT_STAGES[0])).toBe(true);
    expect(Object.isFrozen(DEFAULT_STAGES[0].labels)).toBe(true);
  });

  it("recognizes default keys and only those", () => {
    expect(isDefaultStageKey("delivered")).toBe(true);
    expect(isDefaultStageKey("in_production")).toBe(false);
  });
});
