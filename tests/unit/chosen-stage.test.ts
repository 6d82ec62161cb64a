// Merchant and rule actions interleaved with deliveries, through the production fold: a stage
// chosen after the order exists survives any order (and repetition) of a hold and its release.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { OrderSimulation } from "../fixtures/webhooks/factory";
import { foldDeliveries, type StageAction } from "./support/fold-deliveries";

describe("a chosen stage and a temporary hold, in any order", () => {
  const sim = new OrderSimulation().create("paid").hold().releaseHold();
  const [create, ...holdAndRelease] = sim.deliveries;

  it.each<StageAction>([
    { choose: "processing", source: "merchant" },
    { choose: "processing", source: "rule" },
  ])("$source chooses $choose: it is the final stage (property)", (action) => {
    fc.assert(
      fc.property(
        fc.shuffledSubarray([...holdAndRelease, action, ...holdAndRelease], {
          minLength: holdAndRelease.length * 2 + 1,
          maxLength: holdAndRelease.length * 2 + 1,
        }),
        (steps) => {
          const folded = foldDeliveries([create!, ...steps]);
          expect(folded.stage).toMatchObject({ key: "processing", source: action.source });
        },
      ),
      { numRuns: 100 },
    );
  });
});
