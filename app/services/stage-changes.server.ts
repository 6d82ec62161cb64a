// A merchant moves orders to a stage (SPEC §7: order detail and bulk "set stage"), with or
// without emailing the shoppers. The change is written like a webhook's: order, timeline event
// (with who and why) and, when asked and the stage notifies, the outbox email, in one
// transaction per order. Shopify's later facts move the order on only when they are news
// (see decideStageChange).
import {
  chooseStage,
  type OrderState,
  type StageChoice,
  type StageChoiceStatus,
  type StagePosition,
} from "~/domain/order-fold";
import { env } from "~/env.server";
import { recordOrderChange } from "~/models/order-deliveries.server";
import { findStage } from "~/models/stages.server";

export const STAGE_CHANGE_LIMITS = { orders: 250, actorChars: 200, noteChars: 1000 };

export interface StageChangeRequest {
  stageKey: string;
  /** Email the shoppers when the stage notifies customers; false for a quiet correction. */
  notify: boolean;
  /** The staff member making the change, as the admin shows them. */
  actor: string | null;
  note: string | null;
  now: Date;
}

/** "unchanged": already in the stage (now kept there as the merchant's choice). */
export type StageChangeStatus = "changed" | "unchanged" | "not_found" | "failed";

export interface StageChangeResult {
  orderGid: string;
  status: StageChangeStatus;
  /** Why a change failed (the other orders are changed regardless). */
  error?: string;
}

export class StageChangeError extends Error {
  override name = "StageChangeError";
}

function cleanText(value: string | null, limit: number, label: string): string | null {
  const text = value?.trim() ?? "";
  if (text.length > limit)
    throw new StageChangeError(`${label} is longer than ${limit} characters`);
  return text || null;
}

/**
 * Moves each order to the stage, each in its own transaction; answers per order. Throws
 * StageChangeError for bad input (nothing changed then).
 */
export async function setOrderStages(
  shop: string,
  orderGids: readonly string[],
  request: StageChangeRequest,
): Promise<StageChangeResult[]> {
  const unique = [...new Set(orderGids)];
  if (unique.length === 0) throw new StageChangeError("Choose at least one order");
  if (unique.length > STAGE_CHANGE_LIMITS.orders) {
    throw new StageChangeError(`Change at most ${STAGE_CHANGE_LIMITS.orders} orders at once`);
  }
  if (!unique.every((gid) => /^gid:\/\/shopify\/Order\/\d+$/.test(gid))) {
    throw new StageChangeError("Not an order id");
  }
  const stage = await findStage(shop, request.stageKey);
  if (!stage) throw new StageChangeError(`There is no stage "${request.stageKey}"`);
  const actor = cleanText(request.actor, STAGE_CHANGE_LIMITS.actorChars, "Name");
  const note = cleanText(request.note, STAGE_CHANGE_LIMITS.noteChars, "Note");

  const choice: StageChoice = {
    stageKey: stage.key,
    source: "merchant",
    occurredAt: request.now,
    actor,
    note,
    email: request.notify
      ? { now: request.now, defaultCoalesceSeconds: env().EMAIL_COALESCE_SECONDS }
      : null,
  };
  const decide = (order: OrderState | null, stages: readonly StagePosition[]) =>
    chooseStage(order, stages, choice);

  const results: StageChangeResult[] = [];
  for (const orderGid of unique) {
    try {
      const status = await recordOrderChange(shop, orderGid, decide);
      // Deleted since it was checked above: nothing was written.
      if (status === "no_stage") throw new StageChangeError(`There is no stage "${stage.key}"`);
      results.push({ orderGid, status });
    } catch (error) {
      console.warn(`stageline: stage change of ${orderGid} (${shop}) failed`, error);
      results.push({
        orderGid,
        status: "failed",
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
  return results;
}

export interface RuleStageRequest {
  stageKey: string;
  /** The rule's name, shown as who made the change. */
  rule: string;
  notify: boolean;
  now: Date;
}

/**
 * A rule moves one order to a stage: the same write as a merchant's change, with source "rule".
 * Answers "no_stage" when the shop has no such stage (nothing written).
 */
export async function setOrderStageByRule(
  shop: string,
  orderGid: string,
  request: RuleStageRequest,
): Promise<StageChoiceStatus> {
  const choice: StageChoice = {
    stageKey: request.stageKey,
    source: "rule",
    occurredAt: request.now,
    actor: request.rule,
    note: null,
    email: request.notify
      ? { now: request.now, defaultCoalesceSeconds: env().EMAIL_COALESCE_SECONDS }
      : null,
  };
  return recordOrderChange(shop, orderGid, (order, stages) => chooseStage(order, stages, choice));
}
