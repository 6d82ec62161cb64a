// The fold of one fact source into an order (SPEC §3, §4): stored order + what a delivery says →
// the columns to write, the stage decision, the timeline event and the email intent. Pure, so the
// store can run it inside its transaction (again, after a conflict), and the property tests run
// exactly this function. Every fact source — webhooks, and Admin API backfill snapshots — folds
// through here; merchant and rule changes are written through the same `OrderChange` shape.

import {
  NO_ATTRIBUTES,
  ruleEventsBetween,
  type OrderAttributes,
  type RuleEvent,
} from "./automation/rules";
import { emptyFacts, mergeFacts, type FactsPatch, type IsoTime, type OrderFacts } from "./facts";
import { normalizeOrderName } from "./order-names";
import { normalizeEmail, phoneKey } from "./shopper-contact";
import { computeCandidateStage, decideStageChange, type StageSource } from "./stage-engine";
import type { StageDefinition } from "./stages";

/** Who the order is for, as an order payload (or snapshot) says. */
export interface OrderIdentity {
  orderGid: string;
  name: string | null;
  orderNumber: string | null;
  email: string | null;
  phone: string | null;
  locale: string | null;
  customerGid: string | null;
  customerFirstName: string | null;
  createdAt: IsoTime | null;
  processedAt: IsoTime | null;
  orderStatusUrl: string | null;
  /** `variantId` is the variant's GraphQL id (gid://shopify/ProductVariant/…). */
  lineItems: { variantId: string; quantity: number }[];
}

/** What the stage engine needs of a stage (and its English label, for timeline notes). */
export type StagePosition = Pick<StageDefinition, "key" | "position" | "exception"> & {
  label?: string;
};

/** The columns of an order that a write reads before it decides what to write. */
export interface OrderState {
  orderGid: string;
  name: string | null;
  email: string | null;
  locale: string | null;
  /** OrderFacts as stored (JSON). */
  facts: string;
  factsAt: Date | null;
  stageKey: string;
  stageSource: string;
  candidateKey: string | null;
  version: number;
  /** orders/delete was received: the order is kept, but nobody may change it any more. */
  deleted: boolean;
  /** customers/redact erased who the order is for: later writes may not bring it back. */
  redacted: boolean;
  /** The last stage a merchant or a rule chose (see decideStageChange). */
  chosenStageKey?: string | null;
  chosenStageSource?: string | null;
  /** When the order entered its current stage (time rules fire once per entry). */
  stageEnteredAt?: Date | null;
}

/** Who the order is for; written only by a delivery that is current for the order section. */
export interface IdentityFields {
  name?: string | null;
  nameKey?: string | null;
  email?: string | null;
  phoneDigits?: string | null;
  locale?: string | null;
  customerGid?: string | null;
  customerFirstName?: string | null;
  orderStatusUrl?: string | null;
  lineItems?: string;
  placedAt?: Date | null;
}

interface FactsFields {
  facts: string;
  financialStatus: string | null;
  fulfillmentStatus: string | null;
  cancelledAt: Date | null;
  factsAt: Date | null;
  candidateKey: string | null;
}

interface StageFields {
  stageKey: string;
  stageSource: string;
  stageEnteredAt: Date;
}

/** The stage a merchant or a rule chose, remembered across automatic exceptions. */
interface ChosenStageFields {
  chosenStageKey: string;
  chosenStageSource: string;
  chosenStageAt: Date;
}

export type NewOrderFields = IdentityFields &
  FactsFields &
  StageFields &
  Partial<ChosenStageFields>;
export type OrderUpdateFields = IdentityFields & FactsFields & Partial<StageFields>;
/** A change of the stage only (merchant, rule), or only of who chose it. */
export type StageChangeFields = Partial<StageFields> & Partial<ChosenStageFields>;

/**
 * The outbox email of a stage entry (docs/decisions/006), written in the same transaction when
 * the stage has `notifyCustomer`: due after the shop's coalescing window (its
 * `emailCoalesceSeconds`, else `defaultCoalesceSeconds`) counted from `now`.
 */
export interface StageEmail {
  recipient: string;
  locale: string;
  defaultCoalesceSeconds: number;
  now: Date;
}

export interface TimelineEventFields {
  fromKey: string | null;
  toKey: string;
  source: string;
  occurredAt: Date;
  /** Who made a change in the app (a staff member), and why. */
  actor?: string | null;
  note?: string | null;
  /** Announce the stage entry by email, when the stage notifies the customer. */
  email: StageEmail | null;
}

/** What a write changes besides its receipt; `result` is handed back to the caller. */
export type OrderChange<T> =
  | { write: "none"; result: T }
  | { write: "create"; fields: NewOrderFields; event: TimelineEventFields; result: T }
  | {
      write: "update";
      fields: OrderUpdateFields | StageChangeFields;
      event: TimelineEventFields | null;
      result: T;
    };

/** One fact source's news about an order: a webhook delivery or a backfilled snapshot. */
export interface FactsDelivery {
  patch: FactsPatch;
  /** Present when the source carries the order itself (name, email, line items…). */
  identity: OrderIdentity | null;
  /** The newest source time in the delivery. */
  sourceAt: IsoTime;
  /** Who moves the stage: "shopify", "carrier" (fulfillment events) or "backfill". */
  source: StageSource;
}

export interface FoldContext {
  stages: readonly StagePosition[];
  /** When the email of a stage entry is due from, and the default coalescing window. */
  emailTiming: { now: Date; defaultCoalesceSeconds: number };
  /**
   * False for a backfill of past events: the stage and timeline are written, but a shopper is
   * not emailed about something that happened before the app knew the order.
   */
  notify: boolean;
}

export interface FoldResult {
  stage: string;
  changed: boolean;
  /** One line per unknown Shopify value that was ignored. */
  warnings: string[];
  /** What merchant rules answer: what the write changed, and what they may look at. */
  rules: { events: RuleEvent[]; attributes: OrderAttributes };
}

/** The email announcing a stage entry, to the order's address in its locale (none without one). */
export function stageEmail(
  recipient: string | null | undefined,
  locale: string | null | undefined,
  timing: FoldContext["emailTiming"],
): StageEmail | null {
  if (!recipient) return null;
  return {
    recipient,
    locale: (locale || "en").toLowerCase(),
    defaultCoalesceSeconds: timing.defaultCoalesceSeconds,
    now: timing.now,
  };
}

/**
 * The columns a delivery's identity writes (lookup keys normalized as the lookup reads them).
 * Once the customer's data was redacted (customers/redact), who the order is for stays empty
 * whatever later deliveries say.
 */
export function identityColumns(identity: OrderIdentity, redacted = false): IdentityFields {
  const columns: IdentityFields = {
    name: identity.name,
    nameKey: identity.name ? normalizeOrderName(identity.name) || null : null,
    email: identity.email ? normalizeEmail(identity.email) || null : null,
    phoneDigits: identity.phone ? phoneKey(identity.phone) || null : null,
    locale: identity.locale,
    customerGid: identity.customerGid,
    customerFirstName: identity.customerFirstName,
    orderStatusUrl: identity.orderStatusUrl,
    lineItems: JSON.stringify(identity.lineItems),
    placedAt: toDate(identity.processedAt ?? identity.createdAt),
  };
  if (redacted) {
    Object.assign(columns, {
      email: null,
      phoneDigits: null,
      customerGid: null,
      customerFirstName: null,
      orderStatusUrl: null,
    });
  }
  return columns;
}

/** The stored facts of an order (empty for an order not known yet). */
export function storedFacts(order: OrderState | null): OrderFacts {
  return order ? (JSON.parse(order.facts) as OrderFacts) : emptyFacts();
}

/**
 * Folds one delivery into the order as it is now (null: not stored yet). Deterministic: the
 * same stored order and delivery give the same change, so it may run again after a conflict.
 */
export function foldDelivery(
  order: OrderState | null,
  delivery: FactsDelivery,
  context: FoldContext,
): OrderChange<FoldResult> {
  const stored = storedFacts(order);
  const merged = mergeFacts(stored, delivery.patch);
  const candidate = computeCandidateStage(merged.facts);
  // Unknown values are reported by the delivery that brings them, not by every later one.
  const warnings =
    candidate.warnings.length > 0 && order
      ? withoutKnown(candidate.warnings, computeCandidateStage(stored).warnings)
      : candidate.warnings;
  const occurredAt = new Date(delivery.sourceAt);
  // Identity (name, email, …) follows the order section it came with: a stale delivery's
  // identity is as stale as its facts.
  const identityIsCurrent =
    delivery.identity !== null &&
    (!order?.name ||
      (delivery.patch.order !== undefined && merged.facts.order?.at === delivery.patch.order.at));
  const identity =
    identityIsCurrent && delivery.identity
      ? identityColumns(delivery.identity, order?.redacted ?? false)
      : {};
  const { source } = delivery;
  const factsAt = latest(order?.factsAt ?? null, occurredAt);
  const email = (recipient: string | null | undefined, locale: string | null | undefined) =>
    context.notify ? stageEmail(recipient, locale, context.emailTiming) : null;

  if (!order) {
    return {
      write: "create",
      fields: {
        ...identity,
        ...factsColumns(merged.facts),
        factsAt,
        stageKey: candidate.key,
        stageSource: source,
        stageEnteredAt: occurredAt,
        candidateKey: candidate.key,
      },
      event: {
        fromKey: null,
        toKey: candidate.key,
        source,
        occurredAt,
        email: email(identity.email, identity.locale),
      },
      result: {
        stage: candidate.key,
        changed: true,
        warnings,
        rules: ruleFacts(null, merged.facts, candidate.key),
      },
    };
  }

  if (!merged.changed && !identityIsCurrent) {
    return {
      write: "none",
      result: { stage: order.stageKey, changed: false, warnings, rules: NO_RULE_FACTS },
    };
  }
  const decision = decideStageChange({
    current: {
      key: order.stageKey,
      source: order.stageSource as StageSource,
      candidateKey: order.candidateKey,
    },
    candidateKey: candidate.key,
    stages: context.stages,
    chosen: order.chosenStageKey
      ? { key: order.chosenStageKey, source: order.chosenStageSource as StageSource }
      : null,
  });
  const next = decision.nextKey && decision.nextKey !== order.stageKey ? decision.nextKey : null;
  const back = next ? decision.backToChosen : undefined;
  return {
    write: "update",
    fields: {
      ...identity,
      ...factsColumns(merged.facts),
      factsAt,
      candidateKey: candidate.key,
      // Back at a chosen stage it is the chooser's again: only Shopify's news moves it on.
      ...(next
        ? { stageKey: next, stageSource: back ? back.source : source, stageEnteredAt: occurredAt }
        : {}),
    },
    event: next
      ? {
          fromKey: order.stageKey,
          toKey: next,
          source,
          occurredAt,
          note: back ? backToChosenNote(next, back.exceptionKey, context.stages) : null,
          // The shopper was told about the chosen stage when it was chosen: not again.
          email: back
            ? null
            : email(
                identity.email !== undefined ? identity.email : order.email,
                identity.locale !== undefined ? identity.locale : order.locale,
              ),
        }
      : null,
    result: {
      stage: next ?? order.stageKey,
      changed: !!next,
      warnings,
      rules: ruleFacts({ stored, stageKey: order.stageKey }, merged.facts, next ?? order.stageKey),
    },
  };
}

const NO_RULE_FACTS: FoldResult["rules"] = { events: [], attributes: NO_ATTRIBUTES };

/** What merchant rules answer after a delivery (see ruleEventsBetween). */
function ruleFacts(
  before: { stored: OrderFacts; stageKey: string } | null,
  after: OrderFacts,
  stageKey: string,
): FoldResult["rules"] {
  const snapshot = (facts: OrderFacts, key: string) => ({
    stageKey: key,
    financialStatus: facts.order?.financialStatus ?? null,
    fulfillmentStatus: facts.order?.fulfillmentStatus ?? null,
  });
  return {
    events: ruleEventsBetween(
      before && snapshot(before.stored, before.stageKey),
      snapshot(after, stageKey),
    ),
    attributes: after.order?.attributes ?? NO_ATTRIBUTES,
  };
}

const CLEARED: Readonly<Record<string, string>> = {
  on_hold: "the hold was released",
  payment_issue: "the payment issue was resolved",
  delivery_issue: "the delivery issue was resolved",
};

/** "Back to In production after the hold was released". */
export function backToChosenNote(
  stageKey: string,
  exceptionKey: string,
  stages: readonly StagePosition[],
): string {
  const label = stages.find((s) => s.key === stageKey)?.label ?? stageKey;
  const cleared = CLEARED[exceptionKey] ?? `${exceptionKey.replaceAll("_", " ")} was cleared`;
  return `Back to ${label} after ${cleared}`;
}

function factsColumns(facts: OrderFacts) {
  return {
    facts: JSON.stringify(facts),
    financialStatus: facts.order?.financialStatus ?? null,
    fulfillmentStatus: facts.order?.fulfillmentStatus ?? null,
    cancelledAt: toDate(facts.order?.cancelledAt),
  };
}

function toDate(iso: string | null | undefined): Date | null {
  return iso ? new Date(iso) : null;
}

function withoutKnown(warnings: string[], known: string[]): string[] {
  const before = new Set(known);
  return warnings.filter((warning) => !before.has(warning));
}

function latest(a: Date | null, b: Date): Date {
  return a && a > b ? a : b;
}

/** A stage chosen in the app (a merchant's change, a rule's firing): what to write. */
export interface StageChoice {
  stageKey: string;
  source: Extract<StageSource, "merchant" | "rule">;
  occurredAt: Date;
  actor: string | null;
  note: string | null;
  /** The email to queue when the stage notifies customers; null for a quiet change. */
  email: FoldContext["emailTiming"] | null;
}

/** "unchanged": already in the stage (now kept there as the chooser's choice). */
export type StageChoiceStatus = "changed" | "unchanged" | "not_found" | "no_stage";

/**
 * Moves the order to a chosen stage. Already there: from now on it is the chooser's stage, which
 * only Shopify's news moves (see decideStageChange). Deleted orders are left alone.
 */
export function chooseStage(
  order: OrderState | null,
  stages: readonly StagePosition[],
  choice: StageChoice,
): OrderChange<StageChoiceStatus> {
  if (!order || order.deleted) return { write: "none", result: "not_found" };
  if (!stages.some((s) => s.key === choice.stageKey)) return { write: "none", result: "no_stage" };
  const remember = {
    chosenStageKey: choice.stageKey,
    chosenStageSource: choice.source,
    chosenStageAt: choice.occurredAt,
  };
  if (order.stageKey === choice.stageKey) {
    if (order.stageSource === choice.source && order.chosenStageKey === choice.stageKey) {
      return { write: "none", result: "unchanged" };
    }
    return {
      write: "update",
      fields: { stageSource: choice.source, ...remember },
      event: null,
      result: "unchanged",
    };
  }
  return {
    write: "update",
    fields: {
      stageKey: choice.stageKey,
      stageSource: choice.source,
      stageEnteredAt: choice.occurredAt,
      ...remember,
    },
    event: {
      fromKey: order.stageKey,
      toKey: choice.stageKey,
      source: choice.source,
      occurredAt: choice.occurredAt,
      actor: choice.actor,
      note: choice.note,
      email: choice.email ? stageEmail(order.email, order.locale, choice.email) : null,
    },
    result: "changed",
  };
}
