// The event rule form (SPEC §4 "Rules") as the browser submits it: flat strings, conditions as
// JSON. One parser for the browser and the server: eventRuleSchema, plus the shop's stages; errors
// are message keys per field ("conditions.0.value" for a condition's field).
import {
  eventRuleSchema,
  type EventRule,
  type RuleCondition,
  type RuleTriggerKind,
} from "../automation/rules";

export interface RuleFormInput {
  name: string;
  enabled: "true" | "false";
  trigger: RuleTriggerKind;
  triggerStageKey: string;
  conditions: RuleCondition[];
  setStageKey: string;
  notifyCustomer: "true" | "false";
}

export type RuleFieldErrors = Record<string, string>;

export type RuleFormResult =
  { ok: true; rule: Omit<EventRule, "id"> } | { ok: false; errors: RuleFieldErrors };

// eventRuleSchema's messages → message keys of the admin's strings.
const MESSAGE_KEYS: Record<string, string> = {
  "Enter a name": "errors.ruleName",
  "Choose a stage": "errors.ruleStage",
  "Not a stage key": "errors.ruleStage",
  "A rule cannot set the stage that fires it": "errors.ruleLoop",
  "Enter a value": "errors.ruleValue",
  "At most 10 conditions": "errors.ruleConditions",
};

/** The form's values of a stored rule (or of a new one). */
export function ruleFormOf(rule: Omit<EventRule, "id"> | null): RuleFormInput {
  return {
    name: rule?.name ?? "",
    enabled: String(rule?.enabled ?? true) as "true" | "false",
    trigger: rule?.trigger ?? "order_created",
    triggerStageKey: rule?.triggerStageKey ?? "",
    conditions: rule?.conditions ?? [],
    setStageKey: rule?.setStageKey ?? "",
    notifyCustomer: String(rule?.notifyCustomer ?? false) as "true" | "false",
  };
}

/** The submitted fields as one form post carries them (conditions as JSON). */
export function ruleFormData(form: RuleFormInput): Record<string, string> {
  return { ...form, conditions: JSON.stringify(form.conditions) };
}

function conditionsOf(value: unknown): unknown {
  if (typeof value !== "string") return value ?? [];
  if (value.trim() === "") return [];
  try {
    return JSON.parse(value);
  } catch {
    return null;
  }
}

/** Parses a submitted rule; `stageKeys` are the shop's stages (a rule names only those). */
export function parseRuleForm(
  input: Record<string, unknown>,
  stageKeys: readonly string[],
): RuleFormResult {
  const triggerStageKey = typeof input.triggerStageKey === "string" ? input.triggerStageKey : "";
  const parsed = eventRuleSchema.safeParse({
    name: input.name,
    enabled: input.enabled !== "false" && input.enabled !== false,
    trigger: input.trigger,
    triggerStageKey: input.trigger === "entered_stage" && triggerStageKey ? triggerStageKey : null,
    conditions: conditionsOf(input.conditions),
    setStageKey: input.setStageKey,
    notifyCustomer: input.notifyCustomer === "true" || input.notifyCustomer === true,
  });
  const errors: RuleFieldErrors = {};
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      errors[issue.path.join(".")] ??= MESSAGE_KEYS[issue.message] ?? "errors.invalid";
    }
    return { ok: false, errors };
  }
  const rule = parsed.data;
  if (!stageKeys.includes(rule.setStageKey)) errors.setStageKey ??= "errors.ruleStage";
  if (rule.triggerStageKey && !stageKeys.includes(rule.triggerStageKey)) {
    errors.triggerStageKey = "errors.ruleStage";
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    rule: { ...rule, triggerStageKey: rule.triggerStageKey ?? null },
  };
}
