// Self-healing (SPEC §3): once a day per shop, the orders Shopify updated since the last run are
// read again (OrdersUpdatedSince, paginated) and applied through the webhook write path. A
// webhook that never came (Shopify does not guarantee delivery) is thereby made up for: an
// order whose stage changes gets "corrected from Shopify" on its timeline, and the run counts
// the orders it healed.
import { createSyncRun, latestSyncRun, updateSyncRun } from "~/models/sync-runs.server";
import type { AdminGraphql } from "~/shopify/admin-graphql.server";
import { readAdminOrder, unwrapConnections } from "~/shopify/admin-orders";
import {
  ORDERS_UPDATED_SINCE,
  updatedSinceSearch,
  type OrdersPage,
} from "~/shopify/operations/orders-updated-since.server";
import { ingestSyncedOrder } from "./order-ingestion.server";
import { ensureShop } from "./shops.server";

export const CORRECTED_FROM_SHOPIFY = "corrected from Shopify";
export const RECONCILE_EVERY_MS = 24 * 60 * 60 * 1000;
/** A healed stage reached this recently is still announced; older ones are not. */
const NOTIFY_WITHIN_MS = 24 * 60 * 60 * 1000;

/**
 * Re-reads the orders updated since the last run (or since `since`) and heals them. Errors of
 * single orders are counted; an API or database failure ends the run as failed (the next run
 * starts from the last finished one, so nothing is skipped).
 */
export async function reconcileShop(
  admin: AdminGraphql,
  { now = new Date(), since }: { now?: Date; since?: Date } = {},
) {
  const { shop } = admin;
  await ensureShop(shop);
  const last = await latestFinishedReconciliation(shop);
  const from = since ?? last?.startedAt ?? new Date(now.getTime() - RECONCILE_EVERY_MS);
  const run = await createSyncRun(shop, {
    kind: "reconcile",
    status: "applying",
    since: from,
    startedAt: now,
  });
  const progress = { ordersRead: 0, ordersApplied: 0, ordersHealed: 0, errors: 0 };
  let lastError: string | null = null;
  try {
    let after: string | null = null;
    do {
      const page: OrdersPage = await admin.request(ORDERS_UPDATED_SINCE, {
        query: updatedSinceSearch(from),
        after,
      });
      for (const { node } of page.orders.edges) {
        progress.ordersRead++;
        let facts;
        try {
          facts = readAdminOrder(unwrapConnections(node), now.toISOString());
        } catch (error) {
          progress.errors++;
          lastError = `${String(node.id)}: ${error instanceof Error ? error.message : String(error)}`;
          continue;
        }
        const recent = now.getTime() - Date.parse(facts.sourceAt) <= NOTIFY_WITHIN_MS;
        const outcome = await ingestSyncedOrder(shop, facts, {
          source: "shopify",
          notify: recent,
          note: CORRECTED_FROM_SHOPIFY,
        });
        progress.ordersApplied++;
        if (outcome.status === "stored" && outcome.detail?.changed) progress.ordersHealed++;
      }
      after = page.orders.pageInfo.hasNextPage ? page.orders.pageInfo.endCursor : null;
    } while (after);
  } catch (error) {
    await updateSyncRun(shop, run.id, null, {
      ...progress,
      status: "failed",
      lastError: (error instanceof Error ? error.message : String(error)).slice(0, 500),
      finishedAt: new Date(),
    });
    throw error;
  }
  await updateSyncRun(shop, run.id, null, {
    ...progress,
    lastError: lastError?.slice(0, 500) ?? null,
    status: "finished",
    finishedAt: new Date(),
  });
  return { ...run, ...progress, status: "finished" as const };
}

function latestFinishedReconciliation(shop: string) {
  return latestSyncRun(shop, "reconcile", "finished");
}

/** Whether the shop's daily reconciliation is due at `now`. */
export async function reconciliationDue(shop: string, now: Date): Promise<boolean> {
  const latest = await latestSyncRun(shop, "reconcile");
  return !latest || now.getTime() - latest.startedAt.getTime() >= RECONCILE_EVERY_MS;
}
