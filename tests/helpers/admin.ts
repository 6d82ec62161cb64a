// Requests to the embedded admin pages as Shopify admin sends them: a session token signed with
// the app secret for the shop (Shopify's own test helper), through the built app.
import { RequestType, setUpValidRequest } from "@shopify/shopify-api/test-helpers";
import { orderPayload } from "../fixtures/webhooks/factory";
import { appFetch } from "./app";
import { TEST_API_KEY, TEST_API_SECRET, TEST_APP_URL } from "./constants";
import { deliver } from "./deliver";

/** `shop` without ".myshopify.com", as the session token helper wants it. */
const storeOf = (shop: string) => shop.replace(/\.myshopify\.com$/, "");

export async function adminFetch(
  shop: string,
  path: string,
  form?: Record<string, string | string[]>,
): Promise<Response> {
  let body: URLSearchParams | undefined;
  if (form) {
    body = new URLSearchParams();
    for (const [key, value] of Object.entries(form)) {
      for (const v of Array.isArray(value) ? value : [value]) body.append(key, v);
    }
  }
  const base = new Request(`${TEST_APP_URL}${path}`, body ? { method: "POST", body } : {});
  const request = await setUpValidRequest(
    {
      type: RequestType.Admin,
      store: storeOf(shop),
      apiKey: TEST_API_KEY,
      apiSecretKey: TEST_API_SECRET,
    },
    base,
  );
  return appFetch(request);
}

/** Order ids (numeric, as URLs use them) of `count` paid orders delivered by signed webhooks. */
export async function seedPaidOrders(
  shop: string,
  count: number,
  { firstId = 7_100_000_000, start = Date.parse("2026-03-02T09:00:00.000Z") } = {},
): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const id = String(firstId + i);
    const at = new Date(start + i * 60_000).toISOString();
    const response = await deliver(shop, {
      topic: "orders/create",
      triggeredAt: at,
      body: orderPayload({
        id,
        name: `#${2000 + i}`,
        order_number: 2000 + i,
        email: `buyer${i}@example.com`,
        financial_status: "paid",
        created_at: at,
        processed_at: at,
        updated_at: at,
      }),
    });
    if (!response.ok) throw new Error(`seeding order ${id}: ${response.status}`);
    ids.push(id);
  }
  return ids;
}
