// A merchant installs the app: the first admin request carries a session token and no session
// exists yet. The embedded auth strategy exchanges the token for an offline access token with
// Shopify, then afterAuth reads the shop's identity and starts the day-one backfill — against
// the Admin API double over HTTP.
import { describe, expect, it } from "vitest";
import { adminFetch } from "../helpers/admin";
import { useAdminApiDouble } from "../helpers/admin-api";
import { testDb } from "../helpers/db";
import { tokenExchanges } from "../helpers/shopify-mock";

const double = useAdminApiDouble();

const FJALLBACKA = {
  name: "Fjällbacka Keramik",
  email: "owner@fjallbacka.example",
  contactEmail: "hej@fjallbacka.example",
  ianaTimezone: "Europe/Stockholm",
  currencyCode: "SEK",
  primaryDomain: { host: "keramik.example", url: "https://keramik.example" },
  primaryLocale: "sv",
};

let n = 0;
const newShop = (label: string) => `${label}-${++n}-${Date.now()}.myshopify.com`;

describe("install (first admin request)", () => {
  it("stores the offline session, the shop's identity and starts one backfill", async () => {
    const shop = newShop("install");
    double.shops.set(shop, FJALLBACKA);
    double.bulkResults.set(shop, { lines: () => [] });
    expect(await testDb().session.findUnique({ where: { id: `offline_${shop}` } })).toBeNull();

    const response = await adminFetch(shop, "/app");
    expect(response.status).toBe(200);
    const exchanges = tokenExchanges.filter((t) => t.shop === shop).length;
    expect(exchanges).toBeGreaterThan(0);

    const session = await testDb().session.findUnique({ where: { id: `offline_${shop}` } });
    expect(session).toMatchObject({
      shop,
      isOnline: false,
      accessToken: `shpat_exchanged_${shop}`,
    });
    expect(await testDb().shop.findUnique({ where: { shop } })).toMatchObject({
      name: "Fjällbacka Keramik",
      email: "hej@fjallbacka.example",
      accountEmail: "owner@fjallbacka.example",
      ianaTimezone: "Europe/Stockholm",
      primaryDomain: "keramik.example",
      // The shop's languages need a scope the app does not ask for: the default stays until
      // shop/update says.
      locale: "en",
      installedAt: expect.any(Date),
      uninstalledAt: null,
    });
    const runs = await testDb().syncRun.findMany({ where: { shop, kind: "backfill" } });
    expect(runs).toHaveLength(1);
    // The page's loaders authenticate at once (each may exchange the token), yet the shop is
    // read once and one bulk operation is started.
    expect(double.calls.filter((c) => c.shop === shop).map((c) => c.operation)).toEqual([
      "ShopIdentity",
      "ShopLocales",
      "BulkOperationRunQuery",
    ]);

    // The next request uses the stored session: no second exchange, no second backfill.
    expect((await adminFetch(shop, "/app")).status).toBe(200);
    expect(tokenExchanges.filter((t) => t.shop === shop)).toHaveLength(exchanges);
    expect(await testDb().syncRun.count({ where: { shop, kind: "backfill" } })).toBe(1);
  });

  it("reads the primary language where the token may read the shop's languages", async () => {
    const shop = newShop("install-locale");
    double.shops.set(shop, FJALLBACKA);
    double.bulkResults.set(shop, { lines: () => [] });
    double.grantedScopes.add("read_locales");
    try {
      expect((await adminFetch(shop, "/app")).status).toBe(200);
    } finally {
      double.grantedScopes.delete("read_locales");
    }
    expect(await testDb().shop.findUnique({ where: { shop } })).toMatchObject({
      name: "Fjällbacka Keramik",
      locale: "sv",
    });
  });

  it("still installs, quickly, when Shopify fails the identity and backfill calls", async () => {
    const shop = newShop("install-fail");
    double.failNext(...Array.from({ length: 6 }, () => 503 as const));
    const started = Date.now();
    const response = await adminFetch(shop, "/app");
    expect(response.status).toBe(200);
    // A few quick attempts per call, not minutes of backoff on the merchant's first page.
    expect(Date.now() - started).toBeLessThan(5000);
    expect(await testDb().session.findUnique({ where: { id: `offline_${shop}` } })).not.toBeNull();
    expect(await testDb().shop.findUnique({ where: { shop } })).toMatchObject({
      installedAt: expect.any(Date),
      name: null,
    });
    // The backfill that could not start says why; Settings can start it again.
    const [run] = await testDb().syncRun.findMany({ where: { shop, kind: "backfill" } });
    expect(run).toMatchObject({ status: "failed", lastError: expect.stringMatching(/503/) });
  });
});
