// `npm run worker` delivers queued stage emails over SMTP on its own.
import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { OrderSimulation } from "../fixtures/webhooks/factory";
import { testEnv } from "../helpers/constants";
import { installShop, testDb } from "../helpers/db";
import { deliverAll } from "../helpers/deliver";
import { freePort } from "../helpers/server-process";
import { SmtpSink } from "../helpers/smtp-sink";

let sink: SmtpSink;
beforeAll(async () => {
  sink = new SmtpSink(await freePort());
  await sink.start();
});
afterAll(async () => {
  await sink.stop();
});

it("sends a queued stage email from the worker process", async () => {
  const shop = `worker-${Date.now()}.myshopify.com`;
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
  const worker = spawn(
    process.execPath,
    [path.resolve(import.meta.dirname, "../../scripts/worker.mjs")],
    {
      env: { ...process.env, ...testEnv(process.env.DATABASE_URL!), SMTP_URL: sink.url },
      stdio: "ignore",
    },
  );
  try {
    const deadline = Date.now() + 20_000;
    while (sink.received.length === 0 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
  } finally {
    worker.kill("SIGTERM");
  }
  expect(sink.received.map((e) => e.subject)).toEqual(["Order #9999: Delivered"]);
  const [row] = await testDb().emailOutbox.findMany({ where: { shop } });
  expect(row).toMatchObject({ status: "sent" });
}, 30_000);
