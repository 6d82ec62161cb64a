// Plays webhook deliveries through the production fold (readWebhookFacts → foldDelivery), with
// an in-memory order row standing in for the store: it applies each change's fields exactly as
// the store writes them (app/models/order-deliveries.server.ts), nothing more.
import type { OrderFacts } from "~/domain/facts";
import { chooseStage, foldDelivery, type OrderChange, type OrderState } from "~/domain/order-fold";
import type { StageSource } from "~/domain/stage-engine";
import { DEFAULT_STAGES } from "~/domain/stages";
import { readWebhookFacts, stageSourceOfTopic } from "~/shopify/webhook-payloads";
import type { Delivery } from "../../fixtures/webhooks/factory";

export interface FoldedOrder {
  facts: OrderFacts;
  stage: { key: string; source: StageSource; candidateKey: string | null };
  /** Every stage the order entered, in order. */
  path: string[];
  /** The stages whose entry queued an email intent (to the order's address), in order. */
  emails: string[];
}

const CONTEXT = {
  stages: DEFAULT_STAGES,
  emailTiming: { now: new Date("2026-03-02T09:00:00Z"), defaultCoalesceSeconds: 0 },
  notify: true,
};

/** The order row after a change, as the store writes it. */
export function applyChange<T>(
  order: OrderState | null,
  change: OrderChange<T>,
): OrderState | null {
  if (change.write === "none") return order;
  const fields = change.fields as Partial<OrderState> & Record<string, unknown>;
  const base: OrderState = order ?? {
    orderGid: "gid://shopify/Order/1",
    name: null,
    email: null,
    locale: null,
    facts: "",
    factsAt: null,
    stageKey: "",
    stageSource: "",
    candidateKey: null,
    version: -1,
    deleted: false,
    redacted: false,
    chosenStageKey: null,
    chosenStageSource: null,
  };
  const next = { ...base, version: base.version + 1 };
  for (const key of Object.keys(next) as (keyof OrderState)[]) {
    if (fields[key] !== undefined) (next as Record<string, unknown>)[key] = fields[key];
  }
  return next;
}

/** A merchant's or a rule's stage choice, made between deliveries (as chooseStage runs it). */
export interface StageAction {
  choose: string;
  source: "merchant" | "rule";
}

/** The order's facts and stage after the deliveries (and actions), in the given order. */
export function foldDeliveries(steps: readonly (Delivery | StageAction)[]): FoldedOrder {
  let order: OrderState | null = null;
  const path: string[] = [];
  const emails: string[] = [];
  for (const step of steps) {
    if ("choose" in step) {
      const change = chooseStage(order, CONTEXT.stages, {
        stageKey: step.choose,
        source: step.source,
        occurredAt: CONTEXT.emailTiming.now,
        actor: null,
        note: null,
        email: null,
      });
      if (change.write !== "none" && change.event) path.push(change.event.toKey);
      order = applyChange(order, change);
      continue;
    }
    const delivery = step;
    const read = readWebhookFacts(delivery.topic, delivery.body, {
      triggeredAt: delivery.triggeredAt,
      receivedAt: delivery.triggeredAt,
    });
    if (read.kind !== "facts") throw new Error(`${delivery.topic}: ${JSON.stringify(read)}`);
    const change = foldDelivery(
      order,
      {
        patch: read.patch,
        identity: read.identity,
        sourceAt: read.sourceAt,
        source: stageSourceOfTopic(delivery.topic),
      },
      CONTEXT,
    );
    if (change.write !== "none" && change.event) {
      path.push(change.event.toKey);
      if (change.event.email) emails.push(change.event.toKey);
    }
    order = applyChange(order, change);
  }
  if (!order) throw new Error("no deliveries");
  return {
    facts: JSON.parse(order.facts) as OrderFacts,
    stage: {
      key: order.stageKey,
      source: order.stageSource as StageSource,
      candidateKey: order.candidateKey,
    },
    path,
    emails,
  };
}
