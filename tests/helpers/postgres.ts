import crypto from "node:crypto";
import path from "node:path";
import pg from "pg";
import { applyMigrations } from "../../scripts/lib/migrations.mjs";

/** PostgreSQL server used by the suite: DATABASE_URL_PG, else the local trust-auth server. */
export const PG_ADMIN_URL =
  process.env.DATABASE_URL_PG || "postgresql://postgres@127.0.0.1:5432/postgres";
/** One template per checkout, so two checkouts on one server never drop each other's template. */
export const PG_TEMPLATE_DB = `stageline_test_template_${crypto
  .createHash("sha1")
  .update(path.resolve(import.meta.dirname, "../.."))
  .digest("hex")
  .slice(0, 8)}`;

export function pgUrl(database: string): string {
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function withPgAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 2000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function isPostgresReachable(): Promise<boolean> {
  try {
    await withPgAdmin((c) => c.query("SELECT 1"));
    return true;
  } catch {
    return false;
  }
}

export async function recreatePostgresTemplate() {
  await withPgAdmin(async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${PG_TEMPLATE_DB} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${PG_TEMPLATE_DB}`);
  });
  await applyMigrations(pgUrl(PG_TEMPLATE_DB));
}

/** A fresh database cloned from the migrated template (fast: a file copy inside PostgreSQL). */
export async function createDatabaseFromTemplate(name: string) {
  await withPgAdmin((c) => c.query(`CREATE DATABASE ${name} TEMPLATE ${PG_TEMPLATE_DB}`));
  return pgUrl(name);
}

export async function dropDatabase(name: string) {
  await withPgAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}
