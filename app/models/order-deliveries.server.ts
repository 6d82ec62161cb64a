// The write path of a webhook delivery about an order: receipt (dedupe), order facts and stage,
// timeline event, all in one transaction. Prepared statements on the driver, not Prisma: this
// runs for every delivery (docs/decisions/005). What it writes is exactly what the Prisma
// models write, so everything else keeps reading it through Prisma.
//
// The caller's `decide` runs inside the transaction, on the order as it is now (locked: SQLite
// has one writer at a time, PostgreSQL takes the row with FOR UPDATE), and says what to write.
// It must be synchronous and pure: on SQLite the whole transaction runs without yielding to the
// event loop, and on a conflict it runs again.
import { currentProvider, postgresPool, sqliteDatabase } from "~/db.server";
import { PostgresDeliveryStore } from "./order-deliveries/postgresql.server";
import { SqliteDeliveryStore } from "./order-deliveries/sqlite.server";
import {
  OrderConflict,
  type DeliveryReceipt,
  type DeliveryResult,
  type DeliveryStore,
  type OrderChange,
  type OrderState,
} from "./order-deliveries/types";
import type { StagePosition } from "./stage-cache.server";

export type {
  DeliveryReceipt,
  DeliveryResult,
  IdentityFields,
  NewOrderFields,
  OrderChange,
  OrderState,
  OrderUpdateFields,
  StageChangeFields,
  StageEmail,
  TimelineEventFields,
} from "./order-deliveries/types";
export type { StagePosition } from "./stage-cache.server";

/** Attempts when concurrent deliveries create the same order (PostgreSQL). */
const MAX_ATTEMPTS = 5;

declare global {
  // One store per connection; survives dev-server module reloads with the connection.
  var __stagelineDeliveryStore: { owner: object; store: DeliveryStore } | undefined;
}

function store(): DeliveryStore {
  if (currentProvider() === "postgresql") {
    const pool = postgresPool();
    const cached = globalThis.__stagelineDeliveryStore;
    if (cached?.owner === pool) return cached.store;
    globalThis.__stagelineDeliveryStore = { owner: pool, store: new PostgresDeliveryStore(pool) };
  } else {
    const database = sqliteDatabase();
    const cached = globalThis.__stagelineDeliveryStore;
    if (cached?.owner === database) return cached.store;
    globalThis.__stagelineDeliveryStore = {
      owner: database,
      store: new SqliteDeliveryStore(database),
    };
  }
  return globalThis.__stagelineDeliveryStore.store;
}

async function withRetries<T>(attempt: () => Promise<T>): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof OrderConflict) || n >= MAX_ATTEMPTS) throw error;
    }
  }
}

/**
 * Records the delivery `receipt` of `shop` and applies what `decide` returns to the order, in
 * one transaction. A receipt recorded before (same shop and event id) writes nothing and
 * returns `{ duplicate: true }`, also when the two deliveries run concurrently.
 */
export function recordOrderDelivery<T>(
  shop: string,
  receipt: DeliveryReceipt,
  orderGid: string,
  decide: (order: OrderState | null, stages: readonly StagePosition[]) => OrderChange<T>,
): Promise<DeliveryResult<T>> {
  return withRetries(() => store().recordDelivery(shop, receipt, orderGid, decide));
}

/**
 * Applies what `decide` returns to the order, in one transaction, for a change made in the app
 * (a merchant's stage change): the same writes as a delivery, without a receipt.
 */
export async function recordOrderChange<T>(
  shop: string,
  orderGid: string,
  decide: (order: OrderState | null, stages: readonly StagePosition[]) => OrderChange<T>,
): Promise<T> {
  const done = await withRetries(() => store().recordDelivery(shop, null, orderGid, decide));
  if (done.duplicate) throw new Error("a change without a receipt cannot be a duplicate");
  return done.result;
}

/** Records the delivery and marks the order deleted (orders/delete), in one transaction. */
export function recordOrderDeletion(
  shop: string,
  receipt: DeliveryReceipt,
  orderGid: string,
  at: Date,
): Promise<DeliveryResult<{ deleted: boolean }>> {
  return store().recordDeletion(shop, receipt, orderGid, at);
}
