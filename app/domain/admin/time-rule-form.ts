// The time rule form (SPEC §4 "Rules": "after N business days in stage X, set stage Y and/or
// alert the merchant") as the browser submits it: flat strings. One parser for the browser and
// the server: timeRuleSchema, plus the shop's stages; errors are message keys per field.
import { timeRuleSchema, type TimeRule } from "../automation/rules";

export interface TimeRuleFormInput {
  name: string;
  enabled: "true" | "false";
  stageKey: string;
  afterBusinessDays: string;
  setStageKey: string;
  notifyCustomer: "true" | "false";
  alertMerchant: "true" | "false";
}

export type TimeRuleFieldErrors = Record<string, string>;

export type TimeRuleFormResult =
  { ok: true; rule: Omit<TimeRule, "id"> } | { ok: false; errors: TimeRuleFieldErrors };

// timeRuleSchema's messages → message keys of the admin's strings.
const MESSAGE_KEYS: Record<string, string> = {
  "Enter a name": "errors.ruleName",
  "Choose a stage": "errors.ruleStage",
  "Not a stage key": "errors.ruleStage",
  "Whole days only": "errors.timeRuleDays",
  "At least 1 business day": "errors.timeRuleDays",
  "At most 365 business days": "errors.timeRuleDays",
  "Set a stage, alert the merchant, or both": "errors.timeRuleAction",
  "Choose a different stage": "errors.timeRuleSameStage",
};

export function timeRuleFormOf(rule: Omit<TimeRule, "id"> | null): TimeRuleFormInput {
  return {
    name: rule?.name ?? "",
    enabled: String(rule?.enabled ?? true) as "true" | "false",
    stageKey: rule?.stageKey ?? "",
    afterBusinessDays: String(rule?.afterBusinessDays ?? 5),
    setStageKey: rule?.setStageKey ?? "",
    notifyCustomer: String(rule?.notifyCustomer ?? false) as "true" | "false",
    alertMerchant: String(rule?.alertMerchant ?? false) as "true" | "false",
  };
}

const flag = (value: unknown) => value === "true" || value === true;

/** Parses a submitted time rule; `stageKeys` are the shop's stages (a rule names only those). */
export function parseTimeRuleForm(
  input: Record<string, unknown>,
  stageKeys: readonly string[],
): TimeRuleFormResult {
  const days = typeof input.afterBusinessDays === "string" ? input.afterBusinessDays.trim() : "";
  const setStageKey = typeof input.setStageKey === "string" ? input.setStageKey.trim() : "";
  const parsed = timeRuleSchema.safeParse({
    name: input.name,
    enabled: input.enabled !== "false" && input.enabled !== false,
    stageKey: input.stageKey,
    // An empty field is not zero days: it is missing.
    afterBusinessDays: /^-?\d+$/.test(days) ? Number(days) : days === "" ? Number.NaN : days,
    setStageKey: setStageKey || null,
    notifyCustomer: setStageKey ? flag(input.notifyCustomer) : false,
    alertMerchant: flag(input.alertMerchant),
  });
  const errors: TimeRuleFieldErrors = {};
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const fallback =
        issue.path[0] === "afterBusinessDays" ? "errors.timeRuleDays" : "errors.invalid";
      errors[issue.path.join(".")] ??= MESSAGE_KEYS[issue.message] ?? fallback;
    }
    return { ok: false, errors };
  }
  const rule = parsed.data;
  if (!stageKeys.includes(rule.stageKey)) errors.stageKey = "errors.ruleStage";
  if (rule.setStageKey && !stageKeys.includes(rule.setStageKey)) {
    errors.setStageKey = "errors.ruleStage";
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, rule: { ...rule, setStageKey: rule.setStageKey ?? null } };
}
