// A shop's event rules (SPEC §4 "Rules"), in the merchant's order. Webhook deliveries read the
// enabled ones through a per-shop cache (like the stage cache); writes here forget it at once for
// this process, other processes see them within EVENT_RULE_CACHE_TTL_MS.
import type { EventRule, RuleCondition, RuleTriggerKind } from "~/domain/automation/rules";
import { ruleConditionSchema } from "~/domain/automation/rules";
import { z } from "zod";
import { clientOr, type Client } from "./client.server";

export const EVENT_RULE_CACHE_TTL_MS = 5000;

/** The fields of a rule, as the form schema gives them. */
export type EventRuleFields = Omit<EventRule, "id">;

type Row = {
  id: string;
  name: string;
  enabled: boolean;
  trigger: string;
  triggerStageKey: string | null;
  conditions: string;
  setStageKey: string;
  notifyCustomer: boolean;
};

const storedConditions = z.array(ruleConditionSchema);

function ruleOf(row: Row): EventRule {
  // A condition stored by a later version this one cannot read matches nothing.
  const parsed = storedConditions.safeParse(JSON.parse(row.conditions));
  const conditions: RuleCondition[] = parsed.success
    ? parsed.data
    : [{ field: "tag", operator: "equals", value: "\u0000unreadable" }];
  return {
    id: row.id,
    name: row.name,
    enabled: row.enabled,
    trigger: row.trigger as RuleTriggerKind,
    triggerStageKey: row.triggerStageKey,
    conditions,
    setStageKey: row.setStageKey,
    notifyCustomer: row.notifyCustomer,
  };
}

function columnsOf(fields: EventRuleFields) {
  return {
    name: fields.name,
    enabled: fields.enabled,
    trigger: fields.trigger,
    triggerStageKey: fields.trigger === "entered_stage" ? (fields.triggerStageKey ?? null) : null,
    conditions: JSON.stringify(fields.conditions),
    setStageKey: fields.setStageKey,
    notifyCustomer: fields.notifyCustomer,
  };
}

/** The shop's rules in the merchant's order. */
export async function listEventRules(shop: string, client?: Client): Promise<EventRule[]> {
  const rows = await clientOr(client).eventRule.findMany({
    where: { shop },
    orderBy: [{ position: "asc" }, { createdAt: "asc" }],
  });
  return rows.map(ruleOf);
}

export async function findEventRule(
  shop: string,
  id: string,
  client?: Client,
): Promise<EventRule | null> {
  const row = await clientOr(client).eventRule.findFirst({ where: { shop, id } });
  return row ? ruleOf(row) : null;
}

/** Adds a rule after the shop's others. */
export async function createEventRule(
  shop: string,
  fields: EventRuleFields,
  client?: Client,
): Promise<EventRule> {
  const c = clientOr(client);
  const last = await c.eventRule.aggregate({ where: { shop }, _max: { position: true } });
  const row = await c.eventRule.create({
    data: { shop, position: (last._max.position ?? -1) + 1, ...columnsOf(fields) },
  });
  forgetShopRules(shop);
  return ruleOf(row);
}

/** Rewrites a rule of the shop; false when the shop has no such rule. */
export async function updateEventRule(
  shop: string,
  id: string,
  fields: EventRuleFields,
  client?: Client,
): Promise<boolean> {
  const { count } = await clientOr(client).eventRule.updateMany({
    where: { shop, id },
    data: columnsOf(fields),
  });
  forgetShopRules(shop);
  return count === 1;
}

/** Turns a rule of the shop on or off; false when the shop has no such rule. */
export async function setEventRuleEnabled(
  shop: string,
  id: string,
  enabled: boolean,
  client?: Client,
): Promise<boolean> {
  const { count } = await clientOr(client).eventRule.updateMany({
    where: { shop, id },
    data: { enabled },
  });
  forgetShopRules(shop);
  return count === 1;
}

/** Deletes a rule of the shop; false when the shop has no such rule. */
export async function deleteEventRule(shop: string, id: string, client?: Client) {
  const { count } = await clientOr(client).eventRule.deleteMany({ where: { shop, id } });
  forgetShopRules(shop);
  return count === 1;
}

// --- The webhook path's cache -------------------------------------------------------------------

const cache = new Map<string, { rules: readonly EventRule[]; expires: number }>();
let generation = 0;

/** The shop's enabled rules, cached for a few seconds (read on every delivery that changes). */
export async function enabledEventRules(shop: string): Promise<readonly EventRule[]> {
  const hit = cache.get(shop);
  if (hit && hit.expires > Date.now()) return hit.rules;
  const token = generation;
  const rows = await clientOr().eventRule.findMany({
    where: { shop, enabled: true },
    orderBy: [{ position: "asc" }, { createdAt: "asc" }],
  });
  const rules = rows.map(ruleOf);
  if (token === generation) {
    cache.set(shop, { rules, expires: Date.now() + EVENT_RULE_CACHE_TTL_MS });
  }
  return rules;
}

/** Drops the cached rules of `shop` (or of every shop) after they were written. */
export function forgetShopRules(shop?: string) {
  generation++;
  if (shop === undefined) cache.clear();
  else cache.delete(shop);
}
