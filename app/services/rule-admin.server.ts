// The Rules admin page (SPEC §4 "Rules"): a shop's event rules with the stages they name.
import { parseRuleForm, type RuleFieldErrors } from "~/domain/admin/rule-form";
import {
  createEventRule,
  deleteEventRule,
  findEventRule,
  listEventRules,
  setEventRuleEnabled,
  updateEventRule,
} from "~/models/event-rules.server";
import { parseTimeRuleForm, type TimeRuleFieldErrors } from "~/domain/admin/time-rule-form";
import {
  createTimeRule,
  deleteTimeRule,
  findTimeRule,
  listTimeRules,
  setTimeRuleEnabled,
  updateTimeRule,
} from "~/models/time-rules.server";
import { loadAdminStages } from "./stage-admin.server";

async function stageOptions(shop: string) {
  const stages = await loadAdminStages(shop);
  return stages.map((s) => ({ key: s.key, labels: s.labels, internalName: s.internalName }));
}

export async function loadRulesPage(shop: string) {
  const [rules, timeRules, stages] = await Promise.all([
    listEventRules(shop),
    listTimeRules(shop),
    stageOptions(shop),
  ]);
  return { rules, timeRules, stages };
}

/** The editor of a rule (null id: a new one); null when the shop has no such rule. */
export async function loadRuleEditor(shop: string, id: string | null) {
  const rule = id === null ? null : await findEventRule(shop, id);
  if (id !== null && !rule) return null;
  return { rule, stages: await stageOptions(shop) };
}

export type SaveRuleResult = { ok: true; id: string } | { ok: false; errors: RuleFieldErrors };

/** Creates (null id) or rewrites a rule; null when the shop has no such rule. */
export async function saveRule(
  shop: string,
  id: string | null,
  input: Record<string, unknown>,
): Promise<SaveRuleResult | null> {
  if (id !== null && !(await findEventRule(shop, id))) return null;
  const stages = await loadAdminStages(shop);
  const parsed = parseRuleForm(
    input,
    stages.map((s) => s.key),
  );
  if (!parsed.ok) return parsed;
  if (id === null) return { ok: true, id: (await createEventRule(shop, parsed.rule)).id };
  if (!(await updateEventRule(shop, id, parsed.rule))) return null;
  return { ok: true, id };
}

/** false when the shop has no such rule. */
export function enableRule(shop: string, id: string, enabled: boolean) {
  return setEventRuleEnabled(shop, id, enabled);
}

/** false when the shop has no such rule. */
export function deleteRule(shop: string, id: string) {
  return deleteEventRule(shop, id);
}

// --- Time rules ---------------------------------------------------------------------------------

/** The editor of a time rule (null id: a new one); null when the shop has no such rule. */
export async function loadTimeRuleEditor(shop: string, id: string | null) {
  const rule = id === null ? null : await findTimeRule(shop, id);
  if (id !== null && !rule) return null;
  return { rule, stages: await stageOptions(shop) };
}

export type SaveTimeRuleResult =
  { ok: true; id: string } | { ok: false; errors: TimeRuleFieldErrors };

/** Creates (null id) or rewrites a time rule; null when the shop has no such rule. */
export async function saveTimeRule(
  shop: string,
  id: string | null,
  input: Record<string, unknown>,
): Promise<SaveTimeRuleResult | null> {
  if (id !== null && !(await findTimeRule(shop, id))) return null;
  const stages = await loadAdminStages(shop);
  const parsed = parseTimeRuleForm(
    input,
    stages.map((s) => s.key),
  );
  if (!parsed.ok) return parsed;
  if (id === null) return { ok: true, id: (await createTimeRule(shop, parsed.rule)).id };
  if (!(await updateTimeRule(shop, id, parsed.rule))) return null;
  return { ok: true, id };
}

/** false when the shop has no such rule. */
export function enableTimeRule(shop: string, id: string, enabled: boolean) {
  return setTimeRuleEnabled(shop, id, enabled);
}

/** false when the shop has no such rule. */
export function deleteTimeRuleOf(shop: string, id: string) {
  return deleteTimeRule(shop, id);
}
