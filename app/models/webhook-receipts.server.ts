import { clientOr, isUniqueViolation, type Client } from "./client.server";

/**
 * Removes receipts older than `before`, and rejected ones (kept with their body for inspection
 * and replay) older than `rejectedBefore` (across shops: housekeeping, not a tenant read).
 */
export async function deleteReceiptsBefore(before: Date, rejectedBefore: Date, client?: Client) {
  const c = clientOr(client);
  const [accepted, rejected] = await Promise.all([
    c.webhookReceipt.deleteMany({ where: { receivedAt: { lt: before }, rejectedError: null } }),
    c.webhookReceipt.deleteMany({
      where: { receivedAt: { lt: rejectedBefore }, rejectedError: { not: null } },
    }),
  ]);
  return { count: accepted.count + rejected.count };
}

export interface RejectedDelivery {
  eventId: string;
  topic: string;
  webhookId: string | null;
  triggeredAt: Date | null;
  error: string;
  rawBody: string;
}

/** Keeps an authentic delivery that could not be read; a repeat of the event is ignored. */
export async function recordRejectedDelivery(
  shop: string,
  delivery: RejectedDelivery,
  client?: Client,
): Promise<boolean> {
  try {
    await clientOr(client).webhookReceipt.create({
      data: {
        shop,
        eventId: delivery.eventId,
        topic: delivery.topic,
        webhookId: delivery.webhookId,
        triggeredAt: delivery.triggeredAt,
        rejectedError: delivery.error,
        rawBody: delivery.rawBody,
      },
    });
    return true;
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}

/** The shop's rejected deliveries, newest first (at most `take`), and how many there are. */
export async function listRejectedDeliveries(shop: string, take: number, client?: Client) {
  const c = clientOr(client);
  const where = { shop, rejectedError: { not: null } };
  const [count, latest] = await Promise.all([
    c.webhookReceipt.count({ where }),
    c.webhookReceipt.findMany({
      where,
      orderBy: { receivedAt: "desc" },
      take,
      select: { eventId: true, topic: true, rejectedError: true, receivedAt: true },
    }),
  ]);
  return { count, latest };
}

/** Every shop's rejected deliveries, oldest first (the replay command). */
export function listAllRejectedDeliveries(client?: Client) {
  return clientOr(client).webhookReceipt.findMany({
    where: { rejectedError: { not: null } },
    orderBy: { receivedAt: "asc" },
  });
}

/** Updates why a replayed delivery is still unreadable. */
export function updateRejection(shop: string, eventId: string, error: string, client?: Client) {
  return clientOr(client).webhookReceipt.updateMany({
    where: { shop, eventId, rejectedError: { not: null } },
    data: { rejectedError: error },
  });
}

/** Forgets a rejected delivery that was replayed by a service without receipts of its own. */
export function deleteRejectedDelivery(shop: string, eventId: string, client?: Client) {
  return clientOr(client).webhookReceipt.deleteMany({
    where: { shop, eventId, rejectedError: { not: null } },
  });
}
