// Stage write-back state per shop (Shop.writeBack* columns) and what it reads: the timeline
// events after the shop's cursor and the orders' current stages.
import { clientOr, type Client } from "./client.server";

export function setWriteBack(
  shop: string,
  settings: { metafield: boolean; tag: boolean },
  client?: Client,
) {
  return clientOr(client).shop.updateMany({
    where: { shop },
    data: { writeBackMetafield: settings.metafield, writeBackTag: settings.tag },
  });
}

/** Shops with write-back on whose next attempt is due at `now`. */
export function shopsDueForWriteBack(now: Date, limit: number, client?: Client) {
  return clientOr(client).shop.findMany({
    where: {
      OR: [{ writeBackMetafield: true }, { writeBackTag: true }],
      AND: [{ OR: [{ writeBackRetryAt: null }, { writeBackRetryAt: { lte: now } }] }],
    },
    select: { shop: true },
    orderBy: { shop: "asc" },
    take: limit,
  });
}

export function findWriteBackState(shop: string, client?: Client) {
  return clientOr(client).shop.findUnique({
    where: { shop },
    select: {
      writeBackMetafield: true,
      writeBackTag: true,
      writeBackCursor: true,
      writeBackAttempts: true,
      writeBackDefinedAt: true,
    },
  });
}

/** Stage changes recorded after `cursor` and before `before` (oldest first). */
export function stageChangesAfter(
  shop: string,
  cursor: number,
  before: Date,
  limit: number,
  client?: Client,
) {
  return clientOr(client).timelineEvent.findMany({
    where: { shop, id: { gt: cursor }, recordedAt: { lte: before } },
    select: { id: true, orderGid: true },
    orderBy: { id: "asc" },
    take: limit,
  });
}

export function currentStages(shop: string, orderGids: string[], client?: Client) {
  return clientOr(client).order.findMany({
    where: { shop, orderGid: { in: orderGids }, deletedAt: null, redactedAt: null },
    select: { orderGid: true, stageKey: true },
  });
}

export function recordWriteBack(
  shop: string,
  data: {
    writeBackCursor?: number;
    writeBackAttempts: number;
    writeBackRetryAt: Date | null;
    writeBackError: string | null;
    writeBackDefinedAt?: Date;
  },
  client?: Client,
) {
  return clientOr(client).shop.updateMany({ where: { shop }, data });
}
