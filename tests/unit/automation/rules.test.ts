import { describe, expect, it } from "vitest";
import {
  conditionHolds,
  eventRuleSchema,
  fireEventRules,
  MAX_RULE_DEPTH,
  timeRuleSchema,
  type EventRule,
  type OrderAttributes,
  type RuleCondition,
} from "~/domain/automation/rules";

const order: OrderAttributes = {
  tags: ["Made-to-order", "vip"],
  lineItems: [
    { vendor: "Snowdevil", sku: "BOARD-156", title: "Custom snowboard" },
    { vendor: null, sku: null, title: "Gift wrap" },
  ],
  shippingMethods: ["Standard Shipping"],
  country: "SE",
  salesChannel: "web",
};

function rule(id: string, overrides: Partial<EventRule>): EventRule {
  return {
    id,
    name: `Rule ${id}`,
    enabled: true,
    trigger: "order_created",
    triggerStageKey: null,
    conditions: [],
    setStageKey: "processing",
    notifyCustomer: false,
    ...overrides,
  };
}

describe("rule conditions", () => {
  it.each<[RuleCondition, boolean]>([
    [{ field: "tag", operator: "equals", value: "made-to-order" }, true],
    [{ field: "tag", operator: "equals", value: "made" }, false],
    [{ field: "tag", operator: "contains", value: "MADE" }, true],
    [{ field: "vendor", operator: "equals", value: "snowdevil" }, true],
    [{ field: "vendor", operator: "equals", value: "other" }, false],
    [{ field: "sku", operator: "contains", value: "board" }, true],
    [{ field: "product_title", operator: "contains", value: "wrap" }, true],
    [{ field: "shipping_method", operator: "contains", value: "standard" }, true],
    [{ field: "shipping_method", operator: "equals", value: "Express" }, false],
    [{ field: "country", operator: "equals", value: "se" }, true],
    [{ field: "country", operator: "equals", value: "NO" }, false],
    [{ field: "sales_channel", operator: "equals", value: "pos" }, false],
    [{ field: "sales_channel", operator: "equals", value: "web" }, true],
  ])("%o → %s", (condition, holds) => {
    expect(conditionHolds(condition, order)).toBe(holds);
  });

  it("treats full-width and composed characters like their plain forms", () => {
    const condition: RuleCondition = { field: "tag", operator: "equals", value: "ＶＩＰ" };
    expect(conditionHolds(condition, order)).toBe(true);
  });

  it("never matches a missing value", () => {
    const none: OrderAttributes = { ...order, country: null, salesChannel: null, lineItems: [] };
    expect(conditionHolds({ field: "country", operator: "contains", value: "S" }, none)).toBe(
      false,
    );
    expect(conditionHolds({ field: "vendor", operator: "contains", value: "S" }, none)).toBe(false);
  });
});

describe("firing event rules", () => {
  it("fires a matching rule once and reports its name", () => {
    const rules = [
      rule("a", {
        name: "Made to order",
        conditions: [{ field: "tag", operator: "equals", value: "made-to-order" }],
        setStageKey: "in_production",
      }),
    ];
    expect(fireEventRules(rules, [{ kind: "order_created" }], order, "confirmed")).toEqual([
      { ruleId: "a", ruleName: "Made to order", stageKey: "in_production", notifyCustomer: false },
    ]);
  });

  it("skips disabled rules, rules whose conditions fail, and other triggers", () => {
    const rules = [
      rule("off", { enabled: false }),
      rule("cond", { conditions: [{ field: "country", operator: "equals", value: "US" }] }),
      rule("paid", { trigger: "order_paid" }),
    ];
    expect(fireEventRules(rules, [{ kind: "order_created" }], order, "placed")).toEqual([]);
  });

  it("chains rules through the stages they set, and stops a loop X → Y → X", () => {
    const rules = [
      rule("x-to-y", { trigger: "entered_stage", triggerStageKey: "x", setStageKey: "y" }),
      rule("y-to-x", { trigger: "entered_stage", triggerStageKey: "y", setStageKey: "x" }),
    ];
    const firings = fireEventRules(rules, [{ kind: "entered_stage", stageKey: "x" }], order, "x");
    expect(firings.map((f) => f.stageKey)).toEqual(["y", "x"]);
  });

  it("bounds long chains", () => {
    const rules = Array.from({ length: 20 }, (_, i) =>
      rule(`r${i}`, {
        trigger: "entered_stage",
        triggerStageKey: `s${i}`,
        setStageKey: `s${i + 1}`,
      }),
    );
    const firings = fireEventRules(rules, [{ kind: "entered_stage", stageKey: "s0" }], order, "s0");
    expect(firings).toHaveLength(MAX_RULE_DEPTH);
  });

  it("does not fire into the stage the order is already in", () => {
    const rules = [rule("same", { setStageKey: "processing" })];
    expect(fireEventRules(rules, [{ kind: "order_created" }], order, "processing")).toEqual([]);
  });

  it("lets the first matching rule in the merchant's order win an event", () => {
    const rules = [rule("first", { setStageKey: "a" }), rule("second", { setStageKey: "b" })];
    expect(
      fireEventRules(rules, [{ kind: "order_created" }], order, null).map((f) => f.ruleId),
    ).toEqual(["first"]);
  });
});

describe("rule forms", () => {
  it("accepts a complete event rule and names the fields of a broken one", () => {
    expect(
      eventRuleSchema.safeParse({
        name: "Backorders",
        trigger: "order_created",
        conditions: [{ field: "tag", operator: "equals", value: "backorder" }],
        setStageKey: "backordered",
      }).success,
    ).toBe(true);
    const broken = eventRuleSchema.safeParse({
      name: " ",
      trigger: "entered_stage",
      conditions: [{ field: "colour", operator: "equals", value: "" }],
      setStageKey: "Not A Key",
    });
    expect(broken.success).toBe(false);
    const paths = broken.error!.issues.map((issue) => issue.path.join("."));
    expect(paths).toEqual(
      expect.arrayContaining(["name", "conditions.0.field", "conditions.0.value", "setStageKey"]),
    );
    const noStage = eventRuleSchema.safeParse({
      name: "Entered",
      trigger: "entered_stage",
      setStageKey: "processing",
    });
    expect(noStage.error?.issues.map((i) => i.path.join("."))).toEqual(["triggerStageKey"]);
    const itself = eventRuleSchema.safeParse({
      name: "Entered",
      trigger: "entered_stage",
      triggerStageKey: "processing",
      setStageKey: "processing",
    });
    expect(itself.error?.issues.map((i) => i.path.join("."))).toEqual(["setStageKey"]);
  });

  it("requires a time rule to do something, after a sensible number of days", () => {
    const base = { name: "Stuck in production", stageKey: "in_production", afterBusinessDays: 7 };
    expect(timeRuleSchema.safeParse({ ...base, alertMerchant: true }).success).toBe(true);
    expect(timeRuleSchema.safeParse({ ...base, setStageKey: "delayed" }).success).toBe(true);
    const nothing = timeRuleSchema.safeParse(base);
    expect(nothing.error?.issues.map((i) => i.path.join("."))).toEqual(["setStageKey"]);
    const zero = timeRuleSchema.safeParse({ ...base, alertMerchant: true, afterBusinessDays: "0" });
    expect(zero.error?.issues.map((i) => i.path.join("."))).toEqual(["afterBusinessDays"]);
  });
});
