// The one Prisma client of the process. DATABASE_URL picks the provider: both generated
// clients share one data model (prisma/schema.prisma), so the rest of the app sees one type.
//
// The webhook hot path (app/models/order-deliveries.server.ts) also needs the driver itself,
// for prepared statements without Prisma's per-query cost: on PostgreSQL it shares Prisma's
// connection pool, on SQLite it has a second connection of its own (see docs/decisions/005).
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@stageline/prisma-sqlite";
import { PrismaClient as PostgresPrismaClient } from "@stageline/prisma-postgresql";
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import Database from "better-sqlite3";
import pg from "pg";
import { env } from "./env.server";

export type Db = PrismaClient;
export type Tx = Omit<
  PrismaClient,
  "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends" | "$use"
>;
export type DatabaseProvider = "sqlite" | "postgresql";
export type SqliteDatabase = Database.Database;

/**
 * How long a SQLite writer waits for the write lock before giving up (the delivery then fails
 * with a 5xx and Shopify retries it): writers of the web and worker processes queue, not fail.
 */
export const SQLITE_LOCK_TIMEOUT_MS = 5000;

export function databaseProvider(url: string): DatabaseProvider {
  return /^postgres(ql)?:\/\//.test(url) ? "postgresql" : "sqlite";
}

function sqliteFile(url: string) {
  return url.replace(/^file:/, "").replace(/\?.*$/, "");
}

interface Connections {
  url: string;
  client: Db;
  /** PostgreSQL: the pool Prisma uses, shared with the models' prepared statements. */
  pool?: pg.Pool;
  /** SQLite: the models' own connection, opened on first use. */
  sqlite?: SqliteDatabase;
  checkpointer?: Worker;
}

function connect(url: string): Connections {
  if (databaseProvider(url) === "postgresql") {
    const pool = new pg.Pool({ connectionString: url, max: 10 });
    // A pooled connection the server closed (restart, failover) is dropped by the pool; the
    // next query opens a new one. Without a listener the error would end the process.
    pool.on("error", (error) => {
      console.warn(`stageline: idle database connection closed: ${error.message}`);
    });
    // Same models, same generated API: only the SQL dialect differs.
    const adapter = new PrismaPg(pool, { disposeExternalPool: true });
    return { url, pool, client: new PostgresPrismaClient({ adapter }) as unknown as Db };
  }
  const adapter = new PrismaBetterSQLite3({
    url: sqliteFile(url),
    timeout: SQLITE_LOCK_TIMEOUT_MS,
  });
  return { url, client: new PrismaClient({ adapter }) };
}

declare global {
  // Survives dev-server module reloads, so reloads do not open new connections.
  var __stagelineDb: Connections | undefined;
}

function connections(): Connections {
  const url = env().DATABASE_URL;
  if (!globalThis.__stagelineDb || globalThis.__stagelineDb.url !== url) {
    globalThis.__stagelineDb = connect(url);
  }
  return globalThis.__stagelineDb;
}

/** The shared client for the configured DATABASE_URL. */
export function db(): Db {
  return connections().client;
}

export function currentProvider(): DatabaseProvider {
  return databaseProvider(env().DATABASE_URL);
}

/** PostgreSQL only: the connection pool behind `db()`. */
export function postgresPool(): pg.Pool {
  const { pool } = connections();
  if (!pool) throw new Error("postgresPool() needs a postgresql:// DATABASE_URL");
  return pool;
}

/**
 * SQLite only: a connection for prepared statements. It never waits for a lock itself (a
 * waiting better-sqlite3 call would block the event loop, and with it whoever holds the lock in
 * this process): callers retry on SQLITE_BUSY without blocking, up to SQLITE_LOCK_TIMEOUT_MS.
 * WAL with synchronous=NORMAL: a commit survives a crash of the process (not of the machine
 * before the next checkpoint), which is the durability every 2xx promises.
 */
export function sqliteDatabase(): SqliteDatabase {
  const c = connections();
  if (databaseProvider(c.url) !== "sqlite")
    throw new Error("sqliteDatabase() needs a file: DATABASE_URL");
  if (!c.sqlite?.open) {
    const database = new Database(sqliteFile(c.url), { timeout: 0 });
    try {
      // Migrations put the file in WAL mode (persistent); this only checks it.
      if (database.pragma("journal_mode", { simple: true }) !== "wal")
        database.pragma("journal_mode = WAL");
      database.pragma("synchronous = NORMAL");
      // Checkpoints (copying the WAL into the database file, with its fsyncs) run on a thread
      // of their own; this connection checkpoints only if that thread falls far behind.
      database.pragma(`wal_autocheckpoint = ${BACKSTOP_CHECKPOINT_PAGES}`);
    } catch (error) {
      database.close();
      throw error;
    }
    c.sqlite = database;
    c.checkpointer ??= startCheckpointer(sqliteFile(c.url));
  }
  return c.sqlite;
}

const CHECKPOINT_INTERVAL_MS = 200;
const BACKSTOP_CHECKPOINT_PAGES = 20_000;

// Runs in a worker thread: a passive checkpoint never blocks readers or writers.
const CHECKPOINTER_SOURCE = `
const { workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const database = new Database(workerData.file, { timeout: 0, fileMustExist: true });
setInterval(() => {
  try {
    database.pragma("wal_checkpoint(PASSIVE)");
  } catch {
    // Locked or gone for a moment: the next round checkpoints.
  }
}, workerData.intervalMs);
`;

function startCheckpointer(file: string): Worker | undefined {
  try {
    const driver = createRequire(import.meta.url).resolve("better-sqlite3");
    const worker = new Worker(CHECKPOINTER_SOURCE, {
      eval: true,
      workerData: { driver, file, intervalMs: CHECKPOINT_INTERVAL_MS },
    });
    worker.on("error", (error) => {
      console.warn(`stageline: the SQLite checkpoint thread stopped: ${error.message}`);
    });
    worker.unref();
    return worker;
  } catch (error) {
    console.warn(`stageline: no SQLite checkpoint thread: ${(error as Error).message}`);
    return undefined;
  }
}
