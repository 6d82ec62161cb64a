// Undoing a merchant's stage change (SPEC §7): the emails it queued that are not sent yet are
// cancelled, so a shopper never hears of a stage the merchant took back.
import { clientOr, type Client } from "./client.server";

export const UNDONE_EMAIL_ERROR = "cancelled: the stage change was undone";

/** Cancels the shop's queued stage emails of these orders for `stageKey`, created since `since`. */
export async function cancelQueuedStageEmails(
  shop: string,
  orderGids: readonly string[],
  stageKey: string,
  since: Date,
  client?: Client,
) {
  const { count } = await clientOr(client).emailOutbox.updateMany({
    where: {
      shop,
      orderGid: { in: [...orderGids] },
      stageKey,
      status: "queued",
      isTest: false,
      createdAt: { gte: since },
    },
    data: { status: "skipped", lastError: UNDONE_EMAIL_ERROR },
  });
  return count;
}
