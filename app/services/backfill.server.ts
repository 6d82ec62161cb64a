// Day-one backfill (SPEC §3): a bulk operation over the shop's open orders and those of the
// last BACKFILL_WINDOW_DAYS, its JSONL result streamed and applied through the webhook write
// path (source `backfill`, no emails: these stages were reached in the past; each section
// guarded by its timestamp, so newer webhook facts win).
//
// A run is a SyncRun row: starting → running (Shopify builds the result) → applying →
// finished | failed. Completion is seen through bulk_operations/finish, with polling as the
// fallback. Progress (JSONL lines applied, at order boundaries) is checkpointed, so a run
// interrupted by a crash resumes where it stopped; orders applied again after the last
// checkpoint change nothing (the fold is idempotent).
import { findBulkOperation } from "~/models/bulk-operations.server";
import {
  claimSyncRun,
  createSyncRun,
  findSyncRun,
  unfinishedSyncRun,
  updateSyncRun,
  type SyncRunRow,
} from "~/models/sync-runs.server";
import type { AdminGraphql } from "~/shopify/admin-graphql.server";
import { readAdminOrder } from "~/shopify/admin-orders";
import { bodyLines, bulkOrders } from "~/shopify/bulk-jsonl.server";
import { BACKFILL_ORDERS, backfillSearch } from "~/shopify/operations/backfill-orders.server";
import { BULK_OPERATION_RUN_QUERY } from "~/shopify/operations/bulk-operation-run-query.server";
import { BULK_OPERATION_STATUS } from "~/shopify/operations/bulk-operation-status.server";
import { ingestSyncedOrder } from "./order-ingestion.server";
import { ensureShop } from "./shops.server";

export const BACKFILL_WINDOW_DAYS = 60;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface SyncWorkOptions {
  /** Who holds a run's lease while advancing it. */
  owner: string;
  clock?: () => Date;
  leaseMs?: number;
  /** Without bulk_operations/finish, Shopify is asked this often whether the run is done. */
  pollFallbackMs?: number;
  /** Progress is stored after this many orders. */
  checkpointEvery?: number;
  /** Orders applied at the same time. */
  concurrency?: number;
  /** Fetches the JSONL result. */
  fetch?: typeof fetch;
}

const DEFAULTS = { leaseMs: 60_000, pollFallbackMs: 30_000, checkpointEvery: 500, concurrency: 8 };

class LeaseLost extends Error {}

/**
 * Starts a backfill of the shop, unless one is under way (that one is returned). A bulk
 * operation Shopify refuses (e.g. another is running) ends the run as failed, with the reason.
 */
export async function startBackfill(
  admin: AdminGraphql,
  { now = new Date(), windowDays = BACKFILL_WINDOW_DAYS } = {},
): Promise<SyncRunRow> {
  const { shop } = admin;
  const running = await unfinishedSyncRun(shop, "backfill");
  if (running) return running;
  const since = new Date(now.getTime() - windowDays * DAY_MS);
  const run = await createSyncRun(shop, {
    kind: "backfill",
    status: "starting",
    since,
    startedAt: now,
  });
  let started;
  try {
    started = await admin.request(BULK_OPERATION_RUN_QUERY, {
      query: BACKFILL_ORDERS.withSearch(backfillSearch(since)),
    });
  } catch (error) {
    // Shopify did not answer (after the client's retries): no operation is known to run.
    await updateSyncRun(shop, run.id, null, {
      status: "failed",
      lastError: error instanceof Error ? error.message : String(error),
      finishedAt: now,
    });
    return (await findSyncRun(shop, run.id))!;
  }
  const { bulkOperation, userErrors } = started.bulkOperationRunQuery;
  if (!bulkOperation) {
    const reason = userErrors.map((e) => e.message).join("; ") || "no bulk operation started";
    await updateSyncRun(shop, run.id, null, {
      status: "failed",
      lastError: reason,
      finishedAt: now,
    });
  } else {
    await updateSyncRun(shop, run.id, null, {
      status: "running",
      operationGid: bulkOperation.id,
    });
  }
  return (await findSyncRun(shop, run.id))!;
}

/**
 * Moves a backfill run on as far as it can now: asks Shopify whether the bulk operation is
 * done (when bulk_operations/finish said so, or the poll interval passed), then applies its
 * result. Returns the run as stored afterwards; nothing happens while another worker holds it.
 */
export async function advanceBackfill(
  admin: AdminGraphql,
  runId: number,
  options: SyncWorkOptions,
): Promise<SyncRunRow | null> {
  const { shop } = admin;
  const o = { ...DEFAULTS, ...options };
  const clock = o.clock ?? (() => new Date());
  const now = clock();
  const leaseUntil = () => new Date(clock().getTime() + o.leaseMs);
  if (!(await claimSyncRun(shop, runId, o.owner, now, leaseUntil()))) {
    return findSyncRun(shop, runId);
  }
  try {
    let run = (await findSyncRun(shop, runId))!;
    if (run.status === "starting") {
      // Interrupted before Shopify answered: whether an operation started is unknown.
      await updateSyncRun(shop, run.id, o.owner, {
        status: "failed",
        lastError: "interrupted while starting; start it again",
        finishedAt: now,
      });
    } else if (run.status === "running" && run.operationGid) {
      const finished = await findBulkOperation(shop, run.operationGid);
      const lastAsked = run.checkedAt ?? run.startedAt;
      const pollDue = now.getTime() - lastAsked.getTime() >= o.pollFallbackMs;
      if (finished || pollDue) await pollBulkOperation(admin, run, o.owner, now);
    }
    run = (await findSyncRun(shop, runId))!;
    if (run.status === "applying") await applyBulkResult(shop, run, { ...o, clock, leaseUntil });
  } finally {
    await updateSyncRun(shop, runId, o.owner, { leaseUntil: null });
  }
  return findSyncRun(shop, runId);
}

async function pollBulkOperation(admin: AdminGraphql, run: SyncRunRow, owner: string, now: Date) {
  const { node } = await admin.request(BULK_OPERATION_STATUS, { id: run.operationGid! });
  const status = node?.status ?? "MISSING";
  if (status === "COMPLETED") {
    await updateSyncRun(
      admin.shop,
      run.id,
      owner,
      // Without a URL no order matched: nothing to apply.
      node?.url
        ? { status: "applying", resultUrl: node.url, checkedAt: now }
        : { status: "finished", finishedAt: now, checkedAt: now },
    );
  } else if (["FAILED", "CANCELED", "EXPIRED", "MISSING"].includes(status)) {
    await updateSyncRun(admin.shop, run.id, owner, {
      status: "failed",
      lastError: `bulk operation ${status.toLowerCase()}${node?.errorCode ? `: ${node.errorCode}` : ""}`,
      finishedAt: now,
    });
  } else {
    // Still running: the next poll waits a full interval.
    await updateSyncRun(admin.shop, run.id, owner, { checkedAt: now });
  }
}

async function applyBulkResult(
  shop: string,
  run: SyncRunRow,
  o: typeof DEFAULTS & SyncWorkOptions & { clock: () => Date; leaseUntil: () => Date },
) {
  await ensureShop(shop);
  const response = await (o.fetch ?? fetch)(run.resultUrl!);
  if (!response.ok || !response.body) {
    throw new Error(`bulk result of ${shop}: HTTP ${response.status}`);
  }
  // Shopify took the snapshot after the run started: facts without a time of their own are
  // dated then, so webhooks triggered later still win.
  const snapshotAt = run.startedAt.toISOString();
  const progress = {
    linesDone: run.linesDone,
    ordersRead: run.ordersRead,
    ordersApplied: run.ordersApplied,
    errors: run.errors,
    lastError: run.lastError,
  };
  // Orders are independent: a few are applied at once (PostgreSQL overlaps their round trips).
  // Progress counts an order, and moves past its lines, only once every order before it is
  // stored, so a checkpoint never counts an order a resumed run will apply again.
  type Pending = {
    applied: Promise<boolean>;
    read: boolean;
    error: string | null;
    endLine: number | null;
  };
  const inFlight: Pending[] = [];
  let sinceCheckpoint = 0;
  const settleOldest = async () => {
    const oldest = inFlight.shift()!;
    const applied = await oldest.applied;
    if (oldest.read) progress.ordersRead++;
    if (applied) progress.ordersApplied++;
    if (oldest.error) {
      progress.errors++;
      progress.lastError = oldest.error.slice(0, 500);
    }
    if (oldest.endLine === null) return;
    progress.linesDone = oldest.endLine;
    if (++sinceCheckpoint >= o.checkpointEvery) {
      sinceCheckpoint = 0;
      const kept = await updateSyncRun(shop, run.id, o.owner, {
        ...progress,
        leaseUntil: o.leaseUntil(),
      });
      if (!kept) throw new LeaseLost();
    }
  };
  try {
    for await (const entry of bulkOrders(bodyLines(response.body), run.linesDone)) {
      if (entry.kind === "error") {
        const none = Promise.resolve(false);
        inFlight.push({ applied: none, read: false, error: entry.error, endLine: null });
        continue;
      }
      let facts;
      let error: string | null = null;
      try {
        facts = readAdminOrder(entry.order, snapshotAt);
      } catch (cause) {
        error = `${String(entry.order.id)}: ${cause instanceof Error ? cause.message : String(cause)}`;
      }
      // A database error propagates: the run stays "applying" and resumes from the checkpoint.
      const applied = facts
        ? ingestSyncedOrder(shop, facts, { source: "backfill", notify: false, note: null }).then(
            () => true,
          )
        : Promise.resolve(false);
      applied.catch(() => {}); // awaited in settleOldest; never an unhandled rejection
      inFlight.push({ applied, read: true, error, endLine: entry.endLine });
      if (inFlight.length >= o.concurrency) await settleOldest();
    }
    while (inFlight.length > 0) await settleOldest();
  } catch (error) {
    await Promise.allSettled(inFlight.map((f) => f.applied));
    if (error instanceof LeaseLost) return; // another worker took the run over
    throw error;
  }
  await updateSyncRun(shop, run.id, o.owner, {
    ...progress,
    status: "finished",
    finishedAt: o.clock(),
  });
}
