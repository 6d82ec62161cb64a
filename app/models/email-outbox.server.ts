import { clientOr, isUniqueViolation, type Client } from "./client.server";
import { sql, toBool, toDate } from "./sql/connection.server";

export type EmailRow = NonNullable<Awaited<ReturnType<typeof findEmail>>>;
export type EmailStatus =
  "queued" | "sending" | "sent" | "held" | "coalesced" | "skipped" | "dead" | "cancelled";

export interface NewEmail {
  orderGid: string;
  stageKey: string;
  dedupeKey: string;
  timelineEventId: number | null;
  recipient: string;
  locale: string;
  dueAt: Date;
  isTest?: boolean;
  /** Pre-rendered content (test sends); stage emails render when they are sent. */
  subject?: string | null;
  html?: string | null;
  text?: string | null;
}

/** Queues an email; a second row for the same stage entry is refused by (shop, dedupeKey). */
export async function enqueueEmail(shop: string, email: NewEmail, client?: Client) {
  try {
    return await clientOr(client).emailOutbox.create({
      data: { shop, status: "queued", ...email },
    });
  } catch (error) {
    if (isUniqueViolation(error)) return null;
    throw error;
  }
}

export function findEmail(shop: string, id: number, client?: Client) {
  return clientOr(client).emailOutbox.findFirst({ where: { shop, id } });
}

export function listEmails(
  shop: string,
  filter: { orderGid?: string; status?: string; take: number; beforeId?: number },
  client?: Client,
) {
  return clientOr(client).emailOutbox.findMany({
    where: {
      shop,
      ...(filter.orderGid ? { orderGid: filter.orderGid } : {}),
      ...(filter.status ? { status: filter.status } : {}),
      ...(filter.beforeId ? { id: { lt: filter.beforeId } } : {}),
    },
    orderBy: { id: "desc" },
    take: filter.take,
  });
}

// --- Dispatcher side, on prepared statements (every email passes here; docs/decisions/007).
// The dispatcher serves every shop, so claims select across shops; every other write names the
// row's shop and the lease owner.

/** A leased email, as the dispatcher needs it. */
export interface ClaimedEmail extends Omit<NewEmail, "isTest" | "subject" | "html" | "text"> {
  id: number;
  shop: string;
  attempts: number;
  isTest: boolean;
  subject: string | null;
  html: string | null;
  text: string | null;
}

const CLAIMED_COLUMNS = `"id", "shop", "orderGid", "stageKey", "dedupeKey", "timelineEventId",
  "recipient", "locale", "attempts", "isTest", "subject", "html", "text", "dueAt"`;

const LEASE = `"status" = 'sending', "leaseOwner" = $1, "leaseUntil" = $2,
  "attempts" = "attempts" + 1, "updatedAt" = $3`;

// A claim is one statement. SQLite runs it under its write lock, and the update re-checks the
// row's state; PostgreSQL locks the picked rows first and skips those another worker holds.
function claimStatement(name: string, claimable: string) {
  return {
    name,
    sqlite: `UPDATE "EmailOutbox" SET ${LEASE} WHERE "id" IN (
               SELECT "id" FROM "EmailOutbox" WHERE ${claimable} ORDER BY "dueAt" LIMIT $4
             ) AND ${claimable} RETURNING ${CLAIMED_COLUMNS}`,
    postgresql: `WITH picked AS (
                   SELECT "id" FROM "EmailOutbox" WHERE ${claimable} ORDER BY "dueAt" LIMIT $4
                   FOR UPDATE SKIP LOCKED
                 )
                 UPDATE "EmailOutbox" AS e SET ${LEASE} FROM picked WHERE e."id" = picked."id"
                 RETURNING ${CLAIMED_COLUMNS.replace(/"(\w+)"/g, 'e."$1"')}`,
  };
}

const CLAIM_DUE = claimStatement("outbox_claim_due", `"status" = 'queued' AND "dueAt" <= $3`);
// Leases that ran out: their worker died between claim and finish.
const CLAIM_EXPIRED = claimStatement(
  "outbox_claim_expired",
  `"status" = 'sending' AND "leaseUntil" < $3`,
);

function claimedOf(row: Record<string, unknown>): ClaimedEmail {
  return {
    id: Number(row.id),
    shop: row.shop as string,
    orderGid: row.orderGid as string,
    stageKey: row.stageKey as string,
    dedupeKey: row.dedupeKey as string,
    timelineEventId: row.timelineEventId === null ? null : Number(row.timelineEventId),
    recipient: row.recipient as string,
    locale: row.locale as string,
    attempts: Number(row.attempts),
    isTest: toBool(row.isTest),
    subject: row.subject as string | null,
    html: row.html as string | null,
    text: row.text as string | null,
    dueAt: toDate(row.dueAt)!,
  };
}

/**
 * Leases up to `limit` emails to `owner` until now + leaseMs: first those whose lease ran out,
 * then the due ones, oldest first. Safe with several workers on PostgreSQL and on SQLite.
 */
export async function claimDueEmails(
  owner: string,
  now: Date,
  leaseMs: number,
  limit: number,
): Promise<ClaimedEmail[]> {
  const connection = sql();
  const lease = [owner, new Date(now.getTime() + leaseMs), now];
  const expired = await connection.all<Record<string, unknown>>(CLAIM_EXPIRED, [...lease, limit]);
  const due =
    expired.length < limit
      ? await connection.all<Record<string, unknown>>(CLAIM_DUE, [...lease, limit - expired.length])
      : [];
  return [...expired, ...due]
    .map(claimedOf)
    .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.id - b.id);
}

export interface EmailFinish {
  status: Exclude<EmailStatus, "sending">;
  lastError?: string | null;
  subject?: string;
  html?: string;
  text?: string;
  providerMessageId?: string;
  sentAt?: Date;
  /** When a retry is due (status "queued"). */
  dueAt?: Date;
}

const FINISH = {
  name: "outbox_finish",
  text: `UPDATE "EmailOutbox" SET "status" = $1, "lastError" = $2,
           "subject" = COALESCE($3, "subject"), "html" = COALESCE($4, "html"),
           "text" = COALESCE($5, "text"), "providerMessageId" = COALESCE($6, "providerMessageId"),
           "sentAt" = COALESCE($7, "sentAt"), "dueAt" = COALESCE($8, "dueAt"),
           "leaseOwner" = NULL, "leaseUntil" = NULL, "updatedAt" = $9
         WHERE "shop" = $10 AND "id" = $11 AND "leaseOwner" = $12 AND "status" = 'sending'`,
};

/** Finishes a leased email; false (and nothing written) when the lease moved meanwhile. */
export async function finishEmail(
  shop: string,
  id: number,
  owner: string,
  finish: EmailFinish,
): Promise<boolean> {
  const changed = await sql().run(FINISH, [
    finish.status,
    finish.lastError ?? null,
    finish.subject ?? null,
    finish.html ?? null,
    finish.text ?? null,
    finish.providerMessageId ?? null,
    finish.sentAt ?? null,
    finish.dueAt ?? null,
    new Date(),
    shop,
    id,
    owner,
  ]);
  return changed === 1;
}

const RENEW = {
  name: "outbox_renew_lease",
  // Only ever forward: renewals in flight at once may commit out of order, and an older one must
  // not shorten the lease a newer one set.
  text: `UPDATE "EmailOutbox"
         SET "leaseUntil" = CASE WHEN "leaseUntil" > $1 THEN "leaseUntil" ELSE $1 END,
             "updatedAt" = $2
         WHERE "shop" = $3 AND "id" = $4 AND "leaseOwner" = $5 AND "status" = 'sending'`,
};

/** Extends `owner`'s lease (never shortens it); false when the email is no longer leased to it. */
export async function renewLease(
  shop: string,
  id: number,
  owner: string,
  until: Date,
): Promise<boolean> {
  return (await sql().run(RENEW, [until, new Date(), shop, id, owner])) === 1;
}

const RELEASE = {
  name: "outbox_release",
  text: `UPDATE "EmailOutbox" SET "status" = 'queued', "attempts" = "attempts" - 1,
           "leaseOwner" = NULL, "leaseUntil" = NULL, "updatedAt" = $1
         WHERE "shop" = $2 AND "id" = $3 AND "leaseOwner" = $4 AND "status" = 'sending'`,
};

/** Hands a leased email back untouched (not attempted): it is due again at once. */
export async function releaseEmail(shop: string, id: number, owner: string): Promise<boolean> {
  return (await sql().run(RELEASE, [new Date(), shop, id, owner])) === 1;
}

/**
 * Cancels the shop's emails that have not gone out (app/uninstalled). Kept as `cancelled`, not
 * deleted: the log still shows them. A leased email loses its lease, so its worker does not send it.
 */
export function cancelPendingEmails(shop: string, reason: string, client?: Client) {
  return clientOr(client).emailOutbox.updateMany({
    where: { shop, status: { in: ["queued", "sending"] } },
    data: { status: "cancelled", lastError: reason, leaseOwner: null, leaseUntil: null },
  });
}

/** Forgets the recipient and content of a customer's emails (customers/redact). */
export function redactEmailsOfOrders(shop: string, orderGids: string[], client?: Client) {
  return clientOr(client).emailOutbox.updateMany({
    where: { shop, orderGid: { in: orderGids } },
    data: { recipient: "", subject: null, html: null, text: null },
  });
}
