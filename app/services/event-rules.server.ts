// Merchant event rules at work (SPEC §4 "Rules"): after a write committed a change (a webhook's
// or a merchant's), the shop's enabled rules answer what happened. fireEventRules decides the
// whole chain at once (each rule at most once, depth bound), and each firing is written through
// the one write path as a stage choice with source "rule" and the rule's name as its actor. The
// firings themselves are not evaluated again: a rule never answers its own change.
import {
  fireEventRules,
  type OrderAttributes,
  type RuleEvent,
  type RuleFiring,
} from "~/domain/automation/rules";
import { chooseStage, type StageChoiceStatus } from "~/domain/order-fold";
import { env } from "~/env.server";
import { quoted } from "~/log.server";
import { enabledEventRules } from "~/models/event-rules.server";
import { recordOrderChange } from "~/models/order-deliveries.server";

export interface AppliedFiring extends RuleFiring {
  status: StageChoiceStatus | "failed";
}

/**
 * Applies the shop's rules to what just happened to an order in `stageKey`. A failing firing is
 * logged and ends the chain (the change that triggered it stays committed).
 */
export async function applyEventRules(
  shop: string,
  orderGid: string,
  events: readonly RuleEvent[],
  attributes: OrderAttributes,
  stageKey: string,
): Promise<AppliedFiring[]> {
  if (events.length === 0) return [];
  const rules = await enabledEventRules(shop);
  if (rules.length === 0) return [];
  const applied: AppliedFiring[] = [];
  for (const firing of fireEventRules(rules, events, attributes, stageKey)) {
    const now = new Date();
    try {
      const status = await recordOrderChange(shop, orderGid, (order, stages) =>
        chooseStage(order, stages, {
          stageKey: firing.stageKey,
          source: "rule",
          occurredAt: now,
          actor: firing.ruleName,
          note: null,
          email: firing.notifyCustomer
            ? { now, defaultCoalesceSeconds: env().EMAIL_COALESCE_SECONDS }
            : null,
        }),
      );
      applied.push({ ...firing, status });
      // The stage was deleted or the order is gone: the rest of the chain assumed this move.
      if (status === "no_stage" || status === "not_found") break;
    } catch (error) {
      console.warn(
        `stageline: rule ${quoted(firing.ruleName)} on ${quoted(orderGid)} (${shop}) failed`,
        error,
      );
      applied.push({ ...firing, status: "failed" });
      break;
    }
  }
  return applied;
}
