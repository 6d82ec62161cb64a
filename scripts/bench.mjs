#!/usr/bin/env node
// @ts-check
// `npm run bench`: performance figures of SPEC §9, measured against the built production server
// (`npm run build` first). Every section prints its target; nothing here is a pass/fail test.
//   BENCH_INGEST=10000        signed orders/updated deliveries (after 1,000 warm-up)
//   BENCH_LOOKUP_ORDERS=1000000 orders seeded for the lookup benchmark (over 1,000 shops)
//   BENCH_EMAILS=2000         outbox emails for the dispatcher benchmark
//   BENCH_ADMIN_ORDERS=1000000 orders seeded for the admin benchmark (five shops of 200,000)
//   BENCH_BACKFILL_ORDERS=100000 orders in the backfill's bulk JSONL
//   BENCH_DASHBOARD_ORDERS=400000 orders seeded for the dashboard benchmark (shops of 200,000,
//                             with their stage changes, emails and lookup counts)
//   BENCH_TIMERULE_ORDERS=200000 orders due at once for the time-rule job (one shop, one worker)
//   BENCH_ONLY=ingest|lookup|email|admin|dashboard|backfill|timerules  run one section
//   BENCH_DB=postgresql       run the sections on PostgreSQL (a database the bench creates on
//                             BENCH_PG_URL, else 127.0.0.1:5432, and drops after); SQLite otherwise
// The figures are printed and written to bench-report.json (BENCH_REPORT to change the path).
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import http from "node:http";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import { fmt, runLoad } from "./bench/load.mjs";
import { createBenchStore, insertSqliteSession, SEED_FACTS } from "./bench/stores.mjs";
import { applyMigrations } from "./lib/migrations.mjs";
import { appProxySignature, sessionToken, webhookHeaders } from "./lib/shopify-signing.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const SECRET = "bench-secret";
const UA =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
const work = fs.mkdtempSync(path.join(os.tmpdir(), "stageline-bench-"));
const only = process.env.BENCH_ONLY;
const onPostgres = process.env.BENCH_DB === "postgresql";
if (process.env.BENCH_DB && !["postgresql", "sqlite"].includes(process.env.BENCH_DB)) {
  console.error('bench: BENCH_DB must be "sqlite" (default) or "postgresql"');
  process.exit(1);
}
const reportFile = path.resolve(root, process.env.BENCH_REPORT || "bench-report.json");
/** Everything printed, as data: written to reportFile at the end. */
const report = {
  startedAt: new Date().toISOString(),
  node: process.version,
  cpus: os.cpus().length,
  database: onPostgres ? "postgresql" : "sqlite",
  sections: /** @type {Record<string, unknown>} */ ({}),
};
/** Databases made by this run, dropped at the end (PostgreSQL; SQLite files go with `work`). */
const stores = [];
async function store(name) {
  const made = await createBenchStore({ root, work, name });
  stores.push(made);
  return made;
}

/** @returns {Promise<number>} */
function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = /** @type {net.AddressInfo} */ (s.address());
      s.close(() => resolve(port));
    });
  });
}

async function startProcess(args, env, marker = "listening on") {
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  for (let i = 0; i < 600 && !output.includes(marker); i++) {
    if (child.exitCode !== null) throw new Error(`process exited:\n${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  if (!output.includes(marker)) throw new Error(`process did not start:\n${output}`);
  return {
    child,
    output: () => output,
    stop: () =>
      new Promise((r) => {
        child.once("exit", r);
        child.kill("SIGTERM");
      }),
  };
}

async function startApp(databaseUrl) {
  const port = await freePort();
  const server = await startProcess([path.join(root, "scripts/start.mjs")], {
    NODE_ENV: "production",
    PORT: String(port),
    HOST: "127.0.0.1",
    DATABASE_URL: databaseUrl,
    SHOPIFY_API_KEY: "bench-key",
    SHOPIFY_API_SECRET: SECRET,
    SHOPIFY_APP_URL: `http://127.0.0.1:${port}`,
    EMAIL_DISPATCHER: "off",
  });
  return { ...server, url: `http://127.0.0.1:${port}` };
}

/**
 * A load result without the per-status detail, for the report.
 * @param {Awaited<ReturnType<typeof runLoad>>} result
 */
function summary(result) {
  const { total, seconds, perSecond, p50, p95, p99, statuses, unexpected } = result;
  return { total, seconds, perSecond, p50Ms: p50, p95Ms: p95, p99Ms: p99, statuses, unexpected };
}

// ---------------------------------------------------------------------------------------------
// Ingestion: signed orders/updated deliveries against the running app, next to the baseline.

function orderUpdatedBody(template, n, version) {
  const id = String(5_000_000_000_000 + (n % 2000));
  const at = new Date(Date.UTC(2026, 0, 1) + version * 1000).toISOString();
  const body = {
    ...template,
    id,
    admin_graphql_api_id: `gid://shopify/Order/${id}`,
    name: `#${1000 + (n % 2000)}`,
    order_number: 1000 + (n % 2000),
    email: `shopper${n % 2000}@example.com`,
    updated_at: at,
    created_at: "2026-01-01T00:00:00Z",
    cancelled_at: null,
    cancel_reason: null,
    financial_status: version % 3 === 0 ? "pending" : "paid",
    fulfillment_status: null,
    fulfillments: [],
    refunds: [],
  };
  // Shopify writes ids as bare numbers; keep that shape.
  return JSON.stringify(body).replace(`"id":"${id}"`, `"id":${id}`);
}

async function benchIngest() {
  const total = Number(process.env.BENCH_INGEST || 10_000);
  const warmup = 1000;
  const concurrency = 16;
  const template = JSON.parse(
    fs.readFileSync(path.join(root, "tests/fixtures/webhooks/orders/updated.json"), "utf8"),
  );
  const shop = "bench-ingest.myshopify.com";
  const deliveries = Array.from({ length: warmup + total }, (_, i) => {
    const body = orderUpdatedBody(template, i, i + 1);
    return {
      path: "/webhooks/orders",
      method: "POST",
      body,
      headers: {
        ...webhookHeaders({ shop, topic: "orders/updated", body, secret: SECRET }),
        "user-agent": UA,
      },
    };
  });

  // Baseline: raw node:http + HMAC + one SQLite insert.
  const basePort = await freePort();
  const baseline = await startProcess(
    [
      path.join(root, "scripts/bench/baseline-server.mjs"),
      String(basePort),
      path.join(work, "baseline.sqlite"),
      SECRET,
    ],
    {},
  );
  const baseUrl = `http://127.0.0.1:${basePort}`;
  await runLoad(baseUrl, (i) => deliveries[i], { total: warmup, concurrency });
  const base = await runLoad(baseUrl, (i) => deliveries[warmup + i], { total, concurrency });
  await baseline.stop();

  // Stageline.
  const db = await store("ingest");
  await db.installShop(shop);
  const app = await startApp(db.url);
  await runLoad(app.url, (i) => deliveries[i], { total: warmup, concurrency });
  const result = await runLoad(app.url, (i) => deliveries[warmup + i], { total, concurrency });
  await app.stop();

  const stored = await db.count("WebhookReceipt");
  const events = await db.count("TimelineEvent");
  const emails = await db.count("EmailOutbox");
  report.sections.ingest = {
    database: db.kind,
    concurrency,
    baseline: summary(base),
    stageline: summary(result),
    ratio: result.perSecond / base.perSecond,
    stored: { receipts: stored, timelineEvents: events, outboxEmails: emails },
    target: { perSecond: 1000, p99Ms: 25, ratio: 0.4 },
  };

  console.log(`\nWebhook ingestion (${db.label}, orders/updated, concurrency 16)`);
  console.log(`  baseline   ${fmt(base)}  (node:http + HMAC + one SQLite insert)`);
  console.log(`  stageline  ${fmt(result)}`);
  console.log(
    `  ratio      ${(result.perSecond / base.perSecond).toFixed(2)} of baseline throughput`,
  );
  console.log(
    `  stored     ${stored} receipts, ${events} timeline events, ${emails} outbox emails; statuses ${JSON.stringify(result.statuses)}`,
  );
  console.log(`  target     ≥ 1000 req/s, p99 ≤ 25 ms, ratio ≥ 0.4`);
  if (result.unexpected.length)
    console.log(`  UNEXPECTED statuses: ${JSON.stringify(result.unexpected)}`);
}

// ---------------------------------------------------------------------------------------------
// Lookup: 1,000,000 orders over 1,000 shops; signed app-proxy lookups, one in ten with a
// mistyped email (a 404 that counts against the rate limits, a write).

function signedLookup(shop, orderName, email) {
  /** @type {[string, string][]} */
  const params = [
    ["shop", shop],
    ["logged_in_customer_id", ""],
    ["path_prefix", "/apps/order-status"],
    ["timestamp", String(Math.floor(Date.now() / 1000))],
  ];
  const signature = appProxySignature(params, SECRET);
  const query = new URLSearchParams([...params, ["signature", signature]]).toString();
  return {
    path: `/proxy/lookup?${query}`,
    method: "POST",
    body: JSON.stringify({ order: orderName, email }),
    headers: { "content-type": "application/json", "user-agent": UA },
  };
}

async function benchLookup() {
  const orderCount = Number(process.env.BENCH_LOOKUP_ORDERS || 1_000_000);
  const shopCount = Math.min(1000, orderCount);
  const db = await store("lookup");
  const seeded = await db.seed({
    shopCount,
    perShop: Math.ceil(orderCount / shopCount),
    stageKey: "in_transit",
  });
  const app = await startApp(db.url);
  const total = 10_000;
  const pick = (i) => {
    const s = (i * 7919) % shopCount;
    const o = (i * 104729) % seeded.perShop;
    // Mistyped for a tenth of the lookups, spread over shops and orders (none hits a limit).
    const typo = Math.imul(i, 2654435761) >>> 0 < 0x1999999a;
    const email = typo ? `shopper${o}@example.org` : `shopper${o}@example.com`;
    return signedLookup(`shop-${s}.myshopify.com`, `#${1001 + o}`, email);
  };
  const expectStatus = [200, 404];
  await runLoad(app.url, (i) => pick(i + total), { total: 1000, concurrency: 8, expectStatus });
  const result = await runLoad(app.url, pick, { total, concurrency: 8, expectStatus });
  await app.stop();
  report.sections.lookup = {
    database: db.kind,
    orders: seeded.perShop * shopCount,
    shops: shopCount,
    seedSeconds: seeded.seconds,
    concurrency: 8,
    stageline: summary(result),
    target: { p95Ms: 15 },
  };
  console.log(
    `\nStorefront lookup (${db.label}, ${(seeded.perShop * shopCount).toLocaleString("en")} orders over ${shopCount} shops, seeded in ${seeded.seconds.toFixed(1)} s, concurrency 8)`,
  );
  console.log(`  stageline  ${fmt(result)}`);
  console.log(`  statuses   ${JSON.stringify(result.statuses)}`);
  console.log(`  target     p95 ≤ 15 ms`);
  if (result.unexpected.length)
    console.log(`  UNEXPECTED statuses: ${JSON.stringify(result.unexpected)}`);
}

// ---------------------------------------------------------------------------------------------
// Email dispatch: queued outbox rows sent by `npm run worker` to a loopback SMTP server.

async function benchEmail() {
  const total = Number(process.env.BENCH_EMAILS || 2000);
  const { SMTPServer } = await import("smtp-server");
  let received = 0;
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, _session, callback) {
      stream.resume();
      stream.on("end", () => {
        received++;
        callback();
      });
    },
  });
  const smtpPort = await freePort();
  await new Promise((resolve) => smtp.listen(smtpPort, "127.0.0.1", () => resolve(undefined)));
  const db = await store("email");
  // "delivered" emails of 20 shops' orders, rendered from each order's facts and stage (a quarter
  // in Swedish), as the dispatcher sends them after a busy day of deliveries.
  const shopCount = 20;
  await db.seed({
    shopCount,
    perShop: Math.ceil(total / shopCount),
    stageKey: "delivered",
    emails: true,
  });
  const started = performance.now();
  const worker = spawn(process.execPath, [path.join(root, "scripts/worker.mjs")], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: db.url,
      SHOPIFY_API_KEY: "bench-key",
      SHOPIFY_API_SECRET: SECRET,
      SHOPIFY_APP_URL: "http://127.0.0.1",
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}?tls=off`,
      EMAIL_FROM: "Bench <bench@example.com>",
    },
    stdio: "ignore",
  });
  const deadline = Date.now() + 120_000;
  const expected = Math.ceil(total / shopCount) * shopCount;
  while (received < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  const seconds = (performance.now() - started) / 1000;
  worker.kill("SIGTERM");
  await new Promise((resolve) => smtp.close(() => resolve(undefined)));
  report.sections.email = {
    database: db.kind,
    sent: received,
    expected,
    seconds,
    perSecond: received / seconds,
    target: { perSecond: 200 },
  };
  console.log(
    `\nEmail dispatch (stage emails rendered from ${db.label} → pooled SMTP on loopback, worker process incl. start-up)`,
  );
  console.log(
    `  stageline  ${(received / seconds).toFixed(0).padStart(6)} emails/s  (${received} of ${expected} in ${seconds.toFixed(1)} s)`,
  );
  console.log(`  target     ≥ 200 emails/s`);
}

/** CPU seconds (user + system) a process has used (Linux). */
function cpuSeconds(pid) {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Peak resident set size of a process (Linux), in MB. */
function peakRssMb(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? NaN) / 1024;
}

async function benchBackfill() {
  const total = Number(process.env.BENCH_BACKFILL_ORDERS || 100_000);
  // The same corpus the backfill tests use: every stage, fulfillments, events, holds, returns.
  const { corpusLines } = await import(path.join(root, "tests/helpers/order-corpus.ts"));
  const jsonl = path.join(work, "backfill.jsonl");
  await pipeline(
    Readable.from(
      (function* () {
        for (const line of corpusLines(total)) yield line + "\n";
      })(),
    ),
    fs.createWriteStream(jsonl),
  );
  const size = fs.statSync(jsonl).size;
  // Where Shopify would serve the bulk result (a signed storage URL).
  const files = http.createServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/jsonl", "content-length": String(size) });
    fs.createReadStream(jsonl).pipe(res);
  });
  const filePort = await freePort();
  await new Promise((resolve) => files.listen(Number(filePort), "127.0.0.1", () => resolve(null)));

  const file = path.join(work, "backfill.sqlite");
  await applyMigrations(`file:${file}`);
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  const shop = "backfill-bench.myshopify.com";
  const now = new Date().toISOString();
  db.prepare(`INSERT INTO "Shop" (shop, locale, createdAt, updatedAt) VALUES (?, 'en', ?, ?)`).run(
    shop,
    now,
    now,
  );
  insertSqliteSession(db, shop);
  // A run whose bulk operation Shopify has completed: the worker streams and applies it.
  const { lastInsertRowid: runId } = db
    .prepare(
      `INSERT INTO "SyncRun" (shop, kind, status, operationGid, resultUrl, startedAt, updatedAt)
       VALUES (?, 'backfill', 'applying', 'gid://shopify/BulkOperation/1', ?, ?, ?)`,
    )
    .run(shop, `http://127.0.0.1:${filePort}/result.jsonl`, now, now);

  const started = performance.now();
  const worker = spawn(process.execPath, [path.join(root, "scripts/worker.mjs")], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: `file:${file}`,
      SHOPIFY_API_KEY: "bench-key",
      SHOPIFY_API_SECRET: SECRET,
      SHOPIFY_APP_URL: "http://127.0.0.1",
      SMTP_URL: "smtp://127.0.0.1:9?tls=off",
      EMAIL_FROM: "Bench <bench@example.com>",
    },
    stdio: "ignore",
  });
  const statement = db.prepare(`SELECT status, ordersApplied, errors FROM "SyncRun" WHERE id = ?`);
  const read = () =>
    /** @type {{ status: string; ordersApplied: number; errors: number }} */ (statement.get(runId));
  const deadline = Date.now() + 300_000;
  let run = read();
  let peak = 0;
  while (run.status !== "finished" && run.status !== "failed" && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    peak = Math.max(peak, peakRssMb(worker.pid));
    run = read();
  }
  const seconds = (performance.now() - started) / 1000;
  peak = Math.max(peak, peakRssMb(worker.pid));
  const cpu = cpuSeconds(worker.pid);
  worker.kill("SIGTERM");
  await new Promise((resolve) => worker.once("exit", resolve));
  await new Promise((resolve) => files.close(resolve));
  const orders = /** @type {{ n: number }} */ (
    db.prepare(`SELECT count(*) AS n FROM "Order" WHERE shop = ?`).get(shop)
  ).n;
  db.close();
  console.log(
    `\nBackfill (bulk JSONL of ${total.toLocaleString("en")} orders, ${(size / 1e6).toFixed(0)} MB, streamed over HTTP and applied by \`npm run worker\`, start-up included)`,
  );
  console.log(
    `  stageline  ${seconds.toFixed(1).padStart(6)} s  ${(run.ordersApplied / seconds).toFixed(0)} orders/s  peak RSS ${peak.toFixed(0)} MB  worker CPU ${cpu.toFixed(1)} s  (run ${run.status}: ${run.ordersApplied} applied, ${run.errors} errors, ${orders} orders stored)`,
  );
  console.log(`  target     ≤ 60 s, peak RSS ≤ 300 MB`);
}

// ---------------------------------------------------------------------------------------------
// Admin: the Orders page's loader (the `.data` request the page makes on every filter, search
// and page change) for a 200,000-order shop in a 1,000,000-order database.

/** Orders as a busy shop has them: two years of history, most delivered, repeat customers. */
async function seedAdminStore(file, { shopCount, perShop, history = false }) {
  await applyMigrations(`file:${file}`);
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = OFF");
  const { DEFAULT_STAGES } = await import(path.join(root, "app/domain/stages.ts"));
  const iso = (ms) => new Date(ms).toISOString().replace("Z", "+00:00");
  const now = Date.now();
  const insertStage = db.prepare(
    `INSERT INTO "Stage" (shop, key, labels, descriptions, internalName, color, icon, position, kind, exception, visibleToCustomer, notifyCustomer, expectedBusinessDays, createdAt, updatedAt)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?)`,
  );
  const insertOrder = db.prepare(
    `INSERT INTO "Order" (shop, orderGid, name, nameKey, email, customerFirstName, locale, lineItems, placedAt, financialStatus, fulfillmentStatus, facts, stageKey, stageSource, stageEnteredAt, version, createdAt, updatedAt)
     VALUES (?, ?, ?, ?, ?, 'Alex', 'en', '[]', ?, 'paid', ?, ?, ?, 'shopify', ?, 0, ?, ?)`,
  );
  // With `history` (the dashboard): each order's stage changes, emails of the last two weeks and
  // storefront lookup counts of the last two weeks.
  const insertEvent = db.prepare(
    `INSERT INTO "TimelineEvent" (shop, orderGid, fromKey, toKey, source, occurredAt, recordedAt, customerNotified)
     VALUES (?, ?, ?, ?, 'shopify', ?, ?, 0)`,
  );
  const insertEmail = db.prepare(
    `INSERT INTO "EmailOutbox" (shop, orderGid, stageKey, dedupeKey, recipient, locale, status, dueAt, attempts, sentAt, isTest, createdAt, updatedAt)
     VALUES (?, ?, ?, ?, ?, 'en', ?, ?, 1, ?, 0, ?, ?)`,
  );
  const insertLookupDay = db.prepare(
    `INSERT INTO "LookupDailyCount" (shop, day, found, notFound, limited) VALUES (?, ?, ?, ?, ?)`,
  );
  // Where orders are: mostly delivered; a tail in every other stage.
  const mix = [
    ...Array(60).fill("delivered"),
    ...Array(10).fill("in_transit"),
    ...Array(8).fill("shipped"),
    ...Array(8).fill("confirmed"),
    ...Array(5).fill("processing"),
    ...Array(3).fill("on_hold"),
    ...Array(3).fill("cancelled"),
    ...Array(3).fill("return_requested"),
  ];
  const span = 2 * 365 * 86_400_000;
  const seed = db.transaction((s) => {
    const shop = `shop-${s}.myshopify.com`;
    insertSqliteSession(db, shop);
    db.prepare(
      `INSERT INTO "Shop" (shop, name, locale, createdAt, updatedAt) VALUES (?, ?, 'en', ?, ?)`,
    ).run(shop, `Shop ${s}`, iso(now), iso(now));
    for (const stage of DEFAULT_STAGES) {
      insertStage.run(
        shop,
        stage.key,
        JSON.stringify(stage.labels),
        JSON.stringify(stage.descriptions),
        stage.labels.en,
        stage.color,
        stage.icon,
        stage.position,
        stage.kind,
        stage.exception ? 1 : 0,
        stage.notifyCustomer ? 1 : 0,
        stage.expectedBusinessDays,
        iso(now),
        iso(now),
      );
    }
    for (let o = 0; o < perShop; o++) {
      const placed = now - span + Math.floor((o / perShop) * span);
      const stageKey = mix[(o * 7) % mix.length];
      const entered = Math.min(now - 60_000, placed + ((o * 13) % 10) * 86_400_000);
      insertOrder.run(
        shop,
        `gid://shopify/Order/${s * 10_000_000 + o}`,
        `#${1001 + o}`,
        String(1001 + o),
        `customer${o % 50_000}@example.com`,
        iso(placed),
        stageKey === "confirmed" || stageKey === "processing" ? null : "fulfilled",
        SEED_FACTS,
        stageKey,
        iso(entered),
        iso(placed),
        iso(placed),
      );
      if (!history) continue;
      const gid = `gid://shopify/Order/${s * 10_000_000 + o}`;
      insertEvent.run(shop, gid, null, "confirmed", iso(placed), iso(placed));
      if (stageKey !== "confirmed") {
        insertEvent.run(shop, gid, "confirmed", stageKey, iso(entered), iso(entered));
      }
      if (placed > now - 14 * 86_400_000) {
        const status = o % 50 === 0 ? "dead" : "sent";
        insertEmail.run(
          shop,
          gid,
          "confirmed",
          `${gid}#${o}`,
          `customer${o % 50_000}@example.com`,
          status,
          iso(placed),
          status === "sent" ? iso(placed + 60_000) : null,
          iso(placed),
          iso(placed + 60_000),
        );
      }
    }
    if (history) {
      for (let d = 0; d < 20; d++) {
        const day = new Date(now - d * 86_400_000).toISOString().slice(0, 10);
        insertLookupDay.run(shop, day, 300 + d, 40 + d, d % 3);
      }
    }
  });
  const started = performance.now();
  for (let s = 0; s < shopCount; s++) seed(s);
  db.pragma("optimize");
  db.close();
  return { seconds: (performance.now() - started) / 1000 };
}

async function benchAdmin() {
  const orderCount = Number(process.env.BENCH_ADMIN_ORDERS || 1_000_000);
  const perShop = Math.min(200_000, orderCount);
  const shopCount = Math.max(1, Math.round(orderCount / perShop));
  const file = path.join(work, "admin.sqlite");
  const seeded = await seedAdminStore(file, { shopCount, perShop });
  const app = await startApp(`file:${file}`);
  const shop = "shop-0.myshopify.com";
  const token = sessionToken({ shop, apiKey: "bench-key", secret: SECRET, userId: "42" });
  const headers = { authorization: `Bearer ${token}`, "user-agent": UA };
  /** @param {Record<string, string>} query */
  const ordersData = (query) => ({
    path: `/app/orders.data?${new URLSearchParams({ ...query, _routes: "routes/app.orders._index" })}`,
    headers,
  });
  /** @type {[string, (i: number) => { path: string, headers: object }][]} */
  const cases = [
    ["first page", () => ordersData({})],
    ["stage filter", (i) => ordersData({ stage: ["in_transit", "processing", "on_hold"][i % 3] })],
    ["email prefix", (i) => ordersData({ q: `customer${(i * 7919) % 50_000}` })],
    ["stuck", () => ordersData({ stuck: "1" })],
  ];
  console.log(
    `\nAdmin Orders loader (SQLite, ${perShop.toLocaleString("en")}-order shop in ${(perShop * shopCount).toLocaleString("en")} orders, seeded in ${seeded.seconds.toFixed(1)} s, concurrency 1, session token checked per request)`,
  );
  /** @type {Record<string, unknown>} */
  const measured = {};
  for (const [name, make] of cases) {
    await runLoad(app.url, make, { total: 20, concurrency: 1 });
    const result = await runLoad(app.url, make, { total: 200, concurrency: 1 });
    measured[name] = summary(result);
    console.log(`  ${name.padEnd(13)} ${fmt(result)}`);
    if (result.unexpected.length)
      console.log(`  UNEXPECTED statuses: ${JSON.stringify(result.unexpected)}`);
  }
  console.log(`  target        p95 ≤ 100 ms each`);
  // SQLite whatever BENCH_DB says: this section measures the page's queries, not the database.
  report.sections.admin = {
    database: "sqlite",
    orders: perShop * shopCount,
    shopOrders: perShop,
    cases: measured,
    target: { p95Ms: 100 },
  };
  await app.stop();
}

// ---------------------------------------------------------------------------------------------
// Dashboard: the page's loader (`.data`, every widget) for a 200,000-order shop with its stage
// changes, emails and lookup counts.

async function benchDashboard() {
  const orderCount = Number(process.env.BENCH_DASHBOARD_ORDERS || 400_000);
  const perShop = Math.min(200_000, orderCount);
  const shopCount = Math.max(1, Math.round(orderCount / perShop));
  const file = path.join(work, "dashboard.sqlite");
  const seeded = await seedAdminStore(file, { shopCount, perShop, history: true });
  const app = await startApp(`file:${file}`);
  const shop = "shop-0.myshopify.com";
  const token = sessionToken({ shop, apiKey: "bench-key", secret: SECRET, userId: "42" });
  const headers = { authorization: `Bearer ${token}`, "user-agent": UA };
  const make = () => ({ path: "/app.data?_routes=routes%2Fapp._index", headers });
  await runLoad(app.url, make, { total: 20, concurrency: 1 });
  const result = await runLoad(app.url, make, { total: 200, concurrency: 1 });
  await app.stop();
  console.log(
    `\nDashboard loader (SQLite, ${perShop.toLocaleString("en")}-order shop in ${(perShop * shopCount).toLocaleString("en")} orders with their stage changes, seeded in ${seeded.seconds.toFixed(1)} s, concurrency 1, session token checked per request)`,
  );
  console.log(`  stageline  ${fmt(result)}`);
  console.log(`  target     p95 ≤ 150 ms`);
  if (result.unexpected.length)
    console.log(`  UNEXPECTED statuses: ${JSON.stringify(result.unexpected)}`);
  // SQLite whatever BENCH_DB says, like the admin section.
  report.sections.dashboard = {
    database: "sqlite",
    orders: perShop * shopCount,
    shopOrders: perShop,
    stageline: summary(result),
    target: { p95Ms: 150 },
  };
}

// ---------------------------------------------------------------------------------------------
// Time rules: orders due at once, fired by one worker process (`npm run worker`).

async function benchTimeRules() {
  const total = Number(process.env.BENCH_TIMERULE_ORDERS || 200_000);
  const db = await store("timerules");
  const shop = "shop-0.myshopify.com";
  const seeded = await db.seed({ shopCount: 1, perShop: total, stageKey: "processing" });
  await db.installShop(shop);
  // Every order entered "processing" 30 days ago; the rule moves it on after 5 business days.
  await db.execute(`UPDATE "Order" SET "stageEnteredAt" = $1 WHERE "shop" = $2`, [
    new Date(Date.now() - 30 * 86_400_000),
    shop,
  ]);
  await db.execute(
    `INSERT INTO "TimeRule" ("id", "shop", "position", "name", "enabled", "stageKey", "afterBusinessDays", "setStageKey", "notifyCustomer", "alertMerchant", "createdAt", "updatedAt")
     VALUES ('bench-rule', $1, 0, 'Waiting for materials', true, 'processing', 5, 'on_hold', false, false, $2, $2)`,
    [shop, new Date()],
  );
  const started = performance.now();
  const worker = spawn(process.execPath, [path.join(root, "scripts/worker.mjs")], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: db.url,
      SHOPIFY_API_KEY: "bench-key",
      SHOPIFY_API_SECRET: SECRET,
      SHOPIFY_APP_URL: "http://127.0.0.1",
      // No SMTP: the worker's dispatcher keeps emails rendered and unsent (none are queued here).
      EMAIL_DISPATCHER: "off",
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let workerErrors = "";
  worker.stderr?.on("data", (d) => (workerErrors += d));
  const cpuAt = () => {
    try {
      return cpuSeconds(/** @type {number} */ (worker.pid));
    } catch {
      return NaN;
    }
  };
  const deadline = Date.now() + 300_000;
  let fired = 0;
  let cpu = NaN;
  let rss = NaN;
  while (Date.now() < deadline) {
    fired = await db.count("TimeRuleFiring");
    cpu = cpuAt();
    try {
      rss = peakRssMb(/** @type {number} */ (worker.pid));
    } catch {
      // The worker exited: keep the last reading.
    }
    if (fired >= total) break;
    if (worker.exitCode !== null) throw new Error(`the worker exited:\n${workerErrors}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  const seconds = (performance.now() - started) / 1000;
  worker.kill("SIGTERM");
  await new Promise((resolve) => worker.once("exit", resolve));
  const events = await db.count("TimelineEvent");
  report.sections.timerules = {
    database: db.kind,
    orders: total,
    fired,
    seconds,
    perSecond: fired / seconds,
    workerCpuSeconds: cpu,
    workerPeakRssMb: rss,
    timelineEvents: events,
    target: { seconds: 30 },
  };
  console.log(
    `\nTime-rule job (${total.toLocaleString("en")} orders due at once in one shop on ${db.label}, seeded in ${seeded.seconds.toFixed(1)} s; one worker process incl. start-up)`,
  );
  console.log(
    `  stageline  ${seconds.toFixed(1).padStart(6)} s  (${fired.toLocaleString("en")} fired, ${(fired / seconds).toFixed(0)}/s, worker CPU ${cpu.toFixed(1)} s, peak RSS ${rss.toFixed(0)} MB)`,
  );
  console.log(`  target     ≤ 30 s`);
}

if (!fs.existsSync(path.join(root, "build/server/index.js"))) {
  console.error("bench: run `npm run build` first.");
  process.exit(1);
}
console.log(
  `Stageline bench — Node ${process.version}, ${os.cpus().length} CPUs, ${report.database}, ${report.startedAt}`,
);
try {
  if (!only || only === "ingest") await benchIngest();
  if (!only || only === "lookup") await benchLookup();
  if (!only || only === "email") await benchEmail();
  if (!only || only === "admin") await benchAdmin();
  if (!only || only === "dashboard") await benchDashboard();
  if (!only || only === "backfill") await benchBackfill();
  if (!only || only === "timerules") await benchTimeRules();
  fs.writeFileSync(reportFile, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nReport: ${path.relative(process.cwd(), reportFile) || reportFile}`);
} finally {
  for (const made of stores) await made.drop().catch((error) => console.error(error));
  fs.rmSync(work, { recursive: true, force: true });
}
