// The one Prisma client of the process. DATABASE_URL picks the provider: both generated
// clients share one data model (prisma/schema.prisma), so the rest of the app sees one type.
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@stageline/prisma-sqlite";
import { PrismaClient as PostgresPrismaClient } from "@stageline/prisma-postgresql";
import { env } from "./env.server";

export type Db = PrismaClient;
export type Tx = Omit<
  PrismaClient,
  "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends" | "$use"
>;
export type DatabaseProvider = "sqlite" | "postgresql";

export function databaseProvider(url: string): DatabaseProvider {
  return /^postgres(ql)?:\/\//.test(url) ? "postgresql" : "sqlite";
}

function createClient(url: string): Db {
  if (databaseProvider(url) === "postgresql") {
    const adapter = new PrismaPg({ connectionString: url, max: 10 });
    // Same models, same generated API: only the SQL dialect differs.
    return new PostgresPrismaClient({ adapter }) as unknown as Db;
  }
  const file = url.replace(/^file:/, "").replace(/\?.*$/, "");
  // 5 s busy timeout: writers from the web and worker processes queue instead of failing.
  const adapter = new PrismaBetterSQLite3({ url: file, timeout: 5000 });
  return new PrismaClient({ adapter });
}

declare global {
  // Survives dev-server module reloads, so reloads do not open new connections.
  var __stagelineDb: { url: string; client: Db } | undefined;
}

/** The shared client for the configured DATABASE_URL. */
export function db(): Db {
  const url = env().DATABASE_URL;
  if (!globalThis.__stagelineDb || globalThis.__stagelineDb.url !== url) {
    globalThis.__stagelineDb = { url, client: createClient(url) };
  }
  return globalThis.__stagelineDb.client;
}

export function currentProvider(): DatabaseProvider {
  return databaseProvider(env().DATABASE_URL);
}

/** True when the database answers a trivial query within `timeoutMs`. */
export async function isDatabaseReachable(timeoutMs = 2000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error("database health check timed out")), timeoutMs);
    });
    await Promise.race([db().$queryRawUnsafe("SELECT 1"), timeout]);
    return true;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
