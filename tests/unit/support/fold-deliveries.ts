// Folds webhook deliveries through the pure pipeline the ingestion service runs:
// readWebhookFacts → mergeFacts → computeCandidateStage → decideStageChange.
import { emptyFacts, mergeFacts } from "~/domain/facts";
import type { OrderFacts } from "~/domain/facts";
import { computeCandidateStage, decideStageChange } from "~/domain/stage-engine";
import type { StageDecisionInput, StageSource } from "~/domain/stage-engine";
import { DEFAULT_STAGES } from "~/domain/stages";
import { readWebhookFacts } from "~/shopify/webhook-payloads";
import type { Delivery } from "../../fixtures/webhooks/factory";

export interface FoldedOrder {
  facts: OrderFacts;
  stage: NonNullable<StageDecisionInput["current"]>;
  /** Every stage the order entered, in order. */
  path: string[];
}

/** The order's facts and stage after the deliveries, in the given order. */
export function foldDeliveries(deliveries: readonly Delivery[]): FoldedOrder {
  let facts = emptyFacts();
  let stage: FoldedOrder["stage"] | null = null;
  const path: string[] = [];
  for (const delivery of deliveries) {
    const read = readWebhookFacts(delivery.topic, delivery.body, {
      triggeredAt: delivery.triggeredAt,
      receivedAt: delivery.triggeredAt,
    });
    if (read.kind !== "facts") throw new Error(`${delivery.topic}: ${JSON.stringify(read)}`);
    facts = mergeFacts(facts, read.patch).facts;
    const candidate = computeCandidateStage(facts);
    const decision = decideStageChange({
      current: stage,
      candidateKey: candidate.key,
      stages: DEFAULT_STAGES,
    });
    const source: StageSource = delivery.topic.startsWith("fulfillment_events/")
      ? "carrier"
      : "shopify";
    if (decision.nextKey !== null) path.push(decision.nextKey);
    stage =
      decision.nextKey !== null
        ? { key: decision.nextKey, source, candidateKey: candidate.key }
        : { ...stage!, candidateKey: candidate.key };
  }
  if (!stage) throw new Error("no deliveries");
  return { facts, stage, path };
}
