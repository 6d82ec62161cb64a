// The storefront order status page at the app proxy's root (/apps/order-status → /proxy), which
// stage emails link to: the lookup block as Liquid for Shopify to render in the theme.
import { Liquid } from "liquidjs";
import { describe, expect, it } from "vitest";
import { appFetch } from "../helpers/app";
import { installShop, testDb } from "../helpers/db";
import { signedProxyRequest } from "../helpers/signing";

let n = 0;
async function newShop(locale = "en") {
  const shop = `page-${++n}-${Date.now()}.myshopify.com`;
  await installShop(shop);
  await testDb().shop.upsert({ where: { shop }, create: { shop, locale }, update: { locale } });
  return shop;
}

describe("GET /proxy (the order status page)", () => {
  it("answers the lookup block as Liquid, wired to the proxy it was reached through", async () => {
    const shop = await newShop();
    const response = await appFetch(signedProxyRequest({ shop, path: "/proxy" }));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/liquid");
    const body = await response.text();
    expect(body.startsWith("{% raw %}")).toBe(true);
    expect(body.endsWith("{% endraw %}")).toBe(true);
    expect(body).toContain('data-endpoint="/apps/order-status"');
    expect(body).toContain('<script src="/apps/order-status/assets/order-lookup.js" defer>');
    expect(body).toContain('href="/apps/order-status/assets/order-lookup.css"');
    expect(body).toContain('data-logged-in="false"');
    expect(body).toContain("Track your order");
    // What Shopify renders: the block's HTML, untouched.
    const rendered = await new Liquid().parseAndRender(body, {});
    expect(rendered).toBe(body.slice("{% raw %}".length, -"{% endraw %}".length));
  });

  it("follows the merchant's proxy subpath, the shop's language and a logged-in customer", async () => {
    const shop = await newShop("sv");
    const response = await appFetch(
      signedProxyRequest({
        shop,
        path: "/proxy",
        pathPrefix: "/a/spara",
        loggedInCustomerId: "42",
      }),
    );
    const body = await response.text();
    expect(body).toContain('data-endpoint="/a/spara"');
    expect(body).toContain('<script src="/a/spara/assets/order-lookup.js" defer>');
    expect(body).toContain('data-logged-in="true"');
    expect(body).toContain('data-locale="sv"');
    expect(body).toContain("Spåra din beställning");
  });

  it("ignores a path prefix that is not one of Shopify's", async () => {
    const shop = await newShop();
    const response = await appFetch(
      signedProxyRequest({ shop, path: "/proxy", pathPrefix: '/apps/x"><script>' }),
    );
    const body = await response.text();
    expect(body).toContain('data-endpoint="/apps/order-status"');
    expect(body).not.toContain('<script>"');
  });

  it("answers 400 to a bad signature and 404 for a shop that is not installed", async () => {
    const shop = await newShop();
    const forged = await appFetch(signedProxyRequest({ shop, path: "/proxy", secret: "wrong" }));
    expect(forged.status).toBe(400);
    const unknown = await appFetch(
      signedProxyRequest({ shop: `nobody-${Date.now()}.myshopify.com`, path: "/proxy" }),
    );
    expect(unknown.status).toBe(404);
  });
});

describe("GET /proxy/assets/:name", () => {
  it("serves the block's script and stylesheet, and nothing else", async () => {
    const js = await appFetch(new Request("https://stageline.test/proxy/assets/order-lookup.js"));
    expect(js.status).toBe(200);
    expect(js.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(await js.text()).toContain("data-stageline-lookup");
    const css = await appFetch(new Request("https://stageline.test/proxy/assets/order-lookup.css"));
    expect(css.headers.get("content-type")).toBe("text/css; charset=utf-8");
    for (const name of ["..%2Fblocks%2Forder-lookup.liquid", "order-lookup.liquid", "x.js"]) {
      const other = await appFetch(new Request(`https://stageline.test/proxy/assets/${name}`));
      expect(other.status).toBe(404);
    }
  });
});
