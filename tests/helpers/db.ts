// The test's own Prisma client on the file's database (the app under test has its own).
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "@stageline/prisma-sqlite";
import { PrismaClient as PostgresPrismaClient } from "@stageline/prisma-postgresql";

let client: PrismaClient | undefined;

/**
 * The test's own PostgreSQL pool. Outage tests terminate connections on purpose: an idle pooled
 * connection the server closed is dropped (the next query opens another) instead of ending the
 * test process, as the app's pool does.
 */
function testPool(url: string) {
  const pool = new pg.Pool({ connectionString: url, max: 3 });
  pool.on("error", () => {});
  return pool;
}

export function testDb(): PrismaClient {
  if (client) return client;
  const url = process.env.DATABASE_URL!;
  client = url.startsWith("file:")
    ? new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: url.slice(5), timeout: 5000 }) })
    : (new PostgresPrismaClient({
        adapter: new PrismaPg(testPool(url), { disposeExternalPool: true }),
      }) as unknown as PrismaClient);
  return client;
}

export async function closeTestDb() {
  await client?.$disconnect();
  client = undefined;
  const appDb = (globalThis as { __stagelineDb?: { client: PrismaClient } }).__stagelineDb;
  await appDb?.client.$disconnect();
}

/** Creates the offline session that marks a shop as installed (no Shopify call needed). */
export async function installShop(shop: string) {
  await testDb().session.upsert({
    where: { id: `offline_${shop}` },
    create: {
      id: `offline_${shop}`,
      shop,
      state: "installed",
      isOnline: false,
      scope:
        "read_orders,write_orders,read_fulfillments,read_returns,read_merchant_managed_fulfillment_orders,write_app_proxy",
      accessToken: `shpat_test_${shop}`,
    },
    update: {},
  });
}
