// @ts-check
// Recomputes "nameKey" of every stored order with the app's own key function
// (app/domain/order-names.ts, loaded as TypeScript by Node 22's type stripping or by Vite in
// tests), for the migration that changed the key. Runs inside the migration's transaction, in
// batches along an index, writing only rows whose key changes.
import { normalizeOrderName } from "../../app/domain/order-names.ts";

const BATCH = 1000;

/** @param {string | null} name */
function keyOf(name) {
  return name ? normalizeOrderName(name) || null : null;
}

/** SQLite (better-sqlite3, inside the caller's transaction). @param {any} db */
export function rekeyOrderNamesSqlite(db) {
  const select = db.prepare(
    `SELECT rowid AS "id", "name", "nameKey" FROM "Order" WHERE rowid > ? ORDER BY rowid LIMIT ?`,
  );
  const update = db.prepare(`UPDATE "Order" SET "nameKey" = ? WHERE rowid = ?`);
  let changed = 0;
  for (let after = 0; ;) {
    const rows = select.all(after, BATCH);
    if (rows.length === 0) return changed;
    for (const row of rows) {
      const key = keyOf(row.name);
      if (key !== row.nameKey) {
        update.run(key, row.id);
        changed++;
      }
    }
    after = rows.at(-1).id;
  }
}

/** PostgreSQL (a pg client inside the caller's transaction). @param {any} client */
export async function rekeyOrderNamesPostgres(client) {
  let changed = 0;
  let after = ["", ""];
  for (;;) {
    const { rows } = await client.query(
      `SELECT "shop", "orderGid", "name", "nameKey" FROM "Order"
       WHERE ("shop", "orderGid") > ($1, $2) ORDER BY "shop", "orderGid" LIMIT $3`,
      [...after, BATCH],
    );
    if (rows.length === 0) return changed;
    const shops = [];
    const gids = [];
    const keys = [];
    for (const row of rows) {
      const key = keyOf(row.name);
      if (key === row.nameKey) continue;
      shops.push(row.shop);
      gids.push(row.orderGid);
      keys.push(key);
    }
    if (keys.length > 0) {
      await client.query(
        `UPDATE "Order" o SET "nameKey" = u."key"
         FROM unnest($1::text[], $2::text[], $3::text[]) AS u("shop", "orderGid", "key")
         WHERE o."shop" = u."shop" AND o."orderGid" = u."orderGid"`,
        [shops, gids, keys],
      );
      changed += keys.length;
    }
    const last = rows.at(-1);
    after = [last.shop, last.orderGid];
  }
}
