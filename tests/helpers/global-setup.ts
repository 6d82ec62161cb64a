// Once per test run: an up-to-date build, a migrated SQLite base file that each test file
// copies, and (for the PostgreSQL project) a migrated template database.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { applyMigrations } from "../../scripts/lib/migrations.mjs";
import { PG_ADMIN_URL, PG_TEMPLATE_DB, pgUrl, recreatePostgresTemplate } from "./postgres";

const root = path.resolve(import.meta.dirname, "../..");
export const TEST_CACHE = path.join(root, ".cache/test");
export const SQLITE_BASE = path.join(TEST_CACHE, "base.sqlite");

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const mtime = fs.statSync(path.join(entry.parentPath, entry.name)).mtimeMs;
    if (mtime > newest) newest = mtime;
  }
  return newest;
}

function ensureBuild() {
  const serverBuild = path.resolve(
    root,
    process.env.STAGELINE_BUILD_DIR || "build",
    "server/index.js",
  );
  const built = fs.existsSync(serverBuild) ? fs.statSync(serverBuild).mtimeMs : 0;
  const sources = Math.max(
    newestMtime(path.join(root, "app")),
    fs.statSync(path.join(root, "vite.config.ts")).mtimeMs,
  );
  if (built > sources) return;
  console.log("[tests] building the app (sources changed since the last build)…");
  execFileSync(
    process.execPath,
    [path.join(root, "node_modules/@remix-run/dev/dist/cli.js"), "vite:build"],
    {
      cwd: root,
      stdio: ["ignore", "ignore", "inherit"],
      env: { ...process.env, NODE_ENV: "production" },
    },
  );
}

let prepared = false;

export default async function setup(project: TestProject) {
  if (!prepared) {
    ensureBuild();
    fs.mkdirSync(TEST_CACHE, { recursive: true });
    for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(SQLITE_BASE + suffix, { force: true });
    await applyMigrations(`file:${SQLITE_BASE}`);
    prepared = true;
  }
  project.provide("sqliteBase", SQLITE_BASE);
  if (project.name === "integration-pg") {
    await recreatePostgresTemplate();
    project.provide("pgTemplate", pgUrl(PG_TEMPLATE_DB));
  }
  void PG_ADMIN_URL;
}

declare module "vitest" {
  export interface ProvidedContext {
    sqliteBase: string;
    pgTemplate: string;
  }
}
