// Backfill and reconciliation runs and their progress (SyncRun rows).
import { clientOr, type Client } from "./client.server";

export type SyncKind = "backfill" | "reconcile";
export type SyncStatus = "starting" | "running" | "applying" | "finished" | "failed";

/** Statuses of a run that still has work to do. */
export const UNFINISHED: SyncStatus[] = ["starting", "running", "applying"];

export function createSyncRun(
  shop: string,
  input: { kind: SyncKind; status: SyncStatus; since: Date | null; startedAt: Date },
  client?: Client,
) {
  return clientOr(client).syncRun.create({ data: { shop, ...input } });
}

export type SyncRunRow = Awaited<ReturnType<typeof createSyncRun>>;

export function findSyncRun(shop: string, id: number, client?: Client) {
  return clientOr(client).syncRun.findFirst({ where: { shop, id } });
}

/** The shop's newest run of `kind` (with `status`, when given), or null. */
export function latestSyncRun(shop: string, kind: SyncKind, status?: SyncStatus, client?: Client) {
  return clientOr(client).syncRun.findFirst({
    where: { shop, kind, ...(status ? { status } : {}) },
    orderBy: [{ startedAt: "desc" }, { id: "desc" }],
  });
}

export function unfinishedSyncRun(shop: string, kind: SyncKind, client?: Client) {
  return clientOr(client).syncRun.findFirst({
    where: { shop, kind, status: { in: UNFINISHED } },
    orderBy: { id: "desc" },
  });
}

export function findSyncRunByOperation(shop: string, operationGid: string, client?: Client) {
  return clientOr(client).syncRun.findFirst({ where: { shop, operationGid } });
}

export type SyncRunUpdate = Partial<
  Pick<
    SyncRunRow,
    | "status"
    | "operationGid"
    | "resultUrl"
    | "checkedAt"
    | "linesDone"
    | "ordersRead"
    | "ordersApplied"
    | "ordersHealed"
    | "errors"
    | "lastError"
    | "finishedAt"
  >
>;

/**
 * Updates the run while `owner` holds its lease (null: the caller created it and holds no
 * lease), extending the lease to `leaseUntil`. False when another worker took it over.
 */
export async function updateSyncRun(
  shop: string,
  id: number,
  owner: string | null,
  data: SyncRunUpdate & { leaseUntil?: Date | null },
  client?: Client,
) {
  const { count } = await clientOr(client).syncRun.updateMany({
    where: { shop, id, ...(owner ? { leaseOwner: owner } : {}) },
    data,
  });
  return count > 0;
}

/** Unfinished runs of every shop whose lease is free at `now` (oldest first). */
export function dueSyncRuns(now: Date, limit: number, client?: Client) {
  return clientOr(client).syncRun.findMany({
    where: {
      status: { in: UNFINISHED },
      OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }],
    },
    orderBy: { id: "asc" },
    take: limit,
  });
}

/** Takes the run's lease when it is free; false when another worker holds it. */
export async function claimSyncRun(
  shop: string,
  id: number,
  owner: string,
  now: Date,
  until: Date,
  client?: Client,
) {
  const { count } = await clientOr(client).syncRun.updateMany({
    where: {
      shop,
      id,
      status: { in: UNFINISHED },
      OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }],
    },
    data: { leaseOwner: owner, leaseUntil: until },
  });
  return count > 0;
}

/** The shop's newest `limit` runs of `kind`, newest first. */
export function recentSyncRuns(shop: string, kind: SyncKind, limit: number, client?: Client) {
  return clientOr(client).syncRun.findMany({
    where: { shop, kind },
    orderBy: [{ startedAt: "desc" }, { id: "desc" }],
    take: limit,
  });
}
