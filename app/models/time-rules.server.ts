// A shop's time rules (SPEC §4 "Rules": "after N business days in stage X, set stage Y and/or
// alert the merchant") and their firings. A firing is keyed on (rule, order, the order's entry
// into the stage): it is written in the same transaction as the stage change it makes, so a rule
// fires once per stage entry however many workers run the job at once.
import type { TimeRule } from "~/domain/automation/rules";
import { clientOr, type Client } from "./client.server";
import { orderWrite, type Decide } from "./order-deliveries.server";
import { run, sql, toDate, type Sql, type TransactionBody } from "./sql/connection.server";

/** The fields of a time rule, as the form schema gives them. */
export type TimeRuleFields = Omit<TimeRule, "id">;

type Row = {
  id: string;
  name: string;
  enabled: boolean;
  stageKey: string;
  afterBusinessDays: number;
  setStageKey: string | null;
  notifyCustomer: boolean;
  alertMerchant: boolean;
};

function ruleOf(row: Row): TimeRule {
  return {
    id: row.id,
    name: row.name,
    enabled: row.enabled,
    stageKey: row.stageKey,
    afterBusinessDays: row.afterBusinessDays,
    setStageKey: row.setStageKey,
    notifyCustomer: row.setStageKey ? row.notifyCustomer : false,
    alertMerchant: row.alertMerchant,
  };
}

function columnsOf(fields: TimeRuleFields) {
  return {
    name: fields.name,
    enabled: fields.enabled,
    stageKey: fields.stageKey,
    afterBusinessDays: fields.afterBusinessDays,
    setStageKey: fields.setStageKey ?? null,
    notifyCustomer: fields.setStageKey ? fields.notifyCustomer : false,
    alertMerchant: fields.alertMerchant,
  };
}

/** The shop's time rules in the merchant's order. */
export async function listTimeRules(shop: string, client?: Client): Promise<TimeRule[]> {
  const rows = await clientOr(client).timeRule.findMany({
    where: { shop },
    orderBy: [{ position: "asc" }, { createdAt: "asc" }],
  });
  return rows.map(ruleOf);
}

export async function findTimeRule(
  shop: string,
  id: string,
  client?: Client,
): Promise<TimeRule | null> {
  const row = await clientOr(client).timeRule.findFirst({ where: { shop, id } });
  return row ? ruleOf(row) : null;
}

export async function createTimeRule(
  shop: string,
  fields: TimeRuleFields,
  client?: Client,
): Promise<TimeRule> {
  const c = clientOr(client);
  const last = await c.timeRule.aggregate({ where: { shop }, _max: { position: true } });
  const row = await c.timeRule.create({
    data: { shop, position: (last._max.position ?? -1) + 1, ...columnsOf(fields) },
  });
  return ruleOf(row);
}

/** Rewrites a rule of the shop; false when the shop has no such rule. */
export async function updateTimeRule(
  shop: string,
  id: string,
  fields: TimeRuleFields,
  client?: Client,
): Promise<boolean> {
  const { count } = await clientOr(client).timeRule.updateMany({
    where: { shop, id },
    data: columnsOf(fields),
  });
  return count === 1;
}

export async function setTimeRuleEnabled(
  shop: string,
  id: string,
  enabled: boolean,
  client?: Client,
): Promise<boolean> {
  const { count } = await clientOr(client).timeRule.updateMany({
    where: { shop, id },
    data: { enabled },
  });
  return count === 1;
}

/** Deletes a rule of the shop and its firings; false when the shop has no such rule. */
export async function deleteTimeRule(shop: string, id: string, client?: Client) {
  const c = clientOr(client);
  const { count } = await c.timeRule.deleteMany({ where: { shop, id } });
  if (count === 1) await c.timeRuleFiring.deleteMany({ where: { shop, ruleId: id } });
  return count === 1;
}

/** Every enabled time rule of installed shops, by shop (what the scheduled job evaluates). */
export async function enabledTimeRulesByShop(): Promise<Map<string, TimeRule[]>> {
  const rows = await clientOr().timeRule.findMany({
    where: { enabled: true },
    orderBy: [{ shop: "asc" }, { position: "asc" }, { createdAt: "asc" }],
  });
  const byShop = new Map<string, TimeRule[]>();
  for (const row of rows) {
    const list = byShop.get(row.shop) ?? [];
    list.push(ruleOf(row));
    byShop.set(row.shop, list);
  }
  return byShop;
}

// --- The job's statements ---------------------------------------------------------------------

export const TIME_RULE_STATEMENTS = {
  // Orders still in the stage that entered it before the cutoff and have no firing of the rule
  // for that entry, as keyset pages (a row-value comparison, which both databases answer from the
  // (shop, stageKey, stageEnteredAt, orderGid) index without sorting: many orders can share an
  // entry time).
  candidates: {
    name: "time_rule_candidates",
    text: `SELECT o."orderGid", o."stageEnteredAt" FROM "Order" o
            WHERE o."shop" = $1 AND o."stageKey" = $2 AND o."deletedAt" IS NULL
              AND o."stageEnteredAt" < $3
              AND (o."stageEnteredAt", o."orderGid") > ($4, $5)
              AND NOT EXISTS (SELECT 1 FROM "TimeRuleFiring" f
                               WHERE f."ruleId" = $6 AND f."orderGid" = o."orderGid"
                                 AND f."enteredAt" = o."stageEnteredAt")
            ORDER BY o."stageEnteredAt" ASC, o."orderGid" ASC LIMIT $7`,
  },
  insertFiring: {
    name: "insert_time_rule_firing",
    text: `INSERT INTO "TimeRuleFiring" ("ruleId", "orderGid", "enteredAt", "shop", "ruleName", "stageKey", "outcome", "alertMerchant", "firedAt")
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING`,
  },
  setOutcome: {
    name: "set_time_rule_firing_outcome",
    text: `UPDATE "TimeRuleFiring" SET "outcome" = $1, "alertMerchant" = $2
           WHERE "ruleId" = $3 AND "orderGid" = $4 AND "enteredAt" = $5`,
  },
} satisfies Record<string, Sql>;

const S = TIME_RULE_STATEMENTS;

export interface Candidate {
  orderGid: string;
  enteredAt: Date;
}

/** A page of orders that may be due for `rule` (entered its stage before `enteredBefore`). */
export async function timeRuleCandidates(
  shop: string,
  rule: Pick<TimeRule, "id" | "stageKey">,
  enteredBefore: Date,
  after: Candidate | null,
  limit: number,
): Promise<Candidate[]> {
  const rows = await sql().all<{ orderGid: string; stageEnteredAt: unknown }>(S.candidates, [
    shop,
    rule.stageKey,
    enteredBefore,
    after?.enteredAt ?? new Date(0),
    after?.orderGid ?? "",
    rule.id,
    limit,
  ]);
  return rows.map((row) => ({ orderGid: row.orderGid, enteredAt: toDate(row.stageEnteredAt)! }));
}

/** What a firing did: "taken" when another worker fired it for that entry first. */
export type FiringOutcome = "changed" | "alert" | "left" | "unchanged" | "no_stage" | "taken";

export interface FiringResult<T> {
  orderGid: string;
  outcome: FiringOutcome;
  /** What `decide` answered (null when the firing was taken or the order had left). */
  result: T | null;
}

/** What decide answers: the firing's outcome and the caller's value. */
export type FiringDecide<T> = Decide<{ outcome: FiringOutcome; value: T | null }>;

function* fireOne<T>(
  shop: string,
  rule: TimeRule,
  candidate: Candidate,
  decide: FiringDecide<T>,
  now: Date,
): TransactionBody<FiringResult<T>> {
  const expected: FiringOutcome = rule.setStageKey ? "changed" : "alert";
  const key = [rule.id, candidate.orderGid, candidate.enteredAt] as const;
  const claimed = yield* run(S.insertFiring, [
    ...key,
    shop,
    rule.name,
    rule.stageKey,
    expected,
    rule.alertMerchant,
    now,
  ]);
  if (claimed !== 1) return { orderGid: candidate.orderGid, outcome: "taken", result: null };
  const done = yield* orderWrite(shop, null, candidate.orderGid, decide);
  const { outcome, value } = done.duplicate
    ? { outcome: "left" as const, value: null }
    : done.result;
  if (outcome !== expected) {
    // The order moved on meanwhile: the entry can never be due again; nothing to alert about.
    yield* run(S.setOutcome, [outcome, rule.alertMerchant && outcome !== "left", ...key]);
  }
  return { orderGid: candidate.orderGid, outcome, result: value };
}

/**
 * PostgreSQL transactions a page is split into, run at once on the pool: each statement is a
 * round trip there, so one transaction at a time leaves the database mostly idle. (SQLite runs
 * a transaction without yielding: one at a time.)
 */
export const PARALLEL_TRANSACTIONS = 4;

/**
 * Fires `rule` for each candidate: per transaction, the firing record, then the order write of
 * `decide` (which checks, on the locked row, that the order is still in that stage entry).
 */
export async function fireTimeRule<T>(
  shop: string,
  rule: TimeRule,
  candidates: readonly Candidate[],
  decide: (candidate: Candidate) => FiringDecide<T>,
  now: Date,
): Promise<FiringResult<T>[]> {
  const connection = sql();
  const parts = connection.provider === "postgresql" ? PARALLEL_TRANSACTIONS : 1;
  const size = Math.ceil(candidates.length / parts);
  const chunks: (readonly Candidate[])[] = [];
  for (let i = 0; i < candidates.length; i += size) chunks.push(candidates.slice(i, i + size));
  // Every transaction ends (commits or rolls back) before this answers.
  const done = await Promise.allSettled(
    chunks.map((chunk) =>
      connection.transaction(function* () {
        const results: FiringResult<T>[] = [];
        for (const candidate of chunk) {
          results.push(yield* fireOne(shop, rule, candidate, decide(candidate), now));
        }
        return results;
      }),
    ),
  );
  const failed = done.find((d) => d.status === "rejected");
  if (failed) throw failed.reason;
  return done.flatMap((d) => (d.status === "fulfilled" ? d.value : []));
}

/** Alerts of the shop's time rules fired in (since, until], newest first (for the digest). */
export function listTimeRuleAlerts(shop: string, since: Date, until: Date, limit: number) {
  return clientOr().timeRuleFiring.findMany({
    where: { shop, alertMerchant: true, firedAt: { gt: since, lte: until } },
    orderBy: { firedAt: "desc" },
    take: limit,
  });
}
