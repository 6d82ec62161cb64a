// Merchant rules (SPEC §4 "Rules"): "when an order enters stage X, or is created / paid /
// fulfilled — optionally only if conditions hold — set stage Y", and time rules "after N
// business days in stage X, set stage Y and/or alert the merchant". Pure: which rules fire for
// what happened, with no loops.
import { z } from "zod";

export const RULE_TRIGGERS = [
  "entered_stage",
  "order_created",
  "order_paid",
  "order_fulfilled",
] as const;
export type RuleTriggerKind = (typeof RULE_TRIGGERS)[number];

export const CONDITION_FIELDS = [
  "tag",
  "vendor",
  "sku",
  "product_title",
  "shipping_method",
  "country",
  "sales_channel",
] as const;
export type ConditionField = (typeof CONDITION_FIELDS)[number];

export const CONDITION_OPERATORS = ["equals", "contains"] as const;

const stageKey = z
  .string()
  .trim()
  .min(1, "Choose a stage")
  .max(64)
  .regex(/^[a-z0-9_]+$/, "Not a stage key");

export const ruleConditionSchema = z.object({
  field: z.enum(CONDITION_FIELDS),
  operator: z.enum(CONDITION_OPERATORS),
  value: z.string().trim().min(1, "Enter a value").max(200),
});
export type RuleCondition = z.infer<typeof ruleConditionSchema>;

/** The form schema of an event rule, used by the browser and the server alike. */
export const eventRuleSchema = z
  .object({
    name: z.string().trim().min(1, "Enter a name").max(100),
    enabled: z.boolean().default(true),
    trigger: z.enum(RULE_TRIGGERS),
    /** For `entered_stage`: the stage whose entry fires the rule. */
    triggerStageKey: stageKey.nullish(),
    conditions: z.array(ruleConditionSchema).max(10, "At most 10 conditions").default([]),
    setStageKey: stageKey,
    notifyCustomer: z.boolean().default(false),
  })
  .superRefine((rule, ctx) => {
    if (rule.trigger === "entered_stage" && !rule.triggerStageKey) {
      ctx.addIssue({ code: "custom", path: ["triggerStageKey"], message: "Choose a stage" });
    }
    if (rule.trigger === "entered_stage" && rule.triggerStageKey === rule.setStageKey) {
      ctx.addIssue({
        code: "custom",
        path: ["setStageKey"],
        message: "A rule cannot set the stage that fires it",
      });
    }
  });
export type EventRuleInput = z.input<typeof eventRuleSchema>;

export interface EventRule extends z.output<typeof eventRuleSchema> {
  id: string;
}

/** The form schema of a time rule. */
export const timeRuleSchema = z
  .object({
    name: z.string().trim().min(1, "Enter a name").max(100),
    enabled: z.boolean().default(true),
    stageKey,
    afterBusinessDays: z.coerce
      .number()
      .int("Whole days only")
      .min(1, "At least 1 business day")
      .max(365, "At most 365 business days"),
    setStageKey: stageKey.nullish(),
    notifyCustomer: z.boolean().default(false),
    alertMerchant: z.boolean().default(false),
  })
  .superRefine((rule, ctx) => {
    if (!rule.setStageKey && !rule.alertMerchant) {
      ctx.addIssue({
        code: "custom",
        path: ["setStageKey"],
        message: "Set a stage, alert the merchant, or both",
      });
    }
    if (rule.setStageKey === rule.stageKey) {
      ctx.addIssue({
        code: "custom",
        path: ["setStageKey"],
        message: "Choose a different stage",
      });
    }
  });

export interface TimeRule extends z.output<typeof timeRuleSchema> {
  id: string;
}

/** What the rules may look at: only facts the webhooks carry. */
export interface OrderAttributes {
  tags: readonly string[];
  lineItems: readonly { vendor: string | null; sku: string | null; title: string | null }[];
  shippingMethods: readonly string[];
  /** ISO 3166-1 alpha-2 of the shipping destination. */
  country: string | null;
  /** Shopify's `source_name` ("web", "pos", "shopify_draft_order", an app id…). */
  salesChannel: string | null;
}

function valuesOf(field: ConditionField, order: OrderAttributes): (string | null)[] {
  switch (field) {
    case "tag":
      return [...order.tags];
    case "vendor":
      return order.lineItems.map((item) => item.vendor);
    case "sku":
      return order.lineItems.map((item) => item.sku);
    case "product_title":
      return order.lineItems.map((item) => item.title);
    case "shipping_method":
      return [...order.shippingMethods];
    case "country":
      return [order.country];
    case "sales_channel":
      return [order.salesChannel];
  }
}

const fold = (text: string) => text.normalize("NFKC").trim().toLocaleLowerCase("en");

/** A condition holds when any of the order's values for its field matches (case-insensitive). */
export function conditionHolds(condition: RuleCondition, order: OrderAttributes): boolean {
  const wanted = fold(condition.value);
  return valuesOf(condition.field, order).some((value) => {
    if (value === null) return false;
    const have = fold(value);
    return condition.operator === "equals" ? have === wanted : have.includes(wanted);
  });
}

/** What happened to an order in one change: Shopify events and the stages it entered. */
export type RuleEvent =
  | { kind: "order_created" | "order_paid" | "order_fulfilled" }
  | { kind: "entered_stage"; stageKey: string };

export interface RuleFiring {
  ruleId: string;
  ruleName: string;
  stageKey: string;
  notifyCustomer: boolean;
}

/** What rule events compare before and after a write. */
export interface RuleSnapshot {
  stageKey: string;
  financialStatus: string | null;
  fulfillmentStatus: string | null;
}

/**
 * What happened to an order between two snapshots (null before: the app did not know it): it
 * was created, became paid, became fully fulfilled, entered a stage.
 */
export function ruleEventsBetween(before: RuleSnapshot | null, after: RuleSnapshot): RuleEvent[] {
  const events: RuleEvent[] = [];
  if (!before) events.push({ kind: "order_created" });
  if (after.financialStatus === "paid" && before?.financialStatus !== "paid") {
    events.push({ kind: "order_paid" });
  }
  if (after.fulfillmentStatus === "fulfilled" && before?.fulfillmentStatus !== "fulfilled") {
    events.push({ kind: "order_fulfilled" });
  }
  if (after.stageKey !== before?.stageKey) {
    events.push({ kind: "entered_stage", stageKey: after.stageKey });
  }
  return events;
}

/** Rule attributes of an order whose facts predate them: nothing to match. */
export const NO_ATTRIBUTES: OrderAttributes = {
  tags: [],
  lineItems: [],
  shippingMethods: [],
  country: null,
  salesChannel: null,
};

/** Rule chains stop after this many firings in one pass. */
export const MAX_RULE_DEPTH = 5;

function firedBy(rule: EventRule, event: RuleEvent): boolean {
  if (rule.trigger !== event.kind) return false;
  return event.kind !== "entered_stage" || rule.triggerStageKey === event.stageKey;
}

/**
 * The rules that fire, in order, for what just happened. A firing moves the order into its
 * stage, which is itself an event other rules may answer; each rule fires at most once per pass
 * and the chain stops after MAX_RULE_DEPTH firings, so X → Y → X cannot loop. Rules are tried in
 * the order given (the merchant's order); the first that matches an event wins it.
 */
export function fireEventRules(
  rules: readonly EventRule[],
  events: readonly RuleEvent[],
  order: OrderAttributes,
  currentStageKey: string | null,
): RuleFiring[] {
  const firings: RuleFiring[] = [];
  const fired = new Set<string>();
  const queue = [...events];
  let stage = currentStageKey;
  while (queue.length > 0 && firings.length < MAX_RULE_DEPTH) {
    const event = queue.shift()!;
    const rule = rules.find(
      (candidate) =>
        candidate.enabled &&
        !fired.has(candidate.id) &&
        firedBy(candidate, event) &&
        candidate.conditions.every((condition) => conditionHolds(condition, order)),
    );
    if (!rule) continue;
    fired.add(rule.id);
    if (rule.setStageKey === stage) continue;
    stage = rule.setStageKey;
    firings.push({
      ruleId: rule.id,
      ruleName: rule.name,
      stageKey: rule.setStageKey,
      notifyCustomer: rule.notifyCustomer,
    });
    queue.push({ kind: "entered_stage", stageKey: rule.setStageKey });
  }
  return firings;
}
