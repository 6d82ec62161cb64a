// The stage editor's rules (one schema for the form in the browser and the action on the server).
import { describe, expect, it } from "vitest";
import {
  checkStageDeletion,
  checkStageOrder,
  moveStage,
  parseStageForm,
  STAGE_COLORS,
  suggestStageKey,
} from "~/domain/admin/stage-form";
import { DEFAULT_STAGES } from "~/domain/stages";

const valid = {
  key: "in_production",
  labelEn: "In production",
  labelSv: "I produktion",
  descriptionEn: "",
  descriptionSv: "",
  internalName: "Workshop",
  color: "magic",
  icon: "hammer",
  visibleToCustomer: "true",
  notifyCustomer: "false",
  expectedBusinessDays: "5",
  position: "4",
};
const keys = DEFAULT_STAGES.map((s) => s.key);

describe("parseStageForm", () => {
  it("accepts a complete form and types its values", () => {
    expect(parseStageForm(valid, keys, null)).toEqual({
      ok: true,
      form: {
        ...valid,
        visibleToCustomer: true,
        notifyCustomer: false,
        expectedBusinessDays: 5,
        position: 4,
      },
    });
    const open = parseStageForm({ ...valid, expectedBusinessDays: "" }, keys, null);
    expect(open.ok && open.form.expectedBusinessDays).toBeNull();
  });

  it.each([
    [{ labelEn: "" }, "labelEn", "errors.required"],
    [{ labelSv: "   " }, "labelSv", "errors.required"],
    [{ internalName: "" }, "internalName", "errors.required"],
    [{ labelEn: "x".repeat(81) }, "labelEn", "errors.tooLong"],
    [{ key: "shipped" }, "key", "errors.keyTaken"],
    [{ key: "new" }, "key", "errors.keyTaken"],
    [{ key: "Bad Key" }, "key", "errors.keyFormat"],
    [{ key: "1st" }, "key", "errors.keyFormat"],
    [{ color: "pink" }, "color", "errors.color"],
    [{ icon: "rocket" }, "icon", "errors.icon"],
    [{ expectedBusinessDays: "1.5" }, "expectedBusinessDays", "errors.days"],
    [{ expectedBusinessDays: "-1" }, "expectedBusinessDays", "errors.days"],
    [{ position: "first" }, "position", "errors.position"],
    [{ visibleToCustomer: "yes" }, "visibleToCustomer", "errors.invalid"],
  ])("refuses %o with %s: %s", (change, field, message) => {
    const result = parseStageForm({ ...valid, ...change }, keys, null);
    expect(result).toEqual({ ok: false, errors: expect.objectContaining({ [field]: message }) });
  });

  it("keeps the key of the stage being edited", () => {
    expect(parseStageForm({ ...valid, key: "shipped" }, keys, "shipped").ok).toBe(true);
    expect(parseStageForm({ ...valid, key: "dispatched" }, keys, "shipped")).toEqual({
      ok: false,
      errors: { key: "errors.keyFixed" },
    });
  });

  it("offers every Polaris badge tone the default stages use", () => {
    for (const stage of DEFAULT_STAGES) expect(STAGE_COLORS).toContain(stage.color);
  });
});

describe("suggestStageKey", () => {
  it.each([
    ["In production", [], "in_production"],
    ["Kvalitetskontroll – steg 2", [], "kvalitetskontroll_steg_2"],
    ["Försenad", [], "forsenad"],
    ["2nd check", [], "s_2nd_check"],
    ["!!!", [], "stage"],
    ["Shipped", ["shipped"], "shipped_2"],
  ])("%s → %s", (label, taken, key) => {
    expect(suggestStageKey(label, taken)).toBe(key);
  });
});

describe("checkStageOrder", () => {
  const stages = [
    { key: "placed", kind: "mirrored" },
    { key: "confirmed", kind: "mirrored" },
    { key: "in_production", kind: "custom" },
    { key: "shipped", kind: "mirrored" },
  ];
  it.each([
    [["placed", "confirmed", "in_production", "shipped"], "ok"],
    [["in_production", "placed", "confirmed", "shipped"], "ok"],
    [["placed", "confirmed", "shipped", "in_production"], "ok"],
    [["confirmed", "placed", "in_production", "shipped"], "errors.orderMirrored"],
    [["placed", "confirmed", "shipped"], "errors.orderKeys"],
    [["placed", "confirmed", "shipped", "shipped"], "errors.orderKeys"],
    [["placed", "confirmed", "in_production", "shipped", "other"], "errors.orderKeys"],
  ])("%o → %s", (proposed, verdict) => {
    expect(checkStageOrder(stages, proposed)).toBe(verdict);
  });
});

describe("moveStage", () => {
  it("moves one place and stays inside the list", () => {
    expect(moveStage(["a", "b", "c"], "b", -1)).toEqual(["b", "a", "c"]);
    expect(moveStage(["a", "b", "c"], "b", 1)).toEqual(["a", "c", "b"]);
    expect(moveStage(["a", "b", "c"], "a", -1)).toEqual(["a", "b", "c"]);
    expect(moveStage(["a", "b", "c"], "c", 1)).toEqual(["a", "b", "c"]);
  });
});

describe("checkStageDeletion", () => {
  it.each(keys)("never deletes the default stage %s", (key) => {
    expect(checkStageDeletion(key, "placed", [...keys, "x"])).toBe("errors.deleteDefault");
  });
  it("needs another existing stage for the orders", () => {
    const all = [...keys, "in_production"];
    expect(checkStageDeletion("in_production", "confirmed", all)).toBe("ok");
    expect(checkStageDeletion("in_production", null, all)).toBe("errors.deleteTarget");
    expect(checkStageDeletion("in_production", "in_production", all)).toBe("errors.deleteTarget");
    expect(checkStageDeletion("in_production", "gone", all)).toBe("errors.deleteTarget");
  });
});
