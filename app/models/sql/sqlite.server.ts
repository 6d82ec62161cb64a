// SQLite on the driver (better-sqlite3): value formats as Prisma's adapter writes them, and
// waiting for the write lock without blocking the event loop.
import type { SqliteDatabase } from "~/db.server";
import { SQLITE_LOCK_TIMEOUT_MS } from "~/db.server";

/** DateTime as Prisma's SQLite adapter writes it: "2026-01-02T03:04:05.678+00:00". */
export function sqliteTime(date: Date): string {
  return date.toISOString().replace("Z", "+00:00");
}

export function sqliteValue(value: string | number | Date | null): string | number | null {
  return value instanceof Date ? sqliteTime(value) : (value ?? null);
}

/** Prisma reads DateTime columns written as ISO text or as epoch milliseconds. */
export function readSqliteTime(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  return new Date(typeof value === "string" ? value : Number(value));
}

export function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return (
    typeof code === "string" && (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED"))
  );
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `work` (a statement or a whole synchronous transaction), retrying while another
 * connection holds the write lock, for up to SQLITE_LOCK_TIMEOUT_MS.
 */
export async function whenUnlocked<T>(work: () => T): Promise<T> {
  const deadline = Date.now() + SQLITE_LOCK_TIMEOUT_MS;
  for (let wait = 1; ; wait = Math.min(wait * 2, 25)) {
    try {
      return work();
    } catch (error) {
      if (!isBusy(error) || Date.now() >= deadline) throw error;
    }
    await sleep(wait);
  }
}

export type { SqliteDatabase };
