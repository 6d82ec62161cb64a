import { clientOr, type Client } from "./client.server";
import { sql } from "./sql/connection.server";

type SessionsChanged = (shop: string) => void;
const listeners = new Set<SessionsChanged>();

/**
 * Tells `listener` about every write of a shop's sessions made here (uninstall, scope update),
 * so a cache of sessions (app/shopify.server.ts) can drop the shop. Returns the unsubscribe.
 */
export function onShopSessionsChanged(listener: SessionsChanged): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

async function changing<T>(shop: string, write: Promise<T>): Promise<T> {
  // Before and after: a read racing with the write must not keep the old rows.
  for (const listener of listeners) listener(shop);
  try {
    return await write;
  } finally {
    for (const listener of listeners) listener(shop);
  }
}

export function deleteShopSessions(shop: string, client?: Client) {
  return changing(shop, clientOr(client).session.deleteMany({ where: { shop } }));
}

export function updateShopSessionScopes(shop: string, scope: string, client?: Client) {
  return changing(shop, clientOr(client).session.updateMany({ where: { shop }, data: { scope } }));
}

const SESSION_EXISTS = {
  name: "session_exists",
  text: `SELECT "id" FROM "Session" WHERE "id" = $1`,
};

/** Whether a session with this id is stored (a prepared primary-key probe). */
export async function sessionExists(id: string): Promise<boolean> {
  return (await sql().all(SESSION_EXISTS, [id])).length > 0;
}

/** Shops with an offline session (the app installed), in name order, for background jobs. */
export async function installedShops(client?: Client): Promise<string[]> {
  const rows = await clientOr(client).session.findMany({
    where: { isOnline: false },
    select: { shop: true },
    distinct: ["shop"],
    orderBy: { shop: "asc" },
  });
  return rows.map((row) => row.shop);
}
