// Time rules at work (SPEC §4 "Rules"): a scheduled job of the background work finds the orders
// that have been in a rule's stage for its business days (the shop's calendar) and are still
// there, and fires the rule once per stage entry: the stage change goes through the one write
// path (source "rule", the rule's name as actor, the shopper emailed when the rule says so) and
// the firing record that makes it happen once is written in the same transaction. Alerts wait
// for the shop's daily digest (services/digest.server.ts). A run that was missed is caught up
// by the next: everything due by then and not yet fired fires.
import { stuckCandidatesBefore } from "~/domain/admin/business-days";
import { addBusinessDays, calendarOf, type WorkCalendar } from "~/domain/automation/business-days";
import { NO_ATTRIBUTES, type OrderAttributes, type TimeRule } from "~/domain/automation/rules";
import { chooseStage, storedFacts, type StageChoice } from "~/domain/order-fold";
import { env } from "~/env.server";
import { quoted } from "~/log.server";
import { clientOr } from "~/models/client.server";
import {
  enabledTimeRulesByShop,
  fireTimeRule,
  timeRuleCandidates,
  type Candidate,
  type FiringDecide,
  type FiringOutcome,
} from "~/models/time-rules.server";
import { applyEventRules } from "./event-rules.server";

export interface TimeRuleRunOptions {
  /** Orders read and fired per transaction. */
  batchSize?: number;
}

export type TimeRuleReport = Record<FiringOutcome | "failed", number>;

const emptyReport = (): TimeRuleReport => ({
  changed: 0,
  alert: 0,
  left: 0,
  unchanged: 0,
  no_stage: 0,
  taken: 0,
  failed: 0,
});

/** When an order that entered a rule's stage at `enteredAt` is due (null: never). */
export function timeRuleDueAt(enteredAt: Date, rule: TimeRule, calendar: WorkCalendar) {
  return addBusinessDays(enteredAt, rule.afterBusinessDays, calendar);
}

type Fired = { attributes: OrderAttributes };

function decideFor(rule: TimeRule, now: Date): (candidate: Candidate) => FiringDecide<Fired> {
  const choice: StageChoice | null = rule.setStageKey
    ? {
        stageKey: rule.setStageKey,
        source: "rule",
        occurredAt: now,
        actor: rule.name,
        note: null,
        email: rule.notifyCustomer
          ? { now, defaultCoalesceSeconds: env().EMAIL_COALESCE_SECONDS }
          : null,
      }
    : null;
  return (candidate) => (order, stages) => {
    const sameEntry =
      order &&
      !order.deleted &&
      order.stageKey === rule.stageKey &&
      order.stageEnteredAt?.getTime() === candidate.enteredAt.getTime();
    if (!sameEntry) return { write: "none", result: { outcome: "left", value: null } };
    if (!choice) return { write: "none", result: { outcome: "alert", value: null } };
    const change = chooseStage(order, stages, choice);
    const outcome: FiringOutcome = change.result === "changed" ? "changed" : "no_stage";
    const attributes =
      (outcome === "changed" && storedFacts(order).order?.attributes) || NO_ATTRIBUTES;
    return { ...change, result: { outcome, value: { attributes } } };
  };
}

async function runRule(
  shop: string,
  rule: TimeRule,
  calendar: WorkCalendar,
  now: Date,
  batchSize: number,
  report: TimeRuleReport,
) {
  const enteredBefore = stuckCandidatesBefore(now, rule.afterBusinessDays);
  if (!enteredBefore) return;
  const decide = decideFor(rule, now);
  let after: Candidate | null = null;
  for (;;) {
    const page = await timeRuleCandidates(shop, rule, enteredBefore, after, batchSize);
    if (page.length === 0) return;
    after = page.at(-1)!;
    // The database's window is wide by a weekend or a clock change: the calendar decides.
    const due = page.filter((c) => {
      const at = timeRuleDueAt(c.enteredAt, rule, calendar);
      return at !== null && at <= now;
    });
    if (due.length === 0) continue;
    let results;
    try {
      results = await fireTimeRule(shop, rule, due, decide, now);
    } catch (error) {
      console.warn(
        `stageline: time rule ${quoted(rule.name)} (${shop}) failed on a batch of ${due.length}`,
        error,
      );
      report.failed += due.length;
      continue;
    }
    for (const fired of results) {
      report[fired.outcome]++;
      if (fired.outcome !== "changed" || !rule.setStageKey) continue;
      // Event rules answer the stage the time rule entered ("when an order enters stage Y").
      await applyEventRules(
        shop,
        fired.orderGid,
        [{ kind: "entered_stage", stageKey: rule.setStageKey }],
        fired.result?.attributes ?? NO_ATTRIBUTES,
        rule.setStageKey,
      );
    }
    if (page.length < batchSize) return;
  }
}

/**
 * Fires every enabled time rule of every installed shop for the orders due at `now`. Safe to
 * run on several workers at once and to run again: each (rule, order, stage entry) fires once.
 */
export async function runTimeRules(
  now: Date,
  options: TimeRuleRunOptions = {},
): Promise<TimeRuleReport> {
  const batchSize = options.batchSize ?? 500;
  const report = emptyReport();
  const byShop = await enabledTimeRulesByShop();
  if (byShop.size === 0) return report;
  const shops = await clientOr().shop.findMany({
    where: { shop: { in: [...byShop.keys()] } },
    select: {
      shop: true,
      uninstalledAt: true,
      timeZone: true,
      ianaTimezone: true,
      workingDays: true,
    },
  });
  for (const shopRow of shops) {
    if (shopRow.uninstalledAt) continue;
    const calendar = calendarOf(shopRow);
    for (const rule of byShop.get(shopRow.shop) ?? []) {
      await runRule(shopRow.shop, rule, calendar, now, batchSize, report);
    }
  }
  return report;
}
