// @ts-check
// Applies the SQL migrations in prisma/migrations (SQLite) or prisma/postgresql/migrations
// (PostgreSQL). The bookkeeping table is Prisma's own `_prisma_migrations`, so `prisma migrate
// deploy` and this runner agree on what has been applied. See docs/decisions/004.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { databaseProvider, sqliteFilePath } from "./database-url.mjs";
import { rekeyOrderNamesPostgres, rekeyOrderNamesSqlite } from "./order-name-keys.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
// Same lock id Prisma Migrate uses, so the two never run concurrently.
const PG_ADVISORY_LOCK = 72707369;

/**
 * Data steps SQL cannot express, run right after their migration's SQL in its transaction (so a
 * migration and its data change are applied together or not at all).
 * @type {Record<string, { sqlite: (db: any) => number, postgresql: (client: any) => Promise<number> }>}
 */
const DATA_STEPS = {
  "20261208120000_order_name_key_unicode": {
    sqlite: rekeyOrderNamesSqlite,
    postgresql: rekeyOrderNamesPostgres,
  },
};

/** @typedef {{ name: string, sql: string, checksum: string }} Migration */
/** @typedef {(line: string) => void} Log */

/** @param {"sqlite" | "postgresql"} provider */
export function migrationsDir(provider) {
  return provider === "postgresql"
    ? path.join(root, "prisma/postgresql/migrations")
    : path.join(root, "prisma/migrations");
}

/**
 * @param {"sqlite" | "postgresql"} provider
 * @returns {Migration[]}
 */
export function listMigrations(provider) {
  const dir = migrationsDir(provider);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: crypto.createHash("sha256").update(sql).digest("hex") };
    });
}

/**
 * @param {{ migration_name: string, checksum: string }[]} applied
 * @param {Migration[]} migrations
 */
function checkApplied(applied, migrations) {
  for (const row of applied) {
    const known = migrations.find((m) => m.name === row.migration_name);
    if (!known) throw new Error(`Database has migration ${row.migration_name}, unknown here`);
    if (known.checksum !== row.checksum) {
      throw new Error(`Migration ${row.migration_name} was edited after it was applied`);
    }
  }
}

/**
 * @param {string} url
 * @param {Log} log
 */
async function migrateSqlite(url, log) {
  const { default: Database } = await import("better-sqlite3");
  const file = sqliteFilePath(url);
  if (file !== ":memory:") fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  try {
    db.pragma("journal_mode = WAL");
    db.exec(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" TEXT PRIMARY KEY NOT NULL, "checksum" TEXT NOT NULL, "finished_at" DATETIME,
      "migration_name" TEXT NOT NULL, "logs" TEXT, "rolled_back_at" DATETIME,
      "started_at" DATETIME NOT NULL DEFAULT current_timestamp,
      "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0)`);
    const migrations = listMigrations("sqlite");
    let count = 0;
    db.transaction(() => {
      const applied = /** @type {{ migration_name: string, checksum: string }[]} */ (
        db
          .prepare(
            `SELECT migration_name, checksum FROM "_prisma_migrations" WHERE rolled_back_at IS NULL`,
          )
          .all()
      );
      checkApplied(applied, migrations);
      const done = new Set(applied.map((r) => r.migration_name));
      for (const m of migrations) {
        if (done.has(m.name)) continue;
        db.exec(m.sql);
        DATA_STEPS[m.name]?.sqlite(db);
        db.prepare(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count)
           VALUES (?, ?, ?, ?, 1)`,
        ).run(crypto.randomUUID(), m.checksum, new Date().toISOString(), m.name);
        log(`applied ${m.name}`);
        count++;
      }
    }).immediate();
    return count;
  } finally {
    db.close();
  }
}

/**
 * @param {string} url
 * @param {Log} log
 */
async function migratePostgres(url, log) {
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [PG_ADVISORY_LOCK]);
    await client.query(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" VARCHAR(36) PRIMARY KEY NOT NULL, "checksum" VARCHAR(64) NOT NULL,
      "finished_at" TIMESTAMPTZ, "migration_name" VARCHAR(255) NOT NULL, "logs" TEXT,
      "rolled_back_at" TIMESTAMPTZ, "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
      "applied_steps_count" INTEGER NOT NULL DEFAULT 0)`);
    const migrations = listMigrations("postgresql");
    const { rows: applied } = await client.query(
      `SELECT migration_name, checksum FROM "_prisma_migrations" WHERE rolled_back_at IS NULL`,
    );
    checkApplied(applied, migrations);
    const done = new Set(applied.map((r) => r.migration_name));
    let count = 0;
    for (const m of migrations) {
      if (done.has(m.name)) continue;
      await client.query("BEGIN");
      try {
        await client.query(m.sql);
        await DATA_STEPS[m.name]?.postgresql(client);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count)
           VALUES ($1, $2, now(), $3, 1)`,
          [crypto.randomUUID(), m.checksum, m.name],
        );
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        const reason = error instanceof Error ? error.message : String(error);
        throw new Error(`Migration ${m.name} failed: ${reason}`);
      }
      log(`applied ${m.name}`);
      count++;
    }
    return count;
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [PG_ADVISORY_LOCK]).catch(() => {});
    await client.end();
  }
}

/**
 * Applies every pending migration to the database at `url`; returns how many ran.
 * @param {string} url
 * @param {{ log?: Log }} [options]
 */
export async function applyMigrations(url, { log = () => {} } = {}) {
  return databaseProvider(url) === "postgresql"
    ? migratePostgres(url, log)
    : migrateSqlite(url, log);
}
