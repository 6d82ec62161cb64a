// The migration that changed the order-name lookup key rewrites the key of orders stored before
// it (its data step in scripts/lib/migrations.mjs), so their shoppers find them too.
import { describe, expect, it } from "vitest";
import { applyMigrations } from "../../scripts/lib/migrations.mjs";
import { appFetch } from "../helpers/app";
import { installShop, testDb } from "../helpers/db";
import { signedProxyRequest } from "../helpers/signing";

const MIGRATION = "20261208120000_order_name_key_unicode";
const shop = `rekey-${Date.now()}.myshopify.com`;

// Names with the key the previous release stored: lower-cased, without "#".
const STORED_BEFORE: [string | null, string | null, string | null][] = [
  // name, key before, key after
  ["#SE 4101", "se 4101", "se4101"],
  ["#1001-Å", "1001-å", "1001å"],
  ["SO-8102", "so-8102", "so8102"],
  ["#2002", "2002", "2002"],
  [null, null, null],
];

describe(`migration ${MIGRATION}`, () => {
  it("rewrites the name key of every stored order", async () => {
    await installShop(shop);
    const db = testDb();
    for (const [i, [name, key]] of STORED_BEFORE.entries()) {
      await db.order.create({
        data: {
          shop,
          orderGid: `gid://shopify/Order/${77_000 + i}`,
          name,
          nameKey: key,
          email: "jon@example.com",
          facts: JSON.stringify({
            order: null,
            fulfillments: [],
            fulfillmentOrders: [],
            refunds: [],
            returns: [],
          }),
          stageKey: "placed",
          stageSource: "shopify",
          stageEnteredAt: new Date("2026-03-01T10:00:00Z"),
          placedAt: new Date("2026-03-01T10:00:00Z"),
        },
      });
    }
    // As if the database were migrated before this migration existed.
    await db.$executeRawUnsafe(
      `DELETE FROM "_prisma_migrations" WHERE "migration_name" = '${MIGRATION}'`,
    );
    expect(await applyMigrations(process.env.DATABASE_URL!)).toBe(1);

    const rows = await db.order.findMany({ where: { shop }, orderBy: { orderGid: "asc" } });
    expect(rows.map((r) => [r.name, r.nameKey])).toEqual(
      STORED_BEFORE.map(([name, , after]) => [name, after]),
    );

    const response = await appFetch(
      signedProxyRequest({
        shop,
        path: "/proxy/lookup",
        method: "POST",
        body: JSON.stringify({ order: "#SE 4101", email: "jon@example.com" }),
        headers: { "content-type": "application/json" },
      }),
    );
    expect(response.status).toBe(200);
  });
});
