// Unauthenticated requests may not cost the production server (`npm start`) memory or disk:
// bodies outside the webhook and app-proxy routes are bounded before they are read, a `shop`
// longer than a domain never reaches Shopify's login, and the Shopify library logs warnings
// only.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { orderPayload } from "../fixtures/webhooks/factory";
import { CHROME_UA } from "../helpers/constants";
import { installShop } from "../helpers/db";
import { shopifyJson } from "../helpers/deliver";
import { sendTo, startProductionServer, type RunningServer } from "../helpers/server-process";
import { signedWebhook } from "../helpers/signing";

let server: RunningServer;

beforeAll(async () => {
  server = await startProductionServer();
});

afterAll(async () => {
  await server?.stop();
});

function postLogin(body: BodyInit, init: RequestInit = {}) {
  return fetch(`${server.url}/auth/login`, {
    method: "POST",
    body,
    redirect: "manual",
    ...init,
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "user-agent": CHROME_UA,
      ...init.headers,
    },
  });
}

describe("request bodies", () => {
  it("answers 413 to a login body over 64 KB without logging it", async () => {
    const before = server.output().length;
    const response = await postLogin(`shop=${"a".repeat(1024 * 1024)}.myshopify.com`);
    expect(response.status).toBe(413);
    expect(server.output().length - before).toBeLessThan(1000);
  });

  it("answers 411 to a body without a declared length", async () => {
    const chunks = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode("shop=example.myshopify.com"));
        controller.close();
      },
    });
    const response = await postLogin(chunks, { duplex: "half" } as RequestInit);
    expect(response.status).toBe(411);
  });

  it("bounds bodies of every other route too, e.g. a PUT to the lookup", async () => {
    const response = await fetch(`${server.url}/proxy/lookup`, {
      method: "PUT",
      body: "x".repeat(100 * 1024),
      headers: { "user-agent": CHROME_UA },
    });
    expect(response.status).toBe(413);
  });

  it("still accepts a webhook delivery larger than 64 KB", async () => {
    const shop = `limits-${Date.now()}.myshopify.com`;
    await installShop(shop);
    const body = shopifyJson(orderPayload({ note: "n".repeat(200 * 1024) }));
    const response = await sendTo(server, signedWebhook({ shop, topic: "orders/create", body }));
    expect(response.status).toBe(200);
  });
});

describe("the login form", () => {
  it("refuses a shop longer than 255 characters before Shopify's login sees it", async () => {
    const before = server.output().length;
    const longShop = `${"b".repeat(40_000)}.myshopify.com`;
    const response = await postLogin(new URLSearchParams({ shop: longShop }).toString());
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("Please enter a valid shop domain");
    expect(server.output().slice(before)).not.toContain("bbbbbbbbbb");
  });

  it("logs no INFO lines of the Shopify library in production", async () => {
    const before = server.output().length;
    const response = await postLogin("shop=limits-login.myshopify.com");
    expect([302, 200]).toContain(response.status);
    expect(server.output().slice(before)).not.toMatch(/\/INFO\]/);
  });
});
