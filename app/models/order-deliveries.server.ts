// The one write path of an order's stage (docs/decisions/005, 009): receipt (dedupe), order
// facts and stage, timeline event and the stage's outbox email, in one transaction. Prepared
// statements on the driver, not Prisma: this runs for every delivery. What it writes is exactly
// what the Prisma models write, so everything else keeps reading it through Prisma.
//
// Each statement is written once, and the transaction once, as a generator body (see
// ./sql/connection.server.ts) that SQLite runs synchronously and PostgreSQL with awaits. The
// caller's `decide` runs inside the transaction, on the order as it is now (locked: SQLite has
// one writer at a time, PostgreSQL takes the row with FOR UPDATE) and says what to write. It
// must be synchronous and pure (a domain function such as foldDelivery or chooseStage): on a
// conflict or a busy lock it runs again.
import type {
  NewOrderFields,
  OrderChange,
  OrderState,
  StageEmail,
  StagePosition,
  TimelineEventFields,
} from "~/domain/order-fold";
import {
  all,
  run,
  sql,
  toBool,
  toDate,
  type Sql,
  type SqlStep,
  type SqlValue,
  type TransactionBody,
} from "./sql/connection.server";
import { stagePositionCache } from "./stage-cache.server";

export type {
  IdentityFields,
  NewOrderFields,
  OrderChange,
  OrderState,
  OrderUpdateFields,
  StageChangeFields,
  StageEmail,
  StagePosition,
  TimelineEventFields,
} from "~/domain/order-fold";

export interface DeliveryReceipt {
  /** X-Shopify-Event-Id, else X-Shopify-Webhook-Id. */
  eventId: string;
  topic: string;
  webhookId: string | null;
  triggeredAt: Date | null;
  /** A replay of a delivery kept as rejected: its rejected receipt is replaced by this one. */
  replacesRejected?: boolean;
}

export type DeliveryResult<T> = { duplicate: true } | { duplicate: false; result: T };

/** What a write decides, on the order as locked in the transaction and the shop's stages. */
export type Decide<T> = (
  order: OrderState | null,
  stages: readonly StagePosition[],
) => OrderChange<T>;

export const SUPERSEDED_EMAIL_ERROR = "superseded by a newer stage of the order";

export function emailDedupeKey(orderGid: string, timelineEventId: number): string {
  return `${orderGid}#${timelineEventId}`;
}

/** The order changed between read and write: the transaction was rolled back; try again. */
export class OrderConflict extends Error {
  constructor(shop: string, orderGid: string) {
    super(`order ${orderGid} of ${shop} was written concurrently`);
  }
}

// --- Statements -------------------------------------------------------------------------------

// Every column a write may set, in a fixed order (order statements are named by column set).
const ORDER_COLUMNS = [
  "name",
  "nameKey",
  "email",
  "phoneDigits",
  "locale",
  "customerGid",
  "customerFirstName",
  "orderStatusUrl",
  "lineItems",
  "placedAt",
  "facts",
  "financialStatus",
  "fulfillmentStatus",
  "cancelledAt",
  "factsAt",
  "candidateKey",
  "stageKey",
  "stageSource",
  "stageEnteredAt",
  "chosenStageKey",
  "chosenStageSource",
  "chosenStageAt",
] as const satisfies readonly (keyof NewOrderFields)[];

const SELECT_ORDER_TEXT = `SELECT "orderGid", "version", "deletedAt", "redactedAt", ${ORDER_COLUMNS.map((c) => `"${c}"`).join(", ")}
  FROM "Order" WHERE "shop" = $1 AND "orderGid" = $2`;

export const DELIVERY_STATEMENTS = {
  insertReceipt: {
    name: "insert_receipt",
    text: `INSERT INTO "WebhookReceipt" ("shop", "eventId", "topic", "webhookId", "triggeredAt", "receivedAt")
           VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
  },
  // SQLite has one writer at a time; PostgreSQL locks the row.
  lockOrder: {
    name: "lock_order",
    sqlite: SELECT_ORDER_TEXT,
    postgresql: `${SELECT_ORDER_TEXT} FOR UPDATE`,
  },
  stagePositions: {
    name: "stage_positions",
    text: `SELECT "key", "position", "exception", "labels" FROM "Stage" WHERE "shop" = $1 ORDER BY "position" ASC`,
  },
  insertEvent: {
    name: "insert_timeline_event",
    text: `INSERT INTO "TimelineEvent" ("shop", "orderGid", "fromKey", "toKey", "source", "actor", "note", "occurredAt", "recordedAt", "customerNotified")
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, false) RETURNING "id"`,
  },
  stageNotifies: {
    name: "stage_notifies",
    text: `SELECT "notifyCustomer", (SELECT "emailCoalesceSeconds" FROM "Shop" WHERE "shop" = $1) AS "window"
           FROM "Stage" WHERE "shop" = $1 AND "key" = $2`,
  },
  insertEmail: {
    name: "insert_stage_email",
    text: `INSERT INTO "EmailOutbox" ("shop", "orderGid", "stageKey", "dedupeKey", "timelineEventId", "recipient", "locale", "status", "dueAt", "attempts", "isTest", "createdAt", "updatedAt")
           VALUES ($1, $2, $3, $4, $5, $6, $7, 'queued', $8, 0, false, $9, $9) ON CONFLICT DO NOTHING RETURNING "id"`,
  },
  supersedeEmails: {
    name: "supersede_emails",
    text: `UPDATE "EmailOutbox" SET "status" = 'coalesced', "lastError" = $1, "updatedAt" = $2
           WHERE "shop" = $3 AND "orderGid" = $4 AND "status" = 'queued' AND "isTest" = false AND "id" <> $5`,
  },
  // A replayed rejected delivery takes its receipt's place in the same transaction.
  deleteRejectedReceipt: {
    name: "delete_rejected_receipt",
    text: `DELETE FROM "WebhookReceipt" WHERE "shop" = $1 AND "eventId" = $2 AND "rejectedError" IS NOT NULL`,
  },
  markDeleted: {
    name: "mark_order_deleted",
    text: `UPDATE "Order" SET "deletedAt" = $1, "version" = "version" + 1, "updatedAt" = $2
           WHERE "shop" = $3 AND "orderGid" = $4 AND "deletedAt" IS NULL`,
  },
} satisfies Record<string, Sql>;

const S = DELIVERY_STATEMENTS;

const orderStatements = new Map<string, Sql>();

/** INSERT or UPDATE of the columns named by `key` (cached: one prepared statement per set). */
function orderStatement(kind: "insert" | "update", key: string, columns: string[]): Sql {
  const name = `${kind}_order_${key}`;
  let statement = orderStatements.get(name);
  if (statement) return statement;
  const n = columns.length;
  if (kind === "insert") {
    const names = [...columns, "shop", "orderGid", "version", "createdAt", "updatedAt"];
    statement = {
      name,
      text: `INSERT INTO "Order" (${names.map((c) => `"${c}"`).join(", ")})
             VALUES (${names.map((_, i) => `$${i + 1}`).join(", ")}) ON CONFLICT DO NOTHING`,
    };
  } else {
    const set = [
      ...columns.map((c, i) => `"${c}" = $${i + 1}`),
      `"version" = "version" + 1`,
      `"updatedAt" = $${n + 1}`,
    ];
    statement = {
      name,
      text: `UPDATE "Order" SET ${set.join(", ")} WHERE "shop" = $${n + 2} AND "orderGid" = $${n + 3} AND "version" = $${n + 4}`,
    };
  }
  orderStatements.set(name, statement);
  return statement;
}

/** A column's value as compared with the row read back (dates by instant). */
function comparable(value: unknown): unknown {
  if (value instanceof Date) return value.getTime();
  return value ?? null;
}

/**
 * The columns of `fields` to write, with a key naming the column set. Undefined means "leave
 * as is" (as with Prisma); a value equal to what `current` (the row as read) holds is left out
 * too: rewriting it would only churn indexes.
 */
function orderColumns(
  fields: Partial<NewOrderFields>,
  current?: Record<string, unknown>,
): { key: string; columns: string[]; values: SqlValue[] } {
  const columns: string[] = [];
  const values: SqlValue[] = [];
  let key = "";
  for (let i = 0; i < ORDER_COLUMNS.length; i++) {
    const column = ORDER_COLUMNS[i]!;
    const value = fields[column];
    if (value === undefined) continue;
    if (current) {
      const stored = value instanceof Date ? toDate(current[column]) : current[column];
      if (comparable(value) === comparable(stored)) continue;
    }
    columns.push(column);
    values.push(value);
    key += String.fromCharCode(65 + i);
  }
  return { key, columns, values };
}

function orderStateOf(row: Record<string, unknown>): OrderState {
  return {
    orderGid: row.orderGid as string,
    name: row.name as string | null,
    email: row.email as string | null,
    locale: row.locale as string | null,
    facts: row.facts as string,
    factsAt: toDate(row.factsAt),
    stageKey: row.stageKey as string,
    stageSource: row.stageSource as string,
    candidateKey: row.candidateKey as string | null,
    version: Number(row.version),
    deleted: row.deletedAt !== null && row.deletedAt !== undefined,
    redacted: row.redactedAt !== null && row.redactedAt !== undefined,
    chosenStageKey: (row.chosenStageKey as string | null) ?? null,
    chosenStageSource: (row.chosenStageSource as string | null) ?? null,
    stageEnteredAt: toDate(row.stageEnteredAt),
  };
}

/** A stage's English label (else its first), for timeline notes. */
function englishLabel(labels: unknown): string | undefined {
  try {
    const parsed = JSON.parse(String(labels)) as Record<string, string>;
    return parsed.en ?? Object.values(parsed)[0];
  } catch {
    return undefined;
  }
}

// --- Transaction bodies -----------------------------------------------------------------------

function* recordReceipt(shop: string, receipt: DeliveryReceipt, now: Date) {
  if (receipt.replacesRejected) yield* run(S.deleteRejectedReceipt, [shop, receipt.eventId]);
  const values = [shop, receipt.eventId, receipt.topic, receipt.webhookId, receipt.triggeredAt];
  return (yield* run(S.insertReceipt, [...values, now])) === 1;
}

function* stagePositions(shop: string): Generator<SqlStep, readonly StagePosition[], unknown> {
  const cached = stagePositionCache.get(shop);
  if (cached) return cached;
  const token = stagePositionCache.readToken();
  const rows = yield* all<Record<string, unknown>>(S.stagePositions, [shop]);
  const positions = rows.map((s) => ({
    key: s.key as string,
    position: Number(s.position),
    exception: toBool(s.exception),
    label: englishLabel(s.labels),
  }));
  stagePositionCache.remember(shop, positions, token);
  return positions;
}

/** The body of every order write: receipt (if any), decide, order row, event, email. */
export function* orderWrite<T>(
  shop: string,
  receipt: DeliveryReceipt | null,
  orderGid: string,
  decide: Decide<T>,
): TransactionBody<DeliveryResult<T>> {
  const now = new Date();
  if (receipt && !(yield* recordReceipt(shop, receipt, now))) return { duplicate: true };
  const [row] = yield* all<Record<string, unknown>>(S.lockOrder, [shop, orderGid]);
  const order = row ? orderStateOf(row) : null;
  const change = decide(order, yield* stagePositions(shop));
  if (change.write === "none") return { duplicate: false, result: change.result };
  const { key, columns, values } = orderColumns(change.fields, row);
  const written =
    change.write === "create"
      ? yield* run(orderStatement("insert", key, columns), [...values, shop, orderGid, 0, now, now])
      : yield* run(orderStatement("update", key, columns), [
          ...values,
          now,
          shop,
          orderGid,
          order!.version,
        ]);
  if (written !== 1) throw new OrderConflict(shop, orderGid);
  if (change.event) yield* appendEvent(shop, orderGid, change.event, now);
  return { duplicate: false, result: change.result };
}

function* appendEvent(shop: string, orderGid: string, event: TimelineEventFields, now: Date) {
  const [inserted] = yield* all<{ id: number }>(S.insertEvent, [
    shop,
    orderGid,
    event.fromKey,
    event.toKey,
    event.source,
    event.actor ?? null,
    event.note ?? null,
    event.occurredAt,
    now,
  ]);
  if (event.email) {
    yield* queueEmail(shop, orderGid, event.toKey, event.email, Number(inserted!.id), now);
  }
}

/**
 * The outbox email of a stage entry (docs/decisions/006) when the stage notifies: deduplicated on
 * "<order gid>#<timeline event id>", superseding the order's queued emails when the shop's
 * coalescing window is not zero.
 */
function* queueEmail(
  shop: string,
  orderGid: string,
  stageKey: string,
  email: StageEmail,
  timelineEventId: number,
  now: Date,
) {
  const [stage] = yield* all<{ notifyCustomer: unknown; window: number | null }>(S.stageNotifies, [
    shop,
    stageKey,
  ]);
  if (!stage || !toBool(stage.notifyCustomer)) return;
  const window = stage.window ?? email.defaultCoalesceSeconds;
  const dueAt = new Date(email.now.getTime() + window * 1000);
  const [inserted] = yield* all<{ id: number }>(S.insertEmail, [
    shop,
    orderGid,
    stageKey,
    emailDedupeKey(orderGid, timelineEventId),
    timelineEventId,
    email.recipient,
    email.locale,
    dueAt,
    now,
  ]);
  if (inserted && window > 0) {
    yield* run(S.supersedeEmails, [SUPERSEDED_EMAIL_ERROR, now, shop, orderGid, inserted.id]);
  }
}

function* deletion(
  shop: string,
  receipt: DeliveryReceipt,
  orderGid: string,
  at: Date,
): TransactionBody<DeliveryResult<{ deleted: boolean }>> {
  const now = new Date();
  if (!(yield* recordReceipt(shop, receipt, now))) return { duplicate: true };
  const changed = yield* run(S.markDeleted, [at, now, shop, orderGid]);
  return { duplicate: false, result: { deleted: changed > 0 } };
}

// --- Entry points -----------------------------------------------------------------------------

/** Attempts when concurrent writes create the same order. */
const MAX_ATTEMPTS = 5;

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
  decide: Decide<T>,
): Promise<DeliveryResult<T>> {
  return withRetries(() => sql().transaction(() => orderWrite(shop, receipt, orderGid, decide)));
}

/**
 * Applies what `decide` returns to the order, in one transaction, for a change made in the app
 * (a merchant's or a rule's stage): the same writes as a delivery, without a receipt.
 */
export async function recordOrderChange<T>(
  shop: string,
  orderGid: string,
  decide: Decide<T>,
): Promise<T> {
  const done = await withRetries(() =>
    sql().transaction(() => orderWrite(shop, null, orderGid, decide)),
  );
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
  return sql().transaction(() => deletion(shop, receipt, orderGid, at));
}
