// SQLite: one synchronous BEGIN IMMEDIATE transaction per delivery on the models' own
// connection, with statements prepared once. Nothing else in the process can run while it does,
// so it never holds the write lock across an await; when another connection (Prisma's, or the
// worker process) holds the lock, it waits without blocking the event loop and tries again.
import type { Statement } from "better-sqlite3";
import type { SqliteDatabase } from "~/db.server";
import { readSqliteTime, sqliteTime, sqliteValue, whenUnlocked } from "../sql/sqlite.server";
import { stagePositionCache, type StagePosition } from "../stage-cache.server";
import {
  emailDedupeKey,
  ORDER_COLUMNS_SQL,
  OrderConflict,
  orderColumns,
  orderStateOf,
  SUPERSEDED_EMAIL_ERROR,
  type DeliveryReceipt,
  type DeliveryResult,
  type DeliveryStore,
  type OrderChange,
  type OrderState,
  type StageEmail,
  type TimelineEventFields,
} from "./types";

interface OrderRowData {
  orderGid: string;
  version: number;
  name: string | null;
  facts: string;
  factsAt: unknown;
  stageKey: string;
  stageSource: string;
  candidateKey: string | null;
  [column: string]: unknown;
}

export class SqliteDeliveryStore implements DeliveryStore {
  private readonly insertReceipt: Statement;
  private readonly selectOrder: Statement<[string, string], OrderRowData>;
  private readonly selectStages: Statement<
    [string],
    { key: string; position: number; exception: number }
  >;
  private readonly insertEvent: Statement;
  private readonly markDeleted: Statement;
  private readonly selectNotify: Statement<[string, string], { notifyCustomer: number }>;
  private readonly selectCoalesce: Statement<[string], { emailCoalesceSeconds: number | null }>;
  private readonly insertEmail: Statement;
  private readonly supersedeEmails: Statement;
  private readonly inserts = new Map<string, Statement>();
  private readonly updates = new Map<string, Statement>();
  /** Runs `work` in BEGIN IMMEDIATE … COMMIT (ROLLBACK when it throws). */
  private readonly immediately: <R>(work: () => R) => R;

  constructor(private readonly db: SqliteDatabase) {
    this.insertReceipt = db.prepare(
      `INSERT INTO "WebhookReceipt" ("shop", "eventId", "topic", "webhookId", "triggeredAt", "receivedAt")
       VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    );
    this.selectOrder = db.prepare(
      `SELECT "orderGid", "version", "deletedAt", "redactedAt", ${ORDER_COLUMNS_SQL} FROM "Order" WHERE "shop" = ? AND "orderGid" = ?`,
    );
    this.selectStages = db.prepare(
      `SELECT "key", "position", "exception" FROM "Stage" WHERE "shop" = ? ORDER BY "position" ASC`,
    );
    this.insertEvent = db.prepare(
      `INSERT INTO "TimelineEvent" ("shop", "orderGid", "fromKey", "toKey", "source", "actor", "note", "occurredAt", "recordedAt", "customerNotified")
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0)`,
    );
    this.markDeleted = db.prepare(
      `UPDATE "Order" SET "deletedAt" = ?, "version" = "version" + 1, "updatedAt" = ?
       WHERE "shop" = ? AND "orderGid" = ? AND "deletedAt" IS NULL`,
    );
    this.selectNotify = db.prepare(
      `SELECT "notifyCustomer" FROM "Stage" WHERE "shop" = ? AND "key" = ?`,
    );
    this.selectCoalesce = db.prepare(`SELECT "emailCoalesceSeconds" FROM "Shop" WHERE "shop" = ?`);
    this.insertEmail = db.prepare(
      `INSERT INTO "EmailOutbox" ("shop", "orderGid", "stageKey", "dedupeKey", "timelineEventId", "recipient", "locale", "status", "dueAt", "attempts", "isTest", "createdAt", "updatedAt")
       VALUES (?, ?, ?, ?, ?, ?, ?, 'queued', ?, 0, 0, ?, ?) ON CONFLICT DO NOTHING`,
    );
    this.supersedeEmails = db.prepare(
      `UPDATE "EmailOutbox" SET "status" = 'coalesced', "lastError" = ?, "updatedAt" = ?
       WHERE "shop" = ? AND "orderGid" = ? AND "status" = 'queued' AND "isTest" = 0 AND "id" <> ?`,
    );
    const transaction = db.transaction((work: () => unknown) => work());
    this.immediately = <R>(work: () => R) => transaction.immediate(work) as R;
  }

  recordDelivery<T>(
    shop: string,
    receipt: DeliveryReceipt | null,
    orderGid: string,
    decide: (order: OrderState | null, stages: readonly StagePosition[]) => OrderChange<T>,
  ): Promise<DeliveryResult<T>> {
    return whenUnlocked(() =>
      this.immediately(() => this.deliveryTransaction(shop, receipt, orderGid, decide)),
    );
  }

  recordDeletion(shop: string, receipt: DeliveryReceipt, orderGid: string, at: Date) {
    return whenUnlocked(() =>
      this.immediately(() => this.deletionTransaction(shop, receipt, orderGid, at)),
    );
  }

  private record(shop: string, receipt: DeliveryReceipt, now: string): boolean {
    const { changes } = this.insertReceipt.run(
      shop,
      receipt.eventId,
      receipt.topic,
      receipt.webhookId,
      receipt.triggeredAt ? sqliteTime(receipt.triggeredAt) : null,
      now,
    );
    return changes === 1;
  }

  private stagePositions(shop: string): readonly StagePosition[] {
    const cached = stagePositionCache.get(shop);
    if (cached) return cached;
    const token = stagePositionCache.readToken();
    const positions = this.selectStages
      .all(shop)
      .map((s) => ({ key: s.key, position: s.position, exception: s.exception === 1 }));
    stagePositionCache.remember(shop, positions, token);
    return positions;
  }

  private deliveryTransaction<T>(
    shop: string,
    receipt: DeliveryReceipt | null,
    orderGid: string,
    decide: (order: OrderState | null, stages: readonly StagePosition[]) => OrderChange<T>,
  ): DeliveryResult<T> {
    const now = sqliteTime(new Date());
    if (receipt && !this.record(shop, receipt, now)) return { duplicate: true };
    const row = this.selectOrder.get(shop, orderGid);
    const order = row ? orderStateOf(row, readSqliteTime(row.factsAt)) : null;
    const change = decide(order, this.stagePositions(shop));
    if (change.write === "create") {
      const { key, columns, values } = orderColumns(change.fields, sqliteValue);
      let insert = this.inserts.get(key);
      if (!insert) {
        const names = [...columns, "shop", "orderGid", "version", "createdAt", "updatedAt"];
        insert = this.db.prepare(
          `INSERT INTO "Order" (${names.map((c) => `"${c}"`).join(", ")})
           VALUES (${names.map(() => "?").join(", ")}) ON CONFLICT DO NOTHING`,
        );
        this.inserts.set(key, insert);
      }
      const { changes } = insert.run(...values, shop, orderGid, 0, now, now);
      if (changes !== 1) throw new OrderConflict(shop, orderGid);
      this.appendEvent(shop, orderGid, change.event, now);
    } else if (change.write === "update") {
      const { key, columns, values } = orderColumns(change.fields, sqliteValue, row);
      let update = this.updates.get(key);
      if (!update) {
        const set = [
          ...columns.map((c) => `"${c}" = ?`),
          `"version" = "version" + 1`,
          `"updatedAt" = ?`,
        ];
        update = this.db.prepare(
          `UPDATE "Order" SET ${set.join(", ")} WHERE "shop" = ? AND "orderGid" = ? AND "version" = ?`,
        );
        this.updates.set(key, update);
      }
      const { changes } = update.run(...values, now, shop, orderGid, order!.version);
      if (changes !== 1) throw new OrderConflict(shop, orderGid);
      if (change.event) this.appendEvent(shop, orderGid, change.event, now);
    }
    return { duplicate: false, result: change.result };
  }

  private appendEvent(shop: string, orderGid: string, event: TimelineEventFields, now: string) {
    const { lastInsertRowid } = this.insertEvent.run(
      shop,
      orderGid,
      event.fromKey,
      event.toKey,
      event.source,
      event.actor ?? null,
      event.note ?? null,
      sqliteTime(event.occurredAt),
      now,
    );
    if (event.email)
      this.queueEmail(shop, orderGid, event, event.email, Number(lastInsertRowid), now);
  }

  private queueEmail(
    shop: string,
    orderGid: string,
    event: TimelineEventFields,
    email: StageEmail,
    timelineEventId: number,
    now: string,
  ) {
    if (this.selectNotify.get(shop, event.toKey)?.notifyCustomer !== 1) return;
    const window =
      this.selectCoalesce.get(shop)?.emailCoalesceSeconds ?? email.defaultCoalesceSeconds;
    const dueAt = new Date(email.now.getTime() + window * 1000);
    const { changes, lastInsertRowid } = this.insertEmail.run(
      shop,
      orderGid,
      event.toKey,
      emailDedupeKey(orderGid, timelineEventId),
      timelineEventId,
      email.recipient,
      email.locale,
      sqliteTime(dueAt),
      now,
      now,
    );
    if (changes === 1 && window > 0) {
      this.supersedeEmails.run(
        SUPERSEDED_EMAIL_ERROR,
        now,
        shop,
        orderGid,
        Number(lastInsertRowid),
      );
    }
  }

  private deletionTransaction(
    shop: string,
    receipt: DeliveryReceipt,
    orderGid: string,
    at: Date,
  ): DeliveryResult<{ deleted: boolean }> {
    const now = sqliteTime(new Date());
    if (!this.record(shop, receipt, now)) return { duplicate: true };
    const { changes } = this.markDeleted.run(sqliteTime(at), now, shop, orderGid);
    return { duplicate: false, result: { deleted: changes > 0 } };
  }
}
