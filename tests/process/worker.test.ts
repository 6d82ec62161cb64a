// `npm run worker` delivers queued stage emails over SMTP on its own, and an email whose worker
// was killed mid-way is sent by the next one.
import { spawn } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { OrderSimulation } from "../fixtures/webhooks/factory";
import { testEnv } from "../helpers/constants";
import { installShop, testDb } from "../helpers/db";
import { deliverAll } from "../helpers/deliver";
import { freePort } from "../helpers/server-process";
import { SmtpSink } from "../helpers/smtp-sink";
import { until } from "../helpers/wait";

let sink: SmtpSink;
beforeAll(async () => {
  sink = new SmtpSink(await freePort());
  await sink.start();
});
afterAll(async () => {
  await sink.stop();
});

async function shopWithDeliveredOrder(label: string) {
  const shop = `${label}-${Date.now()}.myshopify.com`;
  await installShop(shop);
  await testDb().shop.upsert({
    where: { shop },
    create: { shop, emailCoalesceSeconds: 0 },
    update: {},
  });
  await deliverAll(
    shop,
    new OrderSimulation().create("paid").fulfill([0, 1, 2, 3, 4]).carrierEvent(0, "delivered")
      .deliveries,
  );
  return shop;
}

function startWorker(smtpUrl: string) {
  return spawn(process.execPath, [path.resolve(import.meta.dirname, "../../scripts/worker.mjs")], {
    env: { ...process.env, ...testEnv(process.env.DATABASE_URL!), SMTP_URL: smtpUrl },
    stdio: "ignore",
  });
}

it("sends a queued stage email from the worker process", async () => {
  const shop = await shopWithDeliveredOrder("worker");
  const worker = startWorker(sink.url);
  try {
    // Received by the SMTP server, then recorded as sent by the worker: wait for both.
    await until(
      async () =>
        sink.received.length > 0 &&
        (await testDb().emailOutbox.findFirst({ where: { shop } }))?.status === "sent",
    );
  } finally {
    worker.kill("SIGTERM");
  }
  expect(sink.received.map((e) => e.subject)).toEqual(["Order #9999: Delivered"]);
}, 30_000);

it("sends the email once after its worker was killed between claim and send", async () => {
  const shop = await shopWithDeliveredOrder("worker-killed");
  sink.received.length = 0;
  // A mail server that accepts connections and never greets: the worker leases the email and
  // is still waiting to send it when it is killed.
  const sockets: net.Socket[] = [];
  const silent = net.createServer((socket) => void sockets.push(socket));
  await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
  const { port } = silent.address() as net.AddressInfo;
  const email = () => testDb().emailOutbox.findFirstOrThrow({ where: { shop } });
  const doomed = startWorker(`smtp://127.0.0.1:${port}?tls=off`);
  try {
    await until(async () => (await email()).status === "sending" && sockets.length > 0);
  } finally {
    const exited = new Promise((resolve) => doomed.once("exit", resolve));
    doomed.kill("SIGKILL");
    await exited;
    for (const socket of sockets) socket.destroy();
    silent.close();
  }
  const leased = await email();
  expect(leased).toMatchObject({ status: "sending", attempts: 1 });
  expect(leased.leaseOwner).toBeTruthy();

  // Time passes: the dead worker's lease runs out, and the next worker takes the email.
  await testDb().emailOutbox.update({
    where: { id: leased.id },
    data: { leaseUntil: new Date(Date.now() - 1000) },
  });
  const next = startWorker(sink.url);
  try {
    await until(async () => (await email()).status === "sent");
  } finally {
    next.kill("SIGTERM");
  }
  expect(sink.received.map((e) => e.subject)).toEqual(["Order #9999: Delivered"]);
  expect(await email()).toMatchObject({ status: "sent", attempts: 2, leaseOwner: null });
}, 60_000);
