// Queues the email that announces a stage change, inside the transaction of the change itself.
import { env } from "~/env.server";
import type { Client } from "~/models/client.server";
import { enqueueEmail, supersedeQueuedEmails } from "~/models/email-outbox.server";
import { findShop } from "~/models/shops.server";
import { findStage } from "~/models/stages.server";

export interface StageEntry {
  orderGid: string;
  toKey: string;
  timelineEventId: number;
  recipient: string | null;
  locale: string | null;
  now: Date;
}

/** Seconds a stage email waits for later changes of the same order (SPEC §6 coalescing). */
export async function coalesceSeconds(shop: string, client?: Client): Promise<number> {
  return (await findShop(shop, client))?.emailCoalesceSeconds ?? env().EMAIL_COALESCE_SECONDS;
}

/** Returns the queued row, or null when the stage does not notify or there is nobody to tell. */
export async function queueStageEmail(tx: Client, shop: string, entry: StageEntry) {
  const stage = await findStage(shop, entry.toKey, tx);
  if (!stage?.notifyCustomer || !entry.recipient) return null;
  const window = await coalesceSeconds(shop, tx);
  const row = await enqueueEmail(
    shop,
    {
      orderGid: entry.orderGid,
      stageKey: entry.toKey,
      dedupeKey: `${entry.orderGid}#${entry.timelineEventId}`,
      timelineEventId: entry.timelineEventId,
      recipient: entry.recipient,
      locale: (entry.locale || "en").toLowerCase(),
      dueAt: new Date(entry.now.getTime() + window * 1000),
    },
    tx,
  );
  if (row && window > 0) await supersedeQueuedEmails(shop, entry.orderGid, row.id, tx);
  return row;
}
