import { z } from "zod";

/** The app-owned metafield holding an order's stage key (SPEC §3: `$app:stageline.stage`). */
export const STAGE_METAFIELD = { namespace: "$app:stageline", key: "stage" } as const;

/** The order tag naming a stage. */
export function stageTag(stageKey: string): string {
  return `stage:${stageKey}`;
}

export const userErrors = z.array(
  z.object({
    field: z.array(z.string()).nullish(),
    message: z.string(),
    code: z.string().nullish(),
  }),
);
