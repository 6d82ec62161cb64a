// Unauthenticated requests may not cost the production server (`npm start`) memory or disk:
// bodies outside the webhook and app-proxy routes are bounded before they are read, a `shop`
// longer than a domain never reaches Shopify's login, and the Shopify library logs warnings
// only.
import fs from "node:fs";
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_BUFFERED_BODY_BYTES } from "../../scripts/lib/direct-routes.mjs";
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

/** The server's peak resident memory so far (VmHWM), in bytes. */
function peakRss(server: RunningServer): number {
  const status = fs.readFileSync(`/proc/${server.child.pid}/status`, "utf8");
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)![1]) * 1024;
}

interface RawOutcome {
  status: number | null;
  /** Body bytes written before the answer came (or the connection closed). */
  sent: number;
}

/**
 * A POST as an unauthenticated sender would make it: the headers first, then the body in 256 KB
 * chunks while no answer has come. Resolves with the answer's status (null: connection closed).
 */
function rawPost(
  server: RunningServer,
  path: string,
  bytes: number,
  { declare = true }: { declare?: boolean } = {},
): Promise<RawOutcome> {
  const { hostname, port } = new URL(server.url);
  return new Promise((resolve) => {
    let sent = 0;
    let answered = false;
    const request = http.request({
      hostname,
      port,
      path,
      method: "POST",
      agent: false,
      headers: {
        "content-type": "application/json",
        "x-shopify-topic": "orders/create",
        "x-shopify-shop-domain": "flood.myshopify.com",
        "x-shopify-hmac-sha256": "AAAA",
        ...(declare ? { "content-length": String(bytes) } : { "transfer-encoding": "chunked" }),
      },
    });
    const finish = (status: number | null) => {
      if (answered) return;
      answered = true;
      request.destroy();
      resolve({ status, sent });
    };
    request.on("response", (response) => {
      response.resume();
      finish(response.statusCode ?? null);
    });
    request.on("error", () => finish(null));
    request.flushHeaders();
    const chunk = Buffer.alloc(256 * 1024, 0x20);
    const pump = () => {
      while (!answered && sent < bytes) {
        sent += chunk.length;
        if (!request.write(chunk)) return void request.once("drain", pump);
      }
      if (!answered) request.end();
    };
    // Give the server time to answer from the headers alone.
    setTimeout(pump, 1000);
  });
}

describe("unauthenticated floods", () => {
  const MiB = 1024 * 1024;

  it("answers 413 to a declared body over the webhook limit before any of it is sent", async () => {
    const outcome = await rawPost(server, "/webhooks/orders", 9 * MiB);
    expect(outcome).toEqual({ status: 413, sent: 0 });
    const proxy = await rawPost(server, "/proxy/lookup?shop=x", 1 * MiB);
    expect(proxy).toEqual({ status: 413, sent: 0 });
  });

  it("keeps memory bounded under 100 concurrent oversized POSTs to webhooks and the proxy, then still ingests", async () => {
    const before = peakRss(server);
    const outcomes = await Promise.all([
      // Declared too large: refused from the headers.
      ...Array.from({ length: 25 }, () => rawPost(server, "/webhooks/orders", 40 * MiB)),
      ...Array.from({ length: 25 }, () => rawPost(server, "/proxy/lookup?shop=x", 2 * MiB)),
      // Under the webhook limit each, 350 MiB together, unsigned, without a declared length:
      // only as much as the process's body budget is read; the rest is turned away.
      ...Array.from({ length: 50 }, () =>
        rawPost(server, "/webhooks/orders", 7 * MiB, { declare: false }),
      ),
    ]);
    const declared = outcomes.slice(0, 50);
    expect(declared.filter((o) => o.status !== 413 || o.sent !== 0)).toEqual([]);
    const streamed = outcomes.slice(50);
    // Each streamed body ends refused: unsigned (401) when read whole, else 503 (over the
    // budget) or a closed connection.
    expect(streamed.filter((o) => o.status !== null && ![401, 503].includes(o.status))).toEqual([]);
    expect(streamed.filter((o) => o.status === 503).length).toBeGreaterThan(0);
    // A body read whole is held a few times over (chunks, joined, as text, hashed): the peak
    // grows with the budget, not with the number of senders (350 MiB were sent here).
    expect(peakRss(server) - before).toBeLessThan(6 * MAX_BUFFERED_BODY_BYTES);

    // Still serving: a signed delivery is stored.
    const shop = `flood-${Date.now()}.myshopify.com`;
    await installShop(shop);
    const body = shopifyJson(orderPayload());
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
