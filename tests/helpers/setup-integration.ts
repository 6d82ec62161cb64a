// Per test file: its own database (a copy of the migrated SQLite base, or a PostgreSQL clone of
// the template), the test environment, and a fetch that only reaches mocked Shopify operations.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeEach, inject, vi } from "vitest";
import { testEnv } from "./constants";
import { installShopifyFetchMock, resetShopifyMocks } from "./shopify-mock";
import { createDatabaseFromTemplate, dropDatabase } from "./postgres";
import { allowedConsoleErrors } from "./console";

const usePostgres = process.env.STAGELINE_TEST_DB === "postgresql";
const id = `${process.pid}_${crypto.randomBytes(4).toString("hex")}`;
let cleanup: () => Promise<void>;

if (usePostgres) {
  void inject("pgTemplate");
  const name = `stageline_t_${id}`;
  const url = await createDatabaseFromTemplate(name);
  Object.assign(process.env, testEnv(url));
  cleanup = async () => {
    const { closeTestDb } = await import("./db");
    await closeTestDb();
    await dropDatabase(name);
  };
} else {
  const base = inject("sqliteBase");
  const file = path.join(path.dirname(base), `t_${id}.sqlite`);
  fs.copyFileSync(base, file);
  Object.assign(process.env, testEnv(`file:${file}`));
  cleanup = async () => {
    const { closeTestDb } = await import("./db");
    await closeTestDb();
    for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
  };
}

// Before any application module is imported: the Shopify library keeps the fetch it sees.
installShopifyFetchMock();

beforeEach(() => {
  allowedConsoleErrors.length = 0;
  vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
    const line = args
      .map((a) => (a instanceof Error ? `${a.message}\n${a.stack}` : String(a)))
      .join(" ");
    if (allowedConsoleErrors.some((pattern) => pattern.test(line))) return;
    throw new Error(`console.error was called: ${line}`);
  });
});

afterEach(() => {
  resetShopifyMocks();
});

afterAll(async () => {
  await cleanup();
});
