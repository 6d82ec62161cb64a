// `npm run demo -- --journey` (scripts/demo.mjs after scripts/demo.sh): the simulated shop is
// seeded, then one new order is played through its whole journey in the terminal, each step a
// Shopify event sent as signed webhooks, printing the stage the app stored; afterwards the demo
// keeps serving. The final stage is checked where the shopper sees it (the storefront block's
// lookup through the app proxy stand-in) and in the database, with the timeline in order.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { STAGE_KEYS } from "~/domain/stages";
import { CHROME_UA } from "../helpers/constants";
import { freePort } from "../helpers/server-process";
import { waitFor } from "../helpers/wait";

const root = path.resolve(import.meta.dirname, "../..");
const dbFile = path.join(path.dirname(inject("sqliteBase")), `demo-journey-${process.pid}.sqlite`);
const SHOP = "stageline-demo.myshopify.com";

let demo: ChildProcess;
let output = "";
let base = "";

beforeAll(async () => {
  fs.copyFileSync(inject("sqliteBase"), dbFile);
  const port = await freePort();
  base = `http://localhost:${port}`;
  // The environment scripts/demo.sh sets, without the pause between steps.
  demo = spawn(process.execPath, [path.join(root, "scripts/demo.mjs"), "--journey"], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? "",
      NODE_ENV: "development",
      DATABASE_URL: `file:${dbFile}`,
      PORT: String(port),
      HOST: "127.0.0.1",
      SHOPIFY_API_KEY: "stageline-demo-key",
      SHOPIFY_API_SECRET: "stageline-demo-secret",
      SHOPIFY_APP_URL: base,
      EMAIL_COALESCE_SECONDS: "0",
      DEMO_JOURNEY_PAUSE_MS: "0",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  demo.stdout!.on("data", (d) => (output += d));
  demo.stderr!.on("data", (d) => (output += d));
  await waitFor(
    () => demo.exitCode === null && output.includes("Journey done"),
    "the journey to finish",
    90_000,
  ).catch((error: Error) => {
    throw new Error(`${error.message}\n${output}`);
  });
}, 120_000);

afterAll(async () => {
  if (demo && demo.exitCode === null) {
    const exited = new Promise((resolve) => demo.once("exit", resolve));
    demo.kill("SIGTERM");
    await exited;
  }
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(dbFile + suffix, { force: true });
});

function read<T>(sql: string, ...params: unknown[]): T[] {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

describe("npm run demo -- --journey", () => {
  it("prints each step with the stage it led to, and where to look", () => {
    const journey = output.slice(output.indexOf("Journey:"));
    const stages = [...journey.matchAll(/→ stage: .*\((\w+)\)/g)].map((m) => m[1]);
    expect(stages).toEqual([
      "confirmed",
      "partially_shipped",
      "shipped",
      "in_transit",
      "out_for_delivery",
      "delivered",
      "return_requested",
      "return_in_progress",
      "returned",
    ]);
    expect(journey).toMatch(
      /Order detail: +http:\/\/localhost:\d+\/preview\/admin\?path=\/app\/orders\/\d+/,
    );
    expect(journey).toContain(`${base}/preview/order-lookup`);
    expect(journey).toContain(`${base}/preview/outbox`);
  });

  it("seeds the simulated shop: orders in every default stage and in the merchant's own, by its rule", () => {
    expect(output).toMatch(/Sample orders \(33, seeded now with \d+ signed webhooks\)/);
    const orders = read<{ name: string; stageKey: string; stageSource: string }>(
      `SELECT "name", "stageKey", "stageSource" FROM "Order" WHERE "shop" = ? AND "name" <= '#1033'`,
      SHOP,
    );
    expect(orders).toHaveLength(33);
    const stages = new Set(orders.map((o) => o.stageKey));
    for (const key of STAGE_KEYS) expect(stages, key).toContain(key);
    const inProduction = orders.filter((o) => o.stageKey === "in_production");
    expect(inProduction.map((o) => [o.name, o.stageSource])).toEqual([
      ["#1008", "rule"],
      ["#1009", "rule"],
      ["#1010", "rule"],
    ]);
    // The stage and the rule were made on the admin pages, as a merchant would.
    expect(
      read(
        `SELECT "kind", "labels" FROM "Stage" WHERE "shop" = ? AND "key" = 'in_production'`,
        SHOP,
      ),
    ).toEqual([
      { kind: "custom", labels: JSON.stringify({ en: "In production", sv: "I produktion" }) },
    ]);
    expect(read(`SELECT "name", "setStageKey" FROM "EventRule" WHERE "shop" = ?`, SHOP)).toEqual([
      { name: "Made to order", setStageKey: "in_production" },
    ]);
  });

  it("leaves the order returned, with every step on its timeline, and keeps serving", async () => {
    const [, name, email] = /Order (#\d+) for (\S+@example\.com)/.exec(output) ?? [];
    expect(name).toBeTruthy();
    const [order] = read<{ orderGid: string; stageKey: string }>(
      `SELECT "orderGid", "stageKey" FROM "Order" WHERE "shop" = ? AND "name" = ?`,
      SHOP,
      name,
    );
    expect(order.stageKey).toBe("returned");
    const timeline = read<{ toKey: string; source: string }>(
      `SELECT "toKey", "source" FROM "TimelineEvent" WHERE "shop" = ? AND "orderGid" = ? ORDER BY "id"`,
      SHOP,
      order.orderGid,
    );
    expect(timeline.map((e) => e.toKey)).toEqual([
      "confirmed",
      "partially_shipped",
      "shipped",
      "in_transit",
      "out_for_delivery",
      "delivered",
      "return_requested",
      "return_in_progress",
      "returned",
    ]);

    // Still serving: the storefront block's lookup (through the app proxy stand-in) finds it.
    const lookup = await fetch(`${base}/apps/order-status/lookup`, {
      method: "POST",
      headers: { "content-type": "application/json", "user-agent": CHROME_UA },
      body: JSON.stringify({ order: name, email }),
    });
    expect(lookup.status).toBe(200);
    const answer = (await lookup.json()) as { order: { name: string } };
    expect(answer.order.name).toBe(name);
    expect(JSON.stringify(answer.order)).toContain("Returned");
    expect(demo.exitCode).toBeNull();
  });
});
