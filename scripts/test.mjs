#!/usr/bin/env node
// @ts-check
// `npm test`: the whole suite. Unit and SQLite integration tests always run; the same
// integration tests run on PostgreSQL when one answers (DATABASE_URL_PG, else 127.0.0.1:5432);
// browser tests need Debian's Chromium (/usr/bin/chromium or CHROMIUM_PATH).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const pgUrl = process.env.DATABASE_URL_PG || "postgresql://postgres@127.0.0.1:5432/postgres";

async function postgresReachable() {
  const client = new pg.Client({ connectionString: pgUrl, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

const projects = ["unit", "integration"];
if (await postgresReachable()) {
  projects.push("integration-pg");
} else {
  console.log(
    `\n[tests] PostgreSQL is not reachable at ${pgUrl.replace(/\/\/[^@]*@/, "//…@")}: the PostgreSQL` +
      " integration project is SKIPPED. Set DATABASE_URL_PG to run it.\n",
  );
}

const chromium = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
if (!fs.existsSync(chromium)) {
  console.error(
    `[tests] Chromium not found at ${chromium}. Install it with \`sudo apt-get install -y chromium\`` +
      " (or set CHROMIUM_PATH); browser tests are part of the suite.",
  );
  process.exit(1);
}
projects.push("browser");

const args = ["run", ...projects.flatMap((p) => ["--project", p]), ...process.argv.slice(2)];
const result = spawnSync(
  process.execPath,
  [path.join(root, "node_modules/vitest/vitest.mjs"), ...args],
  {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, TZ: "UTC" },
  },
);
process.exit(result.status ?? 1);
