// Shared by the SQLite and PostgreSQL delivery stores (see ../order-deliveries.server.ts).
import type { StagePosition } from "../stage-cache.server";

export interface DeliveryReceipt {
  /** X-Shopify-Event-Id, else X-Shopify-Webhook-Id. */
  eventId: string;
  topic: string;
  webhookId: string | null;
  triggeredAt: Date | null;
}

/** The columns of an order that a delivery reads before it decides what to write. */
export interface OrderState {
  orderGid: string;
  name: string | null;
  email: string | null;
  locale: string | null;
  facts: string;
  factsAt: Date | null;
  stageKey: string;
  stageSource: string;
  candidateKey: string | null;
  version: number;
  /** orders/delete was received: the order is kept, but nobody may change it any more. */
  deleted: boolean;
  /** customers/redact erased who the order is for: deliveries may not write it back. */
  redacted: boolean;
}

/**
 * The OrderState of a row read with ORDER_COLUMNS_SQL, "deletedAt" and "redactedAt" (`factsAt`
 * a Date).
 */
export function orderStateOf(row: Record<string, unknown>, factsAt: Date | null): OrderState {
  return {
    orderGid: row.orderGid as string,
    name: row.name as string | null,
    email: row.email as string | null,
    locale: row.locale as string | null,
    facts: row.facts as string,
    factsAt,
    stageKey: row.stageKey as string,
    stageSource: row.stageSource as string,
    candidateKey: row.candidateKey as string | null,
    version: row.version as number,
    deleted: row.deletedAt !== null && row.deletedAt !== undefined,
    redacted: row.redactedAt !== null && row.redactedAt !== undefined,
  };
}

/** Who the order is for; written only by a delivery that is current for the order section. */
export interface IdentityFields {
  name?: string | null;
  nameKey?: string | null;
  email?: string | null;
  phoneDigits?: string | null;
  locale?: string | null;
  customerGid?: string | null;
  customerFirstName?: string | null;
  orderStatusUrl?: string | null;
  lineItems?: string;
  placedAt?: Date | null;
}

interface FactsFields {
  facts: string;
  financialStatus: string | null;
  fulfillmentStatus: string | null;
  cancelledAt: Date | null;
  factsAt: Date | null;
  candidateKey: string | null;
}

interface StageFields {
  stageKey: string;
  stageSource: string;
  stageEnteredAt: Date;
}

export type NewOrderFields = IdentityFields & FactsFields & StageFields;
export type OrderUpdateFields = IdentityFields & FactsFields & Partial<StageFields>;
/** A merchant's change: of the stage, or only of who chose it. */
export type StageChangeFields = Partial<StageFields>;

export interface TimelineEventFields {
  fromKey: string | null;
  toKey: string;
  source: string;
  occurredAt: Date;
  /** Who made a change in the app (a staff member), and why. */
  actor?: string | null;
  note?: string | null;
  /** Announce the stage entry by email, when the stage notifies the customer. */
  email: StageEmail | null;
}

/**
 * The outbox email of a stage entry (docs/decisions/006), written in the same transaction when
 * the stage has `notifyCustomer`: due after the shop's coalescing window (its
 * `emailCoalesceSeconds`, else `defaultCoalesceSeconds`), deduplicated on
 * "<order gid>#<timeline event id>", and superseding the order's queued emails when the window
 * is not zero.
 */
export interface StageEmail {
  recipient: string;
  locale: string;
  defaultCoalesceSeconds: number;
  now: Date;
}

export const SUPERSEDED_EMAIL_ERROR = "superseded by a newer stage of the order";

export function emailDedupeKey(orderGid: string, timelineEventId: number): string {
  return `${orderGid}#${timelineEventId}`;
}

/** What a delivery writes besides its receipt; `result` is handed back to the caller. */
export type OrderChange<T> =
  | { write: "none"; result: T }
  | { write: "create"; fields: NewOrderFields; event: TimelineEventFields; result: T }
  | {
      write: "update";
      fields: OrderUpdateFields | StageChangeFields;
      event: TimelineEventFields | null;
      result: T;
    };

export type DeliveryResult<T> = { duplicate: true } | { duplicate: false; result: T };

export interface DeliveryStore {
  /** `receipt` null: a change made in the app, not a delivery (nothing to deduplicate). */
  recordDelivery<T>(
    shop: string,
    receipt: DeliveryReceipt | null,
    orderGid: string,
    decide: (order: OrderState | null, stages: readonly StagePosition[]) => OrderChange<T>,
  ): Promise<DeliveryResult<T>>;
  recordDeletion(
    shop: string,
    receipt: DeliveryReceipt,
    orderGid: string,
    at: Date,
  ): Promise<DeliveryResult<{ deleted: boolean }>>;
}

/** The order changed between read and write: the transaction was rolled back; try again. */
export class OrderConflict extends Error {
  constructor(shop: string, orderGid: string) {
    super(`order ${orderGid} of ${shop} was written concurrently`);
  }
}

// Every column a delivery may write, in a fixed order (statements are cached by column set).
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
] as const satisfies readonly (keyof NewOrderFields)[];

type OrderValue = string | number | Date | null;

/** The SELECT list of the order columns a delivery may write (to compare before writing). */
export const ORDER_COLUMNS_SQL = ORDER_COLUMNS.map((c) => `"${c}"`).join(", ");

/**
 * The columns of `fields` to write, as driver values, with a key naming the column set.
 * Undefined means "leave as is" (as with Prisma); a value equal to what `current` (the row as
 * read, in driver values) holds is left out too: rewriting it would only churn indexes.
 */
export function orderColumns<V>(
  fields: Partial<NewOrderFields>,
  toDriver: (value: OrderValue) => V,
  current?: Record<string, unknown>,
): { key: string; columns: string[]; values: V[] } {
  const columns: string[] = [];
  const values: V[] = [];
  let key = "";
  for (let i = 0; i < ORDER_COLUMNS.length; i++) {
    const column = ORDER_COLUMNS[i]!;
    const field = fields[column];
    if (field === undefined) continue;
    const value = toDriver(field);
    if (current && value === toDriver(current[column] as OrderValue)) continue;
    columns.push(column);
    values.push(value);
    key += String.fromCharCode(65 + i);
  }
  return { key, columns, values };
}
