// The merchant's writes of stages (SPEC §4): create, edit, reorder, delete. Positions stay a
// dense 0..n-1 sequence; every write tells the per-process stage caches to forget the shop.
import { STAGE_KEYS, type StageColor } from "~/domain/stages";
import { db } from "~/db.server";
import type { Client } from "./client.server";
import { forgetShopStages } from "./stage-cache.server";

export interface StageWrite {
  labels: Record<string, string>;
  descriptions: Record<string, string>;
  internalName: string;
  color: StageColor;
  icon: string;
  visibleToCustomer: boolean;
  notifyCustomer: boolean;
  expectedBusinessDays: number | null;
}

async function placeAt(tx: Client, shop: string, keysInOrder: readonly string[]) {
  for (let i = 0; i < keysInOrder.length; i++) {
    await tx.stage.updateMany({ where: { shop, key: keysInOrder[i]! }, data: { position: i } });
  }
}

async function keysByPosition(tx: Client, shop: string) {
  const rows = await tx.stage.findMany({
    where: { shop },
    orderBy: { position: "asc" },
    select: { key: true },
  });
  return rows.map((r) => r.key);
}

/** Adds a custom stage at `position` (clamped), moving later stages down. */
export async function createCustomStage(
  shop: string,
  key: string,
  position: number,
  stage: StageWrite,
) {
  await db().$transaction(async (tx) => {
    const keys = await keysByPosition(tx, shop);
    await tx.stage.create({
      data: {
        shop,
        key,
        ...stage,
        labels: JSON.stringify(stage.labels),
        descriptions: JSON.stringify(stage.descriptions),
        position: keys.length,
        kind: "custom",
        exception: false,
      },
    });
    const at = Math.max(0, Math.min(position, keys.length));
    await placeAt(tx, shop, [...keys.slice(0, at), key, ...keys.slice(at)]);
  });
  forgetShopStages(shop);
}

/** Edits a stage and moves it to `position`; false when the shop has no such stage. */
export async function updateStage(shop: string, key: string, position: number, stage: StageWrite) {
  const found = await db().$transaction(async (tx) => {
    const { count } = await tx.stage.updateMany({
      where: { shop, key },
      data: {
        ...stage,
        labels: JSON.stringify(stage.labels),
        descriptions: JSON.stringify(stage.descriptions),
      },
    });
    if (count === 0) return false;
    const keys = (await keysByPosition(tx, shop)).filter((k) => k !== key);
    const at = Math.max(0, Math.min(position, keys.length));
    await placeAt(tx, shop, [...keys.slice(0, at), key, ...keys.slice(at)]);
    return true;
  });
  forgetShopStages(shop);
  return found;
}

/** Stores a new order of the shop's stages (the caller checked it is a permutation). */
export async function reorderStages(shop: string, keysInOrder: readonly string[]) {
  await db().$transaction((tx) => placeAt(tx, shop, keysInOrder));
  forgetShopStages(shop);
}

/** Deletes a custom stage and its email templates; positions close up. */
export async function deleteCustomStage(shop: string, key: string) {
  const deleted = await db().$transaction(async (tx) => {
    const { count } = await tx.stage.deleteMany({
      where: { shop, kind: "custom", key: { equals: key, notIn: [...STAGE_KEYS] } },
    });
    if (count === 0) return false;
    await tx.emailTemplate.deleteMany({ where: { shop, stageKey: key } });
    await placeAt(tx, shop, await keysByPosition(tx, shop));
    return true;
  });
  forgetShopStages(shop);
  return deleted;
}
