// @ts-check
// The bench's databases: a SQLite file in the bench's work folder (default) or, with
// BENCH_DB=postgresql, a database the bench creates on the PostgreSQL server
// (BENCH_PG_URL, else 127.0.0.1:5432) and drops when it ends. Both are migrated with the app's
// own migrations and seeded directly (fast), never through the app.
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { applyMigrations } from "../lib/migrations.mjs";

export const SEED_FACTS = JSON.stringify({
  order: {
    at: "2026-01-01T00:00:00.000Z",
    financialStatus: "paid",
    fulfillmentStatus: "fulfilled",
    cancelledAt: null,
    cancelReason: null,
    closedAt: null,
  },
  fulfillments: [
    {
      gid: "gid://shopify/Fulfillment/1",
      at: "2026-01-02T00:00:00.000Z",
      status: "success",
      shipmentStatus: "in_transit",
      trackingCompany: "PostNord",
      trackingNumbers: ["PN123"],
      trackingUrls: ["https://tracking.example/PN123"],
      estimatedDeliveryAt: null,
      events: [],
    },
  ],
  fulfillmentOrders: [],
  refunds: [],
  returns: [],
});

/**
 * @typedef {{ shopCount: number, perShop: number, stageKey: string, emails?: boolean }} SeedPlan
 * @typedef {{
 *   kind: "sqlite" | "postgresql",
 *   label: string,
 *   url: string,
 *   installShop(shop: string): Promise<void>,
 *   count(table: string): Promise<number>,
 *   execute(text: string, values: unknown[]): Promise<void>,
 *   seed(plan: SeedPlan): Promise<{ perShop: number, seconds: number }>,
 *   drop(): Promise<void>,
 * }} BenchStore
 */

/** @param {string} root @returns {Promise<any[]>} */
async function defaultStages(root) {
  // Node 22 strips the types of this dependency-free domain module.
  const { DEFAULT_STAGES } = await import(path.join(root, "app/domain/stages.ts"));
  return DEFAULT_STAGES;
}

/**
 * A migrated, empty database named `name` of the kind BENCH_DB asks for.
 * @param {{ root: string, work: string, name: string }} where
 * @returns {Promise<BenchStore>}
 */
export async function createBenchStore({ root, work, name }) {
  return process.env.BENCH_DB === "postgresql"
    ? postgresStore(root, name)
    : sqliteStore(root, path.join(work, `${name}.sqlite`));
}

/** @param {string} root @param {string} file @returns {Promise<BenchStore>} */
async function sqliteStore(root, file) {
  const url = `file:${file}`;
  await applyMigrations(url);
  const open = () => new Database(file);
  return {
    kind: "sqlite",
    label: "SQLite",
    url,
    async installShop(shop) {
      const db = open();
      insertSqliteSession(db, shop);
      db.close();
    },
    async count(table) {
      const db = new Database(file, { readonly: true });
      const row = /** @type {{ n: number }} */ (
        db.prepare(`SELECT COUNT(*) n FROM "${table}"`).get()
      );
      db.close();
      return row.n;
    },
    async execute(text, values) {
      const db = open();
      // "$1" → "@p1"; instants as the app writes them.
      const named = Object.fromEntries(
        values.map((v, i) => [
          `p${i + 1}`,
          v instanceof Date ? v.toISOString().replace("Z", "+00:00") : v,
        ]),
      );
      db.prepare(text.replace(/\$(\d+)/g, "@p$1")).run(named);
      db.close();
    },
    async seed(plan) {
      return seedSqlite(open(), await defaultStages(root), plan);
    },
    async drop() {},
  };
}

/** @param {import("better-sqlite3").Database} db @param {string} shop */
export function insertSqliteSession(db, shop) {
  db.prepare(
    `INSERT OR IGNORE INTO "Session" (id, shop, state, isOnline, scope, accessToken) VALUES (?, ?, 'installed', 0, 'read_orders', ?)`,
  ).run(`offline_${shop}`, shop, `shpat_bench_${shop}`);
}

/**
 * `shopCount` shops ("shop-<s>.myshopify.com") with the default stages and `perShop` orders each
 * (#1001…, shopper<o>@example.com), every order in `stageKey` with two timeline events. With
 * `emails`, every order also has its stage email queued, due now.
 * @param {import("better-sqlite3").Database} db @param {any[]} stages @param {SeedPlan} plan
 */
function seedSqlite(db, stages, { shopCount, perShop, stageKey, emails = false }) {
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = OFF");
  const now = new Date().toISOString().replace("Z", "+00:00");
  const insertShop = db.prepare(
    `INSERT INTO "Shop" (shop, name, locale, createdAt, updatedAt) VALUES (?, ?, 'en', ?, ?)`,
  );
  const insertStage = db.prepare(
    `INSERT INTO "Stage" (shop, key, labels, descriptions, internalName, color, icon, position, kind, exception, visibleToCustomer, notifyCustomer, expectedBusinessDays, createdAt, updatedAt)
     VALUES (?, ?, ?, ?, ?, 'info', 'circle', ?, ?, ?, 1, ?, NULL, ?, ?)`,
  );
  const insertOrder = db.prepare(
    `INSERT INTO "Order" (shop, orderGid, name, nameKey, email, customerFirstName, locale, lineItems, placedAt, financialStatus, facts, stageKey, stageSource, stageEnteredAt, candidateKey, version, createdAt, updatedAt)
     VALUES (?, ?, ?, ?, ?, 'Alex', ?, '[]', ?, 'paid', ?, ?, 'shopify', ?, ?, 0, ?, ?)`,
  );
  const insertEvent = db.prepare(
    `INSERT INTO "TimelineEvent" (shop, orderGid, fromKey, toKey, source, occurredAt, recordedAt, customerNotified) VALUES (?, ?, ?, ?, ?, ?, ?, 0)`,
  );
  const insertEmail = db.prepare(
    `INSERT INTO "EmailOutbox" (shop, orderGid, stageKey, dedupeKey, timelineEventId, recipient, locale, status, dueAt, attempts, isTest, createdAt, updatedAt)
     VALUES (?, ?, ?, ?, ?, ?, ?, 'queued', ?, 0, 0, ?, ?)`,
  );
  const seed = db.transaction((/** @type {number} */ s) => {
    const shop = `shop-${s}.myshopify.com`;
    insertShop.run(shop, `Shop ${s}`, now, now);
    insertSqliteSession(db, shop);
    for (const stage of stages) {
      insertStage.run(
        shop,
        stage.key,
        JSON.stringify(stage.labels),
        JSON.stringify(stage.descriptions),
        stage.labels.en,
        stage.position,
        stage.kind,
        stage.exception ? 1 : 0,
        stage.notifyCustomer ? 1 : 0,
        now,
        now,
      );
    }
    for (let o = 0; o < perShop; o++) {
      const gid = `gid://shopify/Order/${s * 1_000_000 + o}`;
      const email = `shopper${o}@example.com`;
      const locale = o % 4 === 3 ? "sv" : "en";
      insertOrder.run(
        shop,
        gid,
        `#${1001 + o}`,
        String(1001 + o),
        email,
        locale,
        now,
        SEED_FACTS,
        stageKey,
        now,
        stageKey,
        now,
        now,
      );
      insertEvent.run(shop, gid, null, "confirmed", "shopify", now, now);
      const { lastInsertRowid } = insertEvent.run(
        shop,
        gid,
        "confirmed",
        stageKey,
        "shopify",
        now,
        now,
      );
      if (emails) {
        const eventId = Number(lastInsertRowid);
        insertEmail.run(
          shop,
          gid,
          stageKey,
          `${gid}#${eventId}`,
          eventId,
          email,
          locale,
          now,
          now,
          now,
        );
      }
    }
  });
  const started = performance.now();
  for (let s = 0; s < shopCount; s++) seed(s);
  db.close();
  return { perShop, seconds: (performance.now() - started) / 1000 };
}

/** @param {string} root @param {string} name @returns {Promise<BenchStore>} */
async function postgresStore(root, name) {
  const admin = new URL(
    process.env.BENCH_PG_URL || "postgresql://postgres@127.0.0.1:5432/postgres",
  );
  const database = `stageline_bench_${name}_${process.pid}`;
  const url = new URL(admin);
  url.pathname = `/${database}`;
  const adminQuery = async (/** @type {string} */ sql) => {
    const client = new pg.Client({ connectionString: admin.toString() });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await adminQuery(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  await adminQuery(`CREATE DATABASE ${database}`);
  await applyMigrations(url.toString());
  /** @param {(client: pg.Client) => Promise<any>} work */
  const withClient = async (work) => {
    const client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  };
  return {
    kind: "postgresql",
    label: "PostgreSQL",
    url: url.toString(),
    installShop: (shop) =>
      withClient((c) =>
        c.query(
          `INSERT INTO "Session" (id, shop, state, "isOnline", scope, "accessToken") VALUES ($1, $2, 'installed', false, 'read_orders', $3) ON CONFLICT DO NOTHING`,
          [`offline_${shop}`, shop, `shpat_bench_${shop}`],
        ),
      ),
    count: (table) =>
      withClient(async (c) =>
        Number((await c.query(`SELECT COUNT(*) n FROM "${table}"`)).rows[0].n),
      ),
    execute: (text, values) => withClient(async (c) => void (await c.query(text, values))),
    seed: async (plan) => withClient(async (c) => seedPostgres(c, await defaultStages(root), plan)),
    drop: () => adminQuery(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`),
  };
}

/**
 * The same data as seedSqlite, written set-wise (generate_series) so a million orders take
 * seconds rather than a million round trips.
 * @param {pg.Client} c @param {any[]} stages @param {SeedPlan} plan
 */
async function seedPostgres(c, stages, { shopCount, perShop, stageKey, emails = false }) {
  const started = performance.now();
  await c.query("SET synchronous_commit = off");
  const now = new Date();
  for (let s = 0; s < shopCount; s++) {
    const shop = `shop-${s}.myshopify.com`;
    await c.query("BEGIN");
    await c.query(
      `INSERT INTO "Shop" (shop, name, locale, "createdAt", "updatedAt") VALUES ($1, $2, 'en', $3, $3)`,
      [shop, `Shop ${s}`, now],
    );
    await c.query(
      `INSERT INTO "Session" (id, shop, state, "isOnline", scope, "accessToken") VALUES ($1, $2, 'installed', false, 'read_orders', $3)`,
      [`offline_${shop}`, shop, `shpat_bench_${shop}`],
    );
    for (const stage of stages) {
      await c.query(
        `INSERT INTO "Stage" (shop, key, labels, descriptions, "internalName", color, icon, position, kind, exception, "visibleToCustomer", "notifyCustomer", "expectedBusinessDays", "createdAt", "updatedAt")
         VALUES ($1, $2, $3, $4, $5, 'info', 'circle', $6, $7, $8, true, $9, NULL, $10, $10)`,
        [
          shop,
          stage.key,
          JSON.stringify(stage.labels),
          JSON.stringify(stage.descriptions),
          stage.labels.en,
          stage.position,
          stage.kind,
          Boolean(stage.exception),
          Boolean(stage.notifyCustomer),
          now,
        ],
      );
    }
    const gid = `'gid://shopify/Order/' || ($1::bigint * 1000000 + o)`;
    await c.query(
      `INSERT INTO "Order" (shop, "orderGid", name, "nameKey", email, "customerFirstName", locale, "lineItems", "placedAt", "financialStatus", facts, "stageKey", "stageSource", "stageEnteredAt", "candidateKey", version, "createdAt", "updatedAt")
       SELECT $2, ${gid}, '#' || (1001 + o), (1001 + o)::text, 'shopper' || o || '@example.com', 'Alex',
              CASE WHEN o % 4 = 3 THEN 'sv' ELSE 'en' END, '[]', $3, 'paid', $4, $5, 'shopify', $3, $5, 0, $3, $3
       FROM generate_series(0, $6::int - 1) AS o`,
      [s, shop, now, SEED_FACTS, stageKey, perShop],
    );
    await c.query(
      `INSERT INTO "TimelineEvent" (shop, "orderGid", "fromKey", "toKey", source, "occurredAt", "recordedAt", "customerNotified")
       SELECT $2, ${gid}, NULL, 'confirmed', 'shopify', $3, $3, false FROM generate_series(0, $4::int - 1) AS o`,
      [s, shop, now, perShop],
    );
    const entered = `INSERT INTO "TimelineEvent" (shop, "orderGid", "fromKey", "toKey", source, "occurredAt", "recordedAt", "customerNotified")
       SELECT $2, ${gid}, 'confirmed', $5, 'shopify', $3, $3, false FROM generate_series(0, $4::int - 1) AS o
       RETURNING id, "orderGid"`;
    if (!emails) {
      await c.query(entered, [s, shop, now, perShop, stageKey]);
    } else {
      await c.query(
        `WITH entered AS (${entered}),
              numbered AS (SELECT id, "orderGid", substring("orderGid" from '\\d+$')::bigint - $1::bigint * 1000000 AS o FROM entered)
         INSERT INTO "EmailOutbox" (shop, "orderGid", "stageKey", "dedupeKey", "timelineEventId", recipient, locale, status, "dueAt", attempts, "isTest", "createdAt", "updatedAt")
         SELECT $2, "orderGid", $5, "orderGid" || '#' || id, id, 'shopper' || o || '@example.com',
                CASE WHEN o % 4 = 3 THEN 'sv' ELSE 'en' END, 'queued', $3, 0, false, $3, $3
         FROM numbered`,
        [s, shop, now, perShop, stageKey],
      );
    }
    await c.query("COMMIT");
  }
  await c.query("ANALYZE");
  return { perShop, seconds: (performance.now() - started) / 1000 };
}
