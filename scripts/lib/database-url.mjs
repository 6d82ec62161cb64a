// @ts-check
// Shared by the app's db.server.ts, the CLI scripts and the test harness.
import path from "node:path";

export const DEFAULT_DATABASE_URL = "file:./data/stageline.sqlite";

/**
 * @param {string} url
 * @returns {"sqlite" | "postgresql"}
 */
export function databaseProvider(url) {
  if (/^postgres(ql)?:\/\//.test(url)) return "postgresql";
  if (url.startsWith("file:")) return "sqlite";
  throw new Error(
    `DATABASE_URL must start with "file:" (SQLite) or "postgresql://" (PostgreSQL); got "${url.slice(0, 20)}…"`,
  );
}

/**
 * The SQLite file path of a `file:` URL, resolved against the working directory.
 * @param {string} url
 */
export function sqliteFilePath(url) {
  const raw = url.replace(/^file:/, "").replace(/\?.*$/, "");
  return raw === ":memory:" ? raw : path.resolve(raw);
}
