import { describe, expect, it } from "vitest";
import { decideStageChange } from "~/domain/stage-engine";
import type { StageDecisionInput, StageSource } from "~/domain/stage-engine";
import { DEFAULT_STAGES } from "~/domain/stages";

const stages = [
  ...DEFAULT_STAGES,
  // A merchant's own made-to-order step, placed after "confirmed".
  { key: "in_production", position: 4, exception: false },
];

function current(key: string, source: StageSource, candidateKey: string | null) {
  return { key, source, candidateKey };
}

type Row = [string, StageDecisionInput["current"], string, string | null];

const RULES: Row[] = [
  ["a new order takes the candidate", null, "awaiting_payment", "awaiting_payment"],
  [
    "nothing new from Shopify: a merchant's processing survives an unrelated webhook",
    current("processing", "merchant", "confirmed"),
    "confirmed",
    null,
  ],
  [
    "Shopify further along: processing moves on to shipped",
    current("processing", "merchant", "confirmed"),
    "shipped",
    "shipped",
  ],
  [
    "a candidate not further along than the merchant's stage leaves it",
    current("processing", "merchant", "awaiting_payment"),
    "confirmed",
    null,
  ],
  [
    "a merchant's custom stage stays until Shopify is further along",
    current("in_production", "merchant", "confirmed"),
    "partially_shipped",
    "partially_shipped",
  ],
  ["normal progress", current("confirmed", "shopify", "confirmed"), "shipped", "shipped"],
  [
    "a late in_transit never undoes delivered",
    current("delivered", "carrier", "delivered"),
    "in_transit",
    null,
  ],
  [
    "a hold that is released leaves on_hold (back to confirmed)",
    current("on_hold", "shopify", "on_hold"),
    "confirmed",
    "confirmed",
  ],
  [
    "a fixed payment leaves payment_issue, even for an earlier stage",
    current("payment_issue", "shopify", "payment_issue"),
    "awaiting_payment",
    "awaiting_payment",
  ],
  [
    "a cleared delivery issue moves on to delivered",
    current("delivery_issue", "carrier", "delivery_issue"),
    "delivered",
    "delivered",
  ],
  [
    "a backfilled exception clears like a Shopify one",
    current("on_hold", "backfill", "on_hold"),
    "confirmed",
    "confirmed",
  ],
  [
    "an exception the merchant set stays when Shopify's exception clears",
    current("on_hold", "merchant", "on_hold"),
    "confirmed",
    null,
  ],
  [
    "an exception a rule set stays too",
    current("on_hold", "rule", "awaiting_payment"),
    "confirmed",
    null,
  ],
  [
    "a merchant's exception still gives way to progress further along the pipeline",
    current("on_hold", "merchant", "confirmed"),
    "partially_shipped",
    "partially_shipped",
  ],
  [
    "an exception always applies, even over delivered",
    current("delivered", "carrier", "delivered"),
    "return_requested",
    "return_requested",
  ],
  [
    "an exception applies over a merchant's stage",
    current("processing", "merchant", "confirmed"),
    "cancelled",
    "cancelled",
  ],
  [
    "an exception replaces another exception",
    current("return_requested", "shopify", "return_requested"),
    "return_in_progress",
    "return_in_progress",
  ],
  [
    "a merchant's choice of an exception is replaced by a new Shopify exception",
    current("on_hold", "merchant", "confirmed"),
    "cancelled",
    "cancelled",
  ],
  [
    "the candidate is already the current stage",
    current("shipped", "merchant", "confirmed"),
    "shipped",
    null,
  ],
  [
    "a deleted (unknown) current stage ranks lowest",
    current("old_custom_step", "merchant", "confirmed"),
    "partially_shipped",
    "partially_shipped",
  ],
  [
    "an unknown candidate is neither exception nor progress",
    current("confirmed", "shopify", "confirmed"),
    "stage_from_the_future",
    null,
  ],
  [
    "an order from before candidates were recorded",
    current("confirmed", "backfill", null),
    "shipped",
    "shipped",
  ],
];

describe("decideStageChange", () => {
  it.each(RULES)("%s", (_name, currentStage, candidateKey, nextKey) => {
    const decision = decideStageChange({ current: currentStage, candidateKey, stages });
    expect(decision.nextKey).toBe(nextKey);
    expect(decision.candidateChanged).toBe(currentStage?.candidateKey !== candidateKey);
  });
});

// An automatic exception clears: back to the furthest of Shopify's candidate and the stage a
// merchant or a rule chose before it (issue: merchant stages survive temporary exceptions).
describe("an automatic exception that clears", () => {
  const EXCEPTIONS = ["on_hold", "payment_issue", "delivery_issue"] as const;
  const PRIOR: { source: StageSource; chosen: string | null }[] = [
    { source: "merchant", chosen: "processing" },
    { source: "merchant", chosen: "in_production" },
    { source: "rule", chosen: "in_production" },
    { source: "shopify", chosen: null },
  ];
  const cases = EXCEPTIONS.flatMap((exception) => PRIOR.map((prior) => ({ exception, ...prior })));

  it.each(cases)(
    "$exception after a $source stage ($chosen): back to the chosen stage, not behind it",
    ({ exception, source, chosen }) => {
      const decision = decideStageChange({
        current: current(exception, "shopify", exception),
        candidateKey: "confirmed",
        stages,
        chosen: chosen ? { key: chosen, source } : null,
      });
      if (chosen) {
        expect(decision).toEqual({
          nextKey: chosen,
          candidateChanged: true,
          backToChosen: { source, exceptionKey: exception },
        });
      } else {
        expect(decision).toEqual({ nextKey: "confirmed", candidateChanged: true });
      }
    },
  );

  it.each(cases)(
    "$exception after a $source stage ($chosen): Shopify went further meanwhile → Shopify's stage",
    ({ exception, source, chosen }) => {
      const decision = decideStageChange({
        current: current(exception, "shopify", exception),
        candidateKey: "shipped",
        stages,
        chosen: chosen ? { key: chosen, source } : null,
      });
      expect(decision).toEqual({ nextKey: "shipped", candidateChanged: true });
    },
  );

  it("a chosen stage that is itself an exception is not returned to", () => {
    const decision = decideStageChange({
      current: current("on_hold", "shopify", "on_hold"),
      candidateKey: "confirmed",
      stages,
      chosen: { key: "payment_issue", source: "merchant" },
    });
    expect(decision.nextKey).toBe("confirmed");
  });

  it("a chosen stage the shop deleted is not returned to", () => {
    const decision = decideStageChange({
      current: current("on_hold", "shopify", "on_hold"),
      candidateKey: "confirmed",
      stages,
      chosen: { key: "gone", source: "merchant" },
    });
    expect(decision.nextKey).toBe("confirmed");
  });
});
