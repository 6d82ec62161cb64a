// The Remix routes (as `npm run dev` and the in-process app serve them) refuse the same
// malformed requests as the production server's direct routes (tests/process/malformed-input).
import { beforeAll, describe, expect, it } from "vitest";
import { orderPayload } from "../fixtures/webhooks/factory";
import { appFetch } from "../helpers/app";
import { installShop, testDb } from "../helpers/db";
import { shopifyJson } from "../helpers/deliver";
import { signedProxyRequest, signedWebhook } from "../helpers/signing";

const shop = `remix-input-${Date.now()}.myshopify.com`;

beforeAll(async () => {
  await installShop(shop);
});

describe("malformed requests through the Remix routes", () => {
  it.each(["orders/create", "customers/redact", "app/uninstalled", "bulk_operations/finish"])(
    "%s: 400 for a non-canonical shop domain, nothing stored",
    async (topic) => {
      for (const domain of [shop.toUpperCase(), `${shop}.`, `${shop}, ${shop}`]) {
        const request = signedWebhook({ shop, topic, body: shopifyJson(orderPayload()) });
        request.headers.set("x-shopify-shop-domain", domain);
        expect((await appFetch(request)).status, domain).toBe(400);
      }
      expect(await testDb().webhookReceipt.count({ where: { shop } })).toBe(0);
      expect(await testDb().session.count({ where: { shop } })).toBe(1);
    },
  );

  it.each(["PUT", "DELETE", "PATCH"])("/proxy/lookup answers %s with 405", async (method) => {
    const response = await appFetch(
      signedProxyRequest({
        shop,
        path: "/proxy/lookup",
        method,
        body: JSON.stringify({ order: "#9999", email: "jon@example.com" }),
        headers: { "content-type": "application/json" },
      }),
    );
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("POST");
  });

  it("answers 400 to an exit-iframe request to an untrusted destination", async () => {
    const response = await appFetch(
      `/auth/exit-iframe?shop=${shop}&exitIframe=${encodeURIComponent("https://evil.test")}`,
    );
    expect(response.status).toBe(400);
  });
});
