// PostgreSQL: a pooled transaction per delivery with named (server-side prepared) statements.
// The receipt insert serializes duplicates on its primary key (a concurrent twin waits, then
// finds the row and writes nothing); the order row is locked with FOR UPDATE, so concurrent
// deliveries of one order apply one after the other. Only two first deliveries of a new order can
// still collide (there is no row to lock): the loser rolls back and the caller tries again.
import type pg from "pg";
import { pgTime, pgValue, utcTimestamps } from "../sql/postgresql.server";
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

const INSERT_RECEIPT = {
  name: "stageline_insert_receipt",
  text: `INSERT INTO "WebhookReceipt" ("shop", "eventId", "topic", "webhookId", "triggeredAt", "receivedAt")
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
};
const LOCK_ORDER = {
  name: "stageline_lock_order",
  text: `SELECT "orderGid", "version", "deletedAt", "redactedAt", ${ORDER_COLUMNS_SQL} FROM "Order" WHERE "shop" = $1 AND "orderGid" = $2 FOR UPDATE`,
};
const SELECT_STAGES = {
  name: "stageline_stage_positions",
  text: `SELECT "key", "position", "exception" FROM "Stage" WHERE "shop" = $1 ORDER BY "position" ASC`,
};
const INSERT_EVENT = {
  name: "stageline_insert_timeline_event",
  text: `INSERT INTO "TimelineEvent" ("shop", "orderGid", "fromKey", "toKey", "source", "actor", "note", "occurredAt", "recordedAt", "customerNotified")
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, false) RETURNING "id"`,
};
const SELECT_NOTIFY = {
  name: "stageline_stage_notifies",
  text: `SELECT "notifyCustomer", (SELECT "emailCoalesceSeconds" FROM "Shop" WHERE "shop" = $1) AS "window"
         FROM "Stage" WHERE "shop" = $1 AND "key" = $2`,
};
const INSERT_EMAIL = {
  name: "stageline_insert_stage_email",
  text: `INSERT INTO "EmailOutbox" ("shop", "orderGid", "stageKey", "dedupeKey", "timelineEventId", "recipient", "locale", "status", "dueAt", "attempts", "isTest", "createdAt", "updatedAt")
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'queued', $8, 0, false, $9, $9) ON CONFLICT DO NOTHING RETURNING "id"`,
};
const SUPERSEDE_EMAILS = {
  name: "stageline_supersede_emails",
  text: `UPDATE "EmailOutbox" SET "status" = 'coalesced', "lastError" = $1, "updatedAt" = $2
         WHERE "shop" = $3 AND "orderGid" = $4 AND "status" = 'queued' AND "isTest" = false AND "id" <> $5`,
};
const MARK_DELETED = {
  name: "stageline_mark_order_deleted",
  text: `UPDATE "Order" SET "deletedAt" = $1, "version" = "version" + 1, "updatedAt" = $2
         WHERE "shop" = $3 AND "orderGid" = $4 AND "deletedAt" IS NULL`,
};

function insertOrderStatement(key: string, columns: string[]) {
  const names = [...columns, "shop", "orderGid", "version", "createdAt", "updatedAt"];
  return {
    name: `stageline_insert_order_${key}`,
    text: `INSERT INTO "Order" (${names.map((c) => `"${c}"`).join(", ")})
           VALUES (${names.map((_, i) => `$${i + 1}`).join(", ")}) ON CONFLICT DO NOTHING`,
  };
}

function updateOrderStatement(key: string, columns: string[]) {
  const n = columns.length;
  const set = [
    ...columns.map((c, i) => `"${c}" = $${i + 1}`),
    `"version" = "version" + 1`,
    `"updatedAt" = $${n + 1}`,
  ];
  return {
    name: `stageline_update_order_${key}`,
    text: `UPDATE "Order" SET ${set.join(", ")} WHERE "shop" = $${n + 2} AND "orderGid" = $${n + 3} AND "version" = $${n + 4}`,
  };
}

interface OrderRowData {
  orderGid: string;
  version: number;
  name: string | null;
  facts: string;
  factsAt: Date | null;
  stageKey: string;
  stageSource: string;
  candidateKey: string | null;
  [column: string]: unknown;
}

/** Work done in one pooled transaction; `commit` says whether to COMMIT or ROLLBACK. */
type TransactionWork<R> = (client: pg.PoolClient) => Promise<{ commit: boolean; value: R }>;

export class PostgresDeliveryStore implements DeliveryStore {
  constructor(private readonly pool: pg.Pool) {}

  private async transaction<R>(work: TransactionWork<R>): Promise<R> {
    const client = await this.pool.connect();
    try {
      await client.query("BEGIN");
      const { commit, value } = await work(client);
      await client.query(commit ? "COMMIT" : "ROLLBACK");
      client.release();
      return value;
    } catch (error) {
      try {
        await client.query("ROLLBACK");
        client.release();
      } catch {
        // The connection itself failed: drop it from the pool.
        client.release(true);
      }
      throw error;
    }
  }

  private stagePositions(shop: string): Promise<readonly StagePosition[]> {
    return stagePositionCache.through(shop, async () => {
      const { rows } = await this.pool.query<StagePosition>({ ...SELECT_STAGES, values: [shop] });
      return rows.map((s) => ({ key: s.key, position: s.position, exception: s.exception }));
    });
  }

  private async record(client: pg.PoolClient, shop: string, receipt: DeliveryReceipt, now: string) {
    const { rowCount } = await client.query({
      ...INSERT_RECEIPT,
      values: [
        shop,
        receipt.eventId,
        receipt.topic,
        receipt.webhookId,
        receipt.triggeredAt ? pgTime(receipt.triggeredAt) : null,
        now,
      ],
    });
    return rowCount === 1;
  }

  async recordDelivery<T>(
    shop: string,
    receipt: DeliveryReceipt | null,
    orderGid: string,
    decide: (order: OrderState | null, stages: readonly StagePosition[]) => OrderChange<T>,
  ): Promise<DeliveryResult<T>> {
    const stages = await this.stagePositions(shop);
    return this.transaction(
      async (client): Promise<{ commit: boolean; value: DeliveryResult<T> }> => {
        const now = pgTime(new Date());
        if (receipt && !(await this.record(client, shop, receipt, now)))
          return { commit: false, value: { duplicate: true } };
        const { rows } = await client.query<OrderRowData>({
          ...LOCK_ORDER,
          values: [shop, orderGid],
          types: utcTimestamps,
        });
        const row = rows[0];
        const order = row ? orderStateOf(row, row.factsAt) : null;
        const change = decide(order, stages);
        if (change.write === "create") {
          const { key, columns, values } = orderColumns(change.fields, pgValue);
          const { rowCount } = await client.query({
            ...insertOrderStatement(key, columns),
            values: [...values, shop, orderGid, 0, now, now],
          });
          if (rowCount !== 1) throw new OrderConflict(shop, orderGid);
          await this.appendEvent(client, shop, orderGid, change.event, now);
        } else if (change.write === "update") {
          const { key, columns, values } = orderColumns(change.fields, pgValue, row);
          const { rowCount } = await client.query({
            ...updateOrderStatement(key, columns),
            values: [...values, now, shop, orderGid, order!.version],
          });
          if (rowCount !== 1) throw new OrderConflict(shop, orderGid);
          if (change.event) await this.appendEvent(client, shop, orderGid, change.event, now);
        }
        return { commit: true, value: { duplicate: false, result: change.result } };
      },
    );
  }

  private async appendEvent(
    client: pg.PoolClient,
    shop: string,
    orderGid: string,
    event: TimelineEventFields,
    now: string,
  ) {
    const { rows } = await client.query<{ id: number }>({
      ...INSERT_EVENT,
      values: [
        shop,
        orderGid,
        event.fromKey,
        event.toKey,
        event.source,
        event.actor ?? null,
        event.note ?? null,
        pgTime(event.occurredAt),
        now,
      ],
    });
    if (event.email)
      await this.queueEmail(client, shop, orderGid, event, event.email, rows[0]!.id, now);
  }

  private async queueEmail(
    client: pg.PoolClient,
    shop: string,
    orderGid: string,
    event: TimelineEventFields,
    email: StageEmail,
    timelineEventId: number,
    now: string,
  ) {
    const { rows } = await client.query<{ notifyCustomer: boolean; window: number | null }>({
      ...SELECT_NOTIFY,
      values: [shop, event.toKey],
    });
    if (!rows[0]?.notifyCustomer) return;
    const window = rows[0].window ?? email.defaultCoalesceSeconds;
    const dueAt = new Date(email.now.getTime() + window * 1000);
    const inserted = await client.query<{ id: number }>({
      ...INSERT_EMAIL,
      values: [
        shop,
        orderGid,
        event.toKey,
        emailDedupeKey(orderGid, timelineEventId),
        timelineEventId,
        email.recipient,
        email.locale,
        pgTime(dueAt),
        now,
      ],
    });
    if (inserted.rows[0] && window > 0) {
      await client.query({
        ...SUPERSEDE_EMAILS,
        values: [SUPERSEDED_EMAIL_ERROR, now, shop, orderGid, inserted.rows[0].id],
      });
    }
  }

  recordDeletion(shop: string, receipt: DeliveryReceipt, orderGid: string, at: Date) {
    return this.transaction(
      async (client): Promise<{ commit: boolean; value: DeliveryResult<{ deleted: boolean }> }> => {
        const now = pgTime(new Date());
        if (!(await this.record(client, shop, receipt, now)))
          return { commit: false, value: { duplicate: true } };
        const { rowCount } = await client.query({
          ...MARK_DELETED,
          values: [pgTime(at), now, shop, orderGid],
        });
        return {
          commit: true,
          value: { duplicate: false, result: { deleted: (rowCount ?? 0) > 0 } },
        };
      },
    );
  }
}
