// Scaling out (README "Scaling out", PostgreSQL only): two production web instances with EMAIL_DISPATCHER=off and
// two `npm run worker` processes on one database. Deliveries are spread over both instances and
// some are sent to both at once (Shopify retries on another connection while the first attempt
// is still running); the workers race for the same outbox. Every delivery must be stored once,
// every order end in its in-order stage, and no email go out twice.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testEnv } from "../helpers/constants";
import { testDb } from "../helpers/db";
import { deliverOverHttp } from "../helpers/deliver";
import {
  expectEndCorrect,
  inOrderStages,
  interleave,
  isStored,
  scenarios,
  sendStream,
  type StreamItem,
} from "../helpers/delivery-stream";
import { freePort, startServer, type RunningServer } from "../helpers/server-process";
import { SmtpSink } from "../helpers/smtp-sink";
import { until } from "../helpers/wait";

const production = {
  ...testEnv(process.env.DATABASE_URL!),
  NODE_ENV: "production" as const,
};

let sink: SmtpSink;
const instances: RunningServer[] = [];
const workers: ChildProcess[] = [];

function startWorker() {
  const worker = spawn(
    process.execPath,
    [path.resolve(import.meta.dirname, "../../scripts/worker.mjs")],
    {
      env: { ...process.env, ...production, EMAIL_DISPATCHER: "on", SMTP_URL: sink.url },
      stdio: "ignore",
    },
  );
  workers.push(worker);
}

beforeAll(async () => {
  sink = new SmtpSink(await freePort());
  await sink.start();
  instances.push(
    ...(await Promise.all(
      [0, 1].map(() => startServer({ ...production, EMAIL_DISPATCHER: "off" })),
    )),
  );
}, 60_000);

afterAll(async () => {
  await Promise.all([
    ...instances.map((instance) => instance.stop()),
    ...workers.map(
      (worker) =>
        new Promise<void>((resolve) => {
          if (worker.exitCode !== null) return resolve();
          worker.once("exit", () => resolve());
          worker.kill("SIGTERM");
        }),
    ),
  ]);
  await sink.stop();
});

describe("two web instances and two workers on one database", () => {
  it("stores every delivery once and sends every email once", async () => {
    const list = await scenarios("scale", 2);
    for (const { shop } of list) {
      // Every stage entry gets its own email, so there are many to race for.
      await testDb().shop.upsert({
        where: { shop },
        create: { shop, emailCoalesceSeconds: 0 },
        update: { emailCoalesceSeconds: 0 },
      });
    }
    startWorker();
    startWorker();

    const stream = interleave(list);
    const [a, b] = instances as [RunningServer, RunningServer];
    let sent = 0;
    const send = (item: StreamItem): Promise<Response> => {
      const to = (server: RunningServer) =>
        deliverOverHttp(server.url, item.shop, item.delivery, { eventId: item.eventId });
      // Every third delivery goes to both instances at once; the others alternate.
      if (sent++ % 3 === 0) {
        return Promise.all([to(a), to(b)]).then(async ([first, second]) => {
          expect(second.status, `second instance: ${b.output().slice(-2000)}`).toBe(200);
          await second.arrayBuffer();
          return first;
        });
      }
      return to(sent % 2 ? a : b);
    };
    const outcomes = await sendStream(stream, send, { concurrency: 6 });
    expect(outcomes.filter((o) => !isStored(o))).toEqual([]);

    await expectEndCorrect(
      list,
      await inOrderStages("scale", async (shop, deliveries) => {
        for (const delivery of deliveries) {
          const response = await deliverOverHttp(a.url, shop, delivery);
          expect(response.status, a.output().slice(-2000)).toBe(200);
        }
      }),
    );

    const shops = list.map((s) => s.shop);
    const outbox = () => testDb().emailOutbox.findMany({ where: { shop: { in: shops } } });
    await until(
      async () => (await outbox()).every((e) => !["queued", "sending"].includes(e.status)),
      { timeoutMs: 30_000, what: "every email to be dispatched" },
    );
    const rows = await outbox();
    const sentRows = rows.filter((e) => e.status === "sent");
    expect(sentRows.length).toBeGreaterThanOrEqual(list.length);
    expect(rows.filter((e) => e.status !== "sent")).toEqual([]);
    const received = sink.received.map((e) => e.messageId);
    expect(new Set(received).size, "a Message-ID arrived twice").toBe(received.length);
    expect(received.sort()).toEqual(sentRows.map((e) => e.providerMessageId).sort());
  }, 90_000);
});
