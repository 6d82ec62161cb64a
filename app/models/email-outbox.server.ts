import type { Prisma } from "@stageline/prisma-sqlite";
import { clientOr, isUniqueViolation, type Client } from "./client.server";

export type EmailRow = NonNullable<Awaited<ReturnType<typeof findEmail>>>;
export type EmailStatus = "queued" | "sending" | "sent" | "held" | "coalesced" | "skipped" | "dead";

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

/** Older queued emails of the order are superseded by a newer stage (coalescing). */
export function supersedeQueuedEmails(
  shop: string,
  orderGid: string,
  exceptId: number,
  client?: Client,
) {
  return clientOr(client).emailOutbox.updateMany({
    where: { shop, orderGid, status: "queued", isTest: false, id: { not: exceptId } },
    data: { status: "coalesced", lastError: "superseded by a newer stage of the order" },
  });
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

// --- Dispatcher side. The dispatcher serves every shop, so these select across shops; every
// write still names the row's shop and the lease owner.

/** Ids of emails that are due, or whose lease ran out (their worker died mid-send). */
export async function listClaimableEmails(now: Date, limit: number, client?: Client) {
  const rows = await clientOr(client).emailOutbox.findMany({
    where: {
      OR: [
        { status: "queued", dueAt: { lte: now } },
        { status: "sending", leaseUntil: { lt: now } },
      ],
    },
    select: { id: true, shop: true },
    orderBy: { dueAt: "asc" },
    take: limit,
  });
  return rows;
}

/**
 * Takes the lease on one email if nobody else did: a conditional update, safe with several
 * workers on PostgreSQL and on SQLite. Returns the claimed row or null.
 */
export async function claimEmail(
  shop: string,
  id: number,
  owner: string,
  now: Date,
  leaseMs: number,
  client?: Client,
) {
  const c = clientOr(client);
  const { count } = await c.emailOutbox.updateMany({
    where: {
      shop,
      id,
      OR: [
        { status: "queued", dueAt: { lte: now } },
        { status: "sending", leaseUntil: { lt: now } },
      ],
    },
    data: {
      status: "sending",
      leaseOwner: owner,
      leaseUntil: new Date(now.getTime() + leaseMs),
      attempts: { increment: 1 },
    },
  });
  return count === 1 ? c.emailOutbox.findFirst({ where: { shop, id } }) : null;
}

/** Finishes a leased email; ignored when the lease moved to another worker meanwhile. */
export async function finishEmail(
  shop: string,
  id: number,
  owner: string,
  data: Prisma.EmailOutboxUpdateManyMutationInput & { status: EmailStatus },
  client?: Client,
) {
  const { count } = await clientOr(client).emailOutbox.updateMany({
    where: { shop, id, leaseOwner: owner, status: "sending" },
    data: { ...data, leaseOwner: null, leaseUntil: null },
  });
  return count === 1;
}

/** Forgets the recipient and content of a customer's emails (customers/redact). */
export function redactEmailsOfOrders(shop: string, orderGids: string[], client?: Client) {
  return clientOr(client).emailOutbox.updateMany({
    where: { shop, orderGid: { in: orderGids } },
    data: { recipient: "", subject: null, html: null, text: null },
  });
}
