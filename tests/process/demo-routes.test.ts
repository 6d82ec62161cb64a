// Every demo-only route (storefront preview, app proxy stand-in, admin preview, its token and
// App Bridge stand-in, outbox viewer) answers 404 in production whatever Host the client
// claims, and outside production for any Host that is not this machine. On loopback outside
// production they answer (so the 404s are the guard, not a missing route).
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROME_UA, testEnv } from "../helpers/constants";
import { startServer, type RunningServer } from "../helpers/server-process";

const DEMO_ROUTES: [method: "GET" | "POST", path: string, onLoopback?: number][] = [
  ["GET", "/preview/order-lookup"],
  ["GET", "/preview/assets/order-lookup.js"],
  ["GET", "/apps/order-status/assets/order-lookup.css"],
  ["GET", "/preview/admin"],
  ["POST", "/preview/admin-token"],
  ["GET", "/preview/app-bridge.js"],
  ["GET", "/preview/outbox"],
  ["POST", "/preview/journey", 400], // (the test's form names no event)
];

let production: RunningServer;
let development: RunningServer;

beforeAll(async () => {
  const base = { PATH: process.env.PATH ?? "", ...testEnv(process.env.DATABASE_URL!) };
  [production, development] = await Promise.all([
    startServer({ ...base, NODE_ENV: "production" }),
    startServer({ ...base, NODE_ENV: "development" }),
  ]);
}, 60_000);

afterAll(async () => {
  await Promise.all([production?.stop(), development?.stop()]);
});

/** A request with the given Host header (fetch replaces Host with the URL's own). */
function request(
  server: RunningServer,
  [method, path]: (typeof DEMO_ROUTES)[number],
  host: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = http.request(
      `${server.url}${path}`,
      {
        method,
        headers: {
          "user-agent": CHROME_UA,
          host,
          ...(method === "POST" ? { "content-type": "application/x-www-form-urlencoded" } : {}),
        },
      },
      (response) => {
        let body = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => (body += chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
      },
    );
    outgoing.on("error", reject);
    outgoing.end(method === "POST" ? "order=%231002" : undefined);
  });
}

describe("demo-only routes", () => {
  it.each(DEMO_ROUTES)(
    "%s %s answers on loopback outside production",
    async (method, path, onLoopback = 200) => {
      for (const host of ["localhost", `127.0.0.1:${new URL(development.url).port}`]) {
        const response = await request(development, [method, path], host);
        expect(response.status, `${host}${path}`).toBe(onLoopback);
      }
    },
  );

  it.each(DEMO_ROUTES)("%s %s answers 404 with NODE_ENV=production", async (method, path) => {
    for (const host of ["localhost", "127.0.0.1", "stageline.example.com"]) {
      const response = await request(production, [method, path], host);
      expect(response.status, `${host}${path}`).toBe(404);
      expect(response.body).not.toMatch(/stageline-demo|app-bridge|token/i);
    }
  });

  it.each(DEMO_ROUTES)("%s %s answers 404 for a non-loopback Host", async (method, path) => {
    for (const host of ["stageline.example.com", "10.0.0.5:3000", "localhost.example.com"]) {
      const response = await request(development, [method, path], host);
      expect(response.status, `${host}${path}`).toBe(404);
    }
  });
});
