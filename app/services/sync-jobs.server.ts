// The background side of backfill, write-back and reconciliation. Every few seconds a worker
// moves on the unfinished backfill runs whose lease is free (services/backfill.server.ts),
// writes stages back for shops that asked for it (services/write-back.server.ts) and
// reconciles the shops whose daily run is due (services/reconciliation.server.ts). Several
// workers may run this: a backfill's lease keeps it with one of them; two workers writing back
// or reconciling one shop at the same moment do the same idempotent writes twice.
import crypto from "node:crypto";
import { installedShops } from "~/models/sessions.server";
import { dueSyncRuns, updateSyncRun } from "~/models/sync-runs.server";
import { shopsDueForWriteBack } from "~/models/write-back.server";
import type { AdminGraphql } from "~/shopify/admin-graphql.server";
import { advanceBackfill, type SyncWorkOptions } from "./backfill.server";
import { reconcileShop, reconciliationDue } from "./reconciliation.server";
import { writeBackShop } from "./write-back.server";

export type AdminFor = (shop: string) => Promise<AdminGraphql | null>;

/** Moves every due run on once; returns how many were looked at. */
export async function runDueSyncWork(
  adminFor: AdminFor,
  options: SyncWorkOptions,
  now = new Date(),
): Promise<number> {
  const runs = await dueSyncRuns(now, 10);
  for (const run of runs) {
    const admin = await adminFor(run.shop);
    if (!admin) {
      // Uninstalled meanwhile: its token is gone, and so is the point of the run.
      await updateSyncRun(run.shop, run.id, null, {
        status: "failed",
        lastError: "the app is not installed (no offline session)",
        finishedAt: now,
      });
      continue;
    }
    if (run.kind === "backfill") {
      await advanceBackfill(admin, run.id, options).catch((error: unknown) => {
        console.warn(`stageline: backfill ${run.id} of ${run.shop} stopped; it resumes`, error);
      });
    }
  }
  return runs.length;
}

/** One write-back batch for each shop with write-back on whose next attempt is due. */
export async function runDueWriteBacks(adminFor: AdminFor, now = new Date(), limit = 20) {
  const shops = await shopsDueForWriteBack(now, limit);
  for (const { shop } of shops) {
    const admin = await adminFor(shop);
    if (admin) await writeBackShop(admin, { now });
  }
  return shops.length;
}

/** Reconciles up to `limit` installed shops whose daily run is due; returns how many. */
export async function runDueReconciliations(adminFor: AdminFor, now = new Date(), limit = 3) {
  let done = 0;
  for (const shop of await installedShops()) {
    if (done >= limit) break;
    if (!(await reconciliationDue(shop, now))) continue;
    const admin = await adminFor(shop);
    if (!admin) continue;
    done++;
    await reconcileShop(admin, { now }).catch((error: unknown) => {
      console.warn(`stageline: reconciling ${shop} failed; the next run covers it`, error);
    });
  }
  return done;
}

const RECONCILE_CHECK_MS = 10 * 60 * 1000;

export interface SyncWork {
  stop(): Promise<void>;
}

/** Runs runDueSyncWork every `intervalMs`, one pass at a time. */
export function startSyncWork(adminFor: AdminFor, intervalMs = 5000): SyncWork {
  const owner = `sync-${process.pid}-${crypto.randomBytes(4).toString("hex")}`;
  let pass: Promise<unknown> = Promise.resolve();
  let nextReconcileCheck = 0;
  let stopped = false;
  const tick = () => {
    if (stopped) return;
    pass = runDueSyncWork(adminFor, { owner })
      .then(() => runDueWriteBacks(adminFor))
      .then(async () => {
        // Which shops are due changes slowly: look every few minutes, not every pass.
        if (Date.now() < nextReconcileCheck) return;
        const done = await runDueReconciliations(adminFor);
        if (done === 0) nextReconcileCheck = Date.now() + RECONCILE_CHECK_MS;
      })
      .catch((error: unknown) => console.warn("stageline: sync pass failed", error))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, intervalMs);
      });
  };
  let timer = setTimeout(tick, 0);
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await pass;
    },
  };
}
