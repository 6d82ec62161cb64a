// Stage write-back (SPEC §3, §4; off by default): the order's stage as the app-owned metafield
// `$app:stageline.stage` (with a definition, so merchants filter orders by it in Shopify admin)
// and/or the tag `stage:<key>` (other stage tags removed).
//
// Never inside ingestion: a job reads the shop's timeline after a cursor, i.e. stage changes
// already committed, and writes each changed order's *current* stage — so it is idempotent
// (writing it twice changes nothing, tags are sets) and a burst of changes is one write. The
// Admin client waits out THROTTLED, 429 and 5xx; a write that still fails keeps the cursor and
// is retried with exponential backoff. Changes are picked up a few seconds after they were
// recorded, so a transaction that took an earlier id but committed later is not skipped.
import { listStages } from "~/models/stages.server";
import {
  currentStages,
  findWriteBackState,
  recordWriteBack,
  stageChangesAfter,
} from "~/models/write-back.server";
import type { AdminGraphql } from "~/shopify/admin-graphql.server";
import { ORDER_STAGE_METAFIELD_SET } from "~/shopify/operations/order-stage-metafield-set.server";
import { ORDER_TAGS_ADD } from "~/shopify/operations/order-tags-add.server";
import { ORDER_TAGS_REMOVE } from "~/shopify/operations/order-tags-remove.server";
import {
  STAGE_METAFIELD_DEFINITION,
  STAGE_METAFIELD_DEFINITION_CREATE,
} from "~/shopify/operations/stage-metafield-definition-create.server";
import { STAGE_METAFIELD, stageTag } from "~/shopify/operations/write-back-shared";

const BATCH = 50;
const SETTLE_MS = 5000;
const BASE_RETRY_MS = 30_000;
const MAX_RETRY_MS = 60 * 60 * 1000;

class UserErrors extends Error {}

function check(errors: { message: string; code?: string | null }[] | undefined, what: string) {
  if (errors && errors.length > 0) {
    throw new UserErrors(`${what}: ${errors.map((e) => e.message).join("; ")}`);
  }
}

export type WriteBackOutcome =
  | { status: "off" }
  | { status: "written"; orders: number; cursor: number }
  | { status: "retrying"; attempts: number; retryAt: Date; error: string };

/** Writes back the stages of the shop's orders changed since the last run (one batch). */
export async function writeBackShop(
  admin: AdminGraphql,
  { now = new Date(), settleMs = SETTLE_MS } = {},
): Promise<WriteBackOutcome> {
  const { shop } = admin;
  const state = await findWriteBackState(shop);
  if (!state || (!state.writeBackMetafield && !state.writeBackTag)) return { status: "off" };
  try {
    let definedAt: Date | undefined;
    if (state.writeBackMetafield && !state.writeBackDefinedAt) {
      const created = await admin.request(STAGE_METAFIELD_DEFINITION_CREATE, {
        definition: STAGE_METAFIELD_DEFINITION,
      });
      const errors = created.metafieldDefinitionCreate?.userErrors ?? [];
      // TAKEN: the definition exists already (an earlier attempt, or a reinstall).
      check(
        errors.filter((e) => e.code !== "TAKEN"),
        "metafield definition",
      );
      definedAt = now;
    }
    const changes = await stageChangesAfter(
      shop,
      state.writeBackCursor,
      new Date(now.getTime() - settleMs),
      BATCH,
    );
    const orders = await currentStages(shop, [...new Set(changes.map((c) => c.orderGid))]);
    if (state.writeBackTag && orders.length > 0) {
      const allTags = (await listStages(shop)).map((stage) => stageTag(stage.key));
      for (const order of orders) {
        const current = stageTag(order.stageKey);
        const removed = await admin.request(ORDER_TAGS_REMOVE, {
          id: order.orderGid,
          tags: allTags.filter((tag) => tag !== current),
        });
        check(removed.tagsRemove?.userErrors, `tagsRemove ${order.orderGid}`);
        const added = await admin.request(ORDER_TAGS_ADD, { id: order.orderGid, tags: [current] });
        check(added.tagsAdd?.userErrors, `tagsAdd ${order.orderGid}`);
      }
    }
    if (state.writeBackMetafield) {
      for (let i = 0; i < orders.length; i += 25) {
        const set = await admin.request(ORDER_STAGE_METAFIELD_SET, {
          metafields: orders.slice(i, i + 25).map((order) => ({
            ownerId: order.orderGid,
            ...STAGE_METAFIELD,
            type: "single_line_text_field",
            value: order.stageKey,
          })),
        });
        check(set.metafieldsSet?.userErrors, "metafieldsSet");
      }
    }
    const cursor = changes.at(-1)?.id ?? state.writeBackCursor;
    await recordWriteBack(shop, {
      writeBackCursor: cursor,
      writeBackAttempts: 0,
      writeBackRetryAt: null,
      writeBackError: null,
      ...(definedAt ? { writeBackDefinedAt: definedAt } : {}),
    });
    return { status: "written", orders: orders.length, cursor };
  } catch (error) {
    const attempts = state.writeBackAttempts + 1;
    const retryAt = new Date(
      now.getTime() + Math.min(BASE_RETRY_MS * 2 ** (attempts - 1), MAX_RETRY_MS),
    );
    const message = (error instanceof Error ? error.message : String(error)).slice(0, 500);
    await recordWriteBack(shop, {
      writeBackAttempts: attempts,
      writeBackRetryAt: retryAt,
      writeBackError: message,
    });
    return { status: "retrying", attempts, retryAt, error: message };
  }
}
