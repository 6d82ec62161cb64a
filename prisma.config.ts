// Prisma CLI configuration: the JS schema engine with a driver adapter, which works offline
// (the native engines are downloaded from a host this project does not depend on).
// DATABASE_URL picks the provider: `file:` → SQLite, `postgresql://` → PostgreSQL.
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";

// Without a DATABASE_URL the CLI would silently fall back to the native engine.
const url = process.env.DATABASE_URL || "file:./prisma/dev.sqlite";
process.env.DATABASE_URL = url;
const isPostgres = /^postgres(ql)?:\/\//.test(url);

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: isPostgres ? "prisma/postgresql/schema.prisma" : "prisma/schema.prisma",
  migrations: {
    path: isPostgres ? "prisma/postgresql/migrations" : "prisma/migrations",
  },
  async adapter() {
    if (isPostgres) return new PrismaPg({ connectionString: url });
    return new PrismaBetterSQLite3({ url: url.replace(/^file:/, "") });
  },
});
