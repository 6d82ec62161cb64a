// Settings → Data requests: the reports assembled for customers/data_request, shown to the
// merchant of that shop only, in the admin's language, until they expire or are redacted.
import { describe, expect, it } from "vitest";
import { OrderSimulation } from "../fixtures/webhooks/factory";
import { adminFetch } from "../helpers/admin";
import { installShop } from "../helpers/db";
import { deliverAll, shopifyJson } from "../helpers/deliver";
import { appFetch } from "../helpers/app";
import { signedWebhook } from "../helpers/signing";

let n = 0;
async function shopWithDataRequest(label: string, customerId: string) {
  const shop = `${label}-${++n}-${Date.now()}.myshopify.com`;
  await installShop(shop);
  await deliverAll(shop, new OrderSimulation().create("paid").deliveries);
  const response = await appFetch(
    signedWebhook({
      shop,
      topic: "customers/data_request",
      body: shopifyJson({
        shop_domain: shop,
        customer: { id: customerId, email: "jon@example.com" },
        orders_requested: [],
        data_request: { id: 1 },
      }),
    }),
  );
  expect(response.status).toBe(200);
  return shop;
}

describe("data requests page", () => {
  it("lists the shop's reports with their download, in the admin's language", async () => {
    const shop = await shopWithDataRequest("data-requests", "115310627314723950");
    const response = await adminFetch(shop, "/app/data-requests");
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("Customer 115310627314723950");
    expect(html).toContain("Download JSON");
    expect(html).toContain("jon@example.com"); // the report travels with the page for download

    const swedish = await (await adminFetch(shop, "/app/data-requests?locale=sv")).text();
    expect(swedish).toContain("Dataförfrågningar");
    expect(swedish).toContain("Ladda ner JSON");
  });

  it("never shows another shop's reports", async () => {
    await shopWithDataRequest("data-requests-a", "777000111");
    const other = `data-requests-b-${Date.now()}.myshopify.com`;
    await installShop(other);
    const html = await (await adminFetch(other, "/app/data-requests")).text();
    expect(html).not.toContain("777000111");
    expect(html).toContain("No data requests");
  });
});
