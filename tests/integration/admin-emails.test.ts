// The Emails admin pages through the real embedded-app authentication (session token signed
// with the app secret, offline session in the database).
import { RequestType, setUpValidRequest } from "@shopify/shopify-api/test-helpers";
import { beforeAll, describe, expect, it } from "vitest";
import { appFetch } from "../helpers/app";
import { TEST_API_KEY, TEST_API_SECRET, TEST_APP_URL } from "../helpers/constants";
import { installShop, testDb } from "../helpers/db";

const store = `admin-emails-${Date.now()}`;
const shop = `${store}.myshopify.com`;

async function adminRequest(path: string, form?: Record<string, string>) {
  const base = new Request(
    `${TEST_APP_URL}${path}`,
    form ? { method: "POST", body: new URLSearchParams(form) } : {},
  );
  const request = await setUpValidRequest(
    { type: RequestType.Admin, store, apiKey: TEST_API_KEY, apiSecretKey: TEST_API_SECRET },
    base,
  );
  return appFetch(request);
}

beforeAll(async () => {
  await installShop(shop);
});

describe("email templates", () => {
  it("renders the editor with the default template", async () => {
    const response = await adminRequest("/app/emails/delivered/en");
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("Order {{ order.name }}: {{ stage.label }}");
  });

  it("rejects a broken template with its line and column and saves nothing", async () => {
    const response = await adminRequest("/app/emails/delivered/en", {
      intent: "save",
      subject: "Order {{ order.name }}",
      html: "<p>Hello</p>\n<p>\n    {{ order.name | no_such_filter }}</p>",
      text: "Hi",
    });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toMatch(/line 3, column 5/i);
    expect(await testDb().emailTemplate.count({ where: { shop } })).toBe(0);
  });

  it("saves a valid template and uses it", async () => {
    const response = await adminRequest("/app/emails/delivered/en", {
      intent: "save",
      subject: "{{ shop.name }}: {{ order.name }} is here",
      html: "<p>{{ stage.label }}</p>",
      text: "{{ stage.label }}",
    });
    expect(response.status).toBe(200);
    const saved = await testDb().emailTemplate.findMany({ where: { shop } });
    expect(saved).toEqual([
      expect.objectContaining({
        stageKey: "delivered",
        locale: "en",
        subject: "{{ shop.name }}: {{ order.name }} is here",
      }),
    ]);
  });

  it("queues a test email rendered with sample data", async () => {
    const response = await adminRequest("/app/emails/out_for_delivery/sv", {
      intent: "test",
      to: "merchant@example.com",
      subject: "Test {{ order.name }}",
      html: "<p>{{ stage.label }}</p>",
      text: "{{ stage.label }}",
    });
    expect(response.status).toBe(200);
    const [row] = await testDb().emailOutbox.findMany({ where: { shop, isTest: true } });
    expect(row).toMatchObject({
      recipient: "merchant@example.com",
      status: "queued",
      stageKey: "out_for_delivery",
    });
    expect(row!.subject).toMatch(/^Test #/);
  });

  it("answers 404 for an unknown stage or locale", async () => {
    expect((await adminRequest("/app/emails/no_such_stage/en")).status).toBe(404);
    expect((await adminRequest("/app/emails/delivered/xx")).status).toBe(404);
  });

  it("refuses requests without a valid session token", async () => {
    const response = await appFetch(
      `/app/emails/delivered/en?embedded=1&shop=${shop}&id_token=forged`,
    );
    expect([302, 401, 410]).toContain(response.status);
    expect(response.status).not.toBe(200);
  });
});

describe("notify toggles and the log", () => {
  it("turns a stage's email off and on", async () => {
    await adminRequest("/app/emails", { intent: "notify", stageKey: "delivered", on: "false" });
    expect(
      (await testDb().stage.findUnique({ where: { shop_key: { shop, key: "delivered" } } }))
        ?.notifyCustomer,
    ).toBe(false);
    await adminRequest("/app/emails", { intent: "notify", stageKey: "delivered", on: "true" });
    expect(
      (await testDb().stage.findUnique({ where: { shop_key: { shop, key: "delivered" } } }))
        ?.notifyCustomer,
    ).toBe(true);
  });

  it("lists emails and resends one as a new row", async () => {
    const [row] = await testDb().emailOutbox.findMany({ where: { shop } });
    const page = await (await adminRequest("/app/emails")).text();
    expect(page).toContain("merchant@example.com");
    await adminRequest("/app/emails", { intent: "resend", id: String(row!.id) });
    expect(
      await testDb().emailOutbox.count({ where: { shop, recipient: "merchant@example.com" } }),
    ).toBe(2);
  });

  it("cannot resend another shop's email", async () => {
    const other = `other-${Date.now()}.myshopify.com`;
    const foreign = await testDb().emailOutbox.create({
      data: {
        shop: other,
        orderGid: "x",
        stageKey: "delivered",
        dedupeKey: "foreign",
        recipient: "victim@example.com",
        locale: "en",
        status: "sent",
        dueAt: new Date(),
      },
    });
    await adminRequest("/app/emails", { intent: "resend", id: String(foreign.id) });
    expect(await testDb().emailOutbox.count({ where: { recipient: "victim@example.com" } })).toBe(
      1,
    );
  });
});
