#!/usr/bin/env node
// @ts-check
// Database tasks. Usage: node scripts/db.mjs <command>
//   migrate            apply pending migrations to DATABASE_URL (default: the local SQLite file)
//   generate           generate the Prisma clients for both providers
//   sync-schemas       derive prisma/postgresql/schema.prisma from prisma/schema.prisma
//   check-schemas      fail when the derived schema or the migrations are out of date
//   new-migration NAME write a migration for both providers from the schema change
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DEFAULT_DATABASE_URL } from "./lib/database-url.mjs";
import { applyMigrations, listMigrations, migrationsDir } from "./lib/migrations.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const SQLITE_SCHEMA = path.join(root, "prisma/schema.prisma");
const PG_SCHEMA = path.join(root, "prisma/postgresql/schema.prisma");
const SNAPSHOT = "schema.snapshot.prisma";
const PRISMA = path.join(root, "node_modules/prisma/build/index.js");
// The CLI needs some URL to build its adapter; these commands never touch the database.
const DUMMY_URL = {
  sqlite: `file:${path.join(os.tmpdir(), "stageline-prisma-cli.sqlite")}`,
  // `migrate diff` for PostgreSQL does connect (it leaves the data alone).
  postgresql: process.env.DATABASE_URL_PG || "postgresql://postgres@127.0.0.1:5432/postgres",
};

function derivePostgresSchema() {
  const source = fs.readFileSync(SQLITE_SCHEMA, "utf8");
  const derived = source
    .replace('provider = "sqlite"', 'provider = "postgresql"')
    .replace(
      'output     = "../node_modules/@stageline/prisma-sqlite"',
      'output     = "../../node_modules/@stageline/prisma-postgresql"',
    );
  return (
    "// GENERATED from prisma/schema.prisma by `npm run db:sync-schemas`. Do not edit.\n" + derived
  );
}

function prisma(args, provider) {
  return execFileSync(process.execPath, [PRISMA, ...args], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: DUMMY_URL[provider], PRISMA_HIDE_UPDATE_MESSAGE: "1" },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
}

function diffScript(provider, fromSchema, toSchema) {
  const from = fromSchema ? ["--from-schema-datamodel", fromSchema] : ["--from-empty"];
  const out = prisma(
    ["migrate", "diff", ...from, "--to-schema-datamodel", toSchema, "--script"],
    provider,
  );
  return out.replace(/^Loaded Prisma config.*\n/m, "");
}

function lastSnapshot(provider) {
  const names = listMigrations(provider).map((m) => m.name);
  const last = names.at(-1);
  return last ? path.join(migrationsDir(provider), last, SNAPSHOT) : null;
}

const commands = {
  async migrate() {
    const url = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
    const count = await applyMigrations(url, { log: (line) => console.log(`db:migrate: ${line}`) });
    console.log(
      `db:migrate: ${count ? `${count} migration(s) applied` : "up to date"} (${url.replace(/\/\/[^@]*@/, "//…@")})`,
    );
  },
  generate() {
    prisma(["generate", "--no-hints", "--schema", SQLITE_SCHEMA], "sqlite");
    prisma(["generate", "--no-hints", "--schema", PG_SCHEMA], "postgresql");
    console.log("db:generate: clients in node_modules/@stageline/prisma-{sqlite,postgresql}");
  },
  "sync-schemas"() {
    fs.writeFileSync(PG_SCHEMA, derivePostgresSchema());
    console.log("db:sync-schemas: wrote prisma/postgresql/schema.prisma");
  },
  "check-schemas"() {
    if (fs.readFileSync(PG_SCHEMA, "utf8") !== derivePostgresSchema()) {
      throw new Error("prisma/postgresql/schema.prisma is stale: run `npm run db:sync-schemas`");
    }
    for (const [provider, schema] of /** @type {const} */ ([
      ["sqlite", SQLITE_SCHEMA],
      ["postgresql", PG_SCHEMA],
    ])) {
      const snapshot = lastSnapshot(provider);
      if (!snapshot || fs.readFileSync(snapshot, "utf8") !== fs.readFileSync(schema, "utf8")) {
        throw new Error(
          `${provider} schema changed without a migration: run \`node scripts/db.mjs new-migration <name>\``,
        );
      }
    }
  },
  "new-migration"(name) {
    if (!name || !/^[a-z0-9_]+$/.test(name))
      throw new Error("usage: new-migration <snake_case_name>");
    commands["sync-schemas"]();
    const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
    for (const [provider, schema] of /** @type {const} */ ([
      ["sqlite", SQLITE_SCHEMA],
      ["postgresql", PG_SCHEMA],
    ])) {
      const sql = diffScript(provider, lastSnapshot(provider), schema);
      const dir = path.join(migrationsDir(provider), `${stamp}_${name}`);
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, "migration.sql"), sql);
      fs.copyFileSync(schema, path.join(dir, SNAPSHOT));
      const lock = path.join(migrationsDir(provider), "migration_lock.toml");
      fs.writeFileSync(lock, `# Please do not edit this file manually\nprovider = "${provider}"\n`);
      console.log(`new-migration: ${path.relative(root, dir)}`);
    }
  },
};

const [command, ...args] = process.argv.slice(2);
if (!commands[command]) {
  console.error(`usage: node scripts/db.mjs ${Object.keys(commands).join("|")}`);
  process.exit(2);
}
try {
  await commands[command](...args);
} catch (error) {
  console.error(`db ${command}: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
