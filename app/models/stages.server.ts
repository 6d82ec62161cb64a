import type { StageDefinition } from "~/domain/stages";
import { clientOr, isUniqueViolation, type Client } from "./client.server";
import { forgetShopStages } from "./stage-cache.server";

export type StageRow = Awaited<ReturnType<typeof listStages>>[number];

export function listStages(shop: string, client?: Client) {
  return clientOr(client).stage.findMany({ where: { shop }, orderBy: { position: "asc" } });
}

/**
 * Inserts the given stage definitions, leaving existing keys untouched. Safe when the first
 * deliveries of a new shop run it concurrently: a stage another one inserted meanwhile is
 * skipped. Call it outside a transaction (on PostgreSQL a unique violation aborts one).
 */
export async function insertMissingStages(
  shop: string,
  definitions: readonly StageDefinition[],
  client?: Client,
) {
  const c = clientOr(client);
  const existing = new Set(
    (await c.stage.findMany({ where: { shop }, select: { key: true } })).map((s) => s.key),
  );
  const missing = definitions.filter((d) => !existing.has(d.key));
  let inserted = 0;
  for (const d of missing) {
    try {
      await insertStage(c, shop, d);
      inserted++;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  }
  if (inserted > 0) forgetShopStages(shop);
  return inserted;
}

function insertStage(c: Client, shop: string, d: StageDefinition) {
  return c.stage.create({
    data: {
      shop,
      key: d.key,
      labels: JSON.stringify(d.labels),
      descriptions: JSON.stringify(d.descriptions),
      internalName: d.labels.en,
      color: d.color,
      icon: d.icon,
      position: d.position,
      kind: d.kind,
      exception: d.exception,
      visibleToCustomer: d.visibleToCustomer,
      notifyCustomer: d.notifyCustomer,
      expectedBusinessDays: d.expectedBusinessDays,
    },
  });
}

export function findStage(shop: string, key: string, client?: Client) {
  return clientOr(client).stage.findUnique({ where: { shop_key: { shop, key } } });
}

export function setStageNotify(
  shop: string,
  key: string,
  notifyCustomer: boolean,
  client?: Client,
) {
  return clientOr(client).stage.updateMany({ where: { shop, key }, data: { notifyCustomer } });
}
