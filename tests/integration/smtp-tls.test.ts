// SMTP over TLS (SPEC §6): a real SMTP server on loopback with a certificate from a private test
// CA (tests/fixtures/tls), reached over STARTTLS and over implicit TLS (smtps:). The CA is
// trusted only through configuration (SMTP_CA_FILE); without it the mailer refuses the server.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { enqueueEmail } from "~/models/email-outbox.server";
import { createSmtpMailer, type OutgoingEmail } from "~/services/mailer.server";
import { testEnv } from "../helpers/constants";
import { installShop, testDb } from "../helpers/db";
import { freePort } from "../helpers/server-process";
import { SmtpSink, TEST_CA_FILE, type SinkTls } from "../helpers/smtp-sink";
import { until } from "../helpers/wait";

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function sinkWith(tls: SinkTls) {
  const sink = new SmtpSink(await freePort(), tls);
  await sink.start();
  cleanups.push(() => sink.stop());
  return sink;
}

let n = 0;
function email(): OutgoingEmail {
  const id = ++n;
  return {
    from: "Stageline Test <orders@stageline.test>",
    to: `shopper${id}@example.com`,
    subject: `Over TLS ${id}`,
    html: `<p>Over TLS ${id}</p>`,
    text: `Over TLS ${id}`,
    messageId: `<tls-${id}-${Date.now()}@stageline.test>`,
  };
}

describe.each([
  ["STARTTLS", "starttls"],
  ["implicit TLS (smtps:)", "implicit"],
] as const)("SMTP over %s", (_name, tls) => {
  it("sends through the pooled mailer when the test CA is trusted", async () => {
    const sink = await sinkWith(tls);
    const mailer = createSmtpMailer(sink.url, { ca: fs.readFileSync(TEST_CA_FILE, "utf8") });
    cleanups.push(() => mailer.close());
    const messages = [email(), email(), email()];
    await Promise.all(messages.map((m) => mailer.send(m, { timeoutMs: 10_000 })));
    expect(sink.received.map((r) => r.messageId).sort()).toEqual(
      messages.map((m) => m.messageId).sort(),
    );
    expect(sink.received.every((r) => r.secure)).toBe(true);
  });

  it("refuses a server whose certificate it cannot verify, and sends nothing", async () => {
    const sink = await sinkWith(tls);
    const mailer = createSmtpMailer(sink.url);
    cleanups.push(() => mailer.close());
    await expect(mailer.send(email(), { timeoutMs: 10_000 })).rejects.toThrow(/certificate/i);
    expect(sink.received).toEqual([]);
  });
});

describe("SMTP_CA_FILE", () => {
  it("lets `npm run worker` deliver over smtps: to a server signed by that CA", async () => {
    const sink = await sinkWith("implicit");
    const shop = `tls-worker-${Date.now()}.myshopify.com`;
    await installShop(shop);
    await enqueueEmail(shop, {
      orderGid: "test",
      stageKey: "delivered",
      dedupeKey: `test:tls-${shop}`,
      timelineEventId: null,
      recipient: "shopper@example.com",
      locale: "en",
      dueAt: new Date(),
      isTest: true,
      subject: "Sent over smtps:",
      html: "<p>Sent over smtps:</p>",
      text: "Sent over smtps:",
    });
    const worker = spawn(
      process.execPath,
      [path.resolve(import.meta.dirname, "../../scripts/worker.mjs")],
      {
        env: {
          ...process.env,
          ...testEnv(process.env.DATABASE_URL!),
          EMAIL_DISPATCHER: "on",
          SMTP_URL: sink.url,
          SMTP_CA_FILE: TEST_CA_FILE,
        },
        stdio: "ignore",
      },
    );
    cleanups.push(
      () =>
        new Promise<void>((resolve) => {
          if (worker.exitCode !== null) return resolve();
          worker.once("exit", () => resolve());
          worker.kill("SIGTERM");
        }),
    );
    const row = () => testDb().emailOutbox.findFirstOrThrow({ where: { shop } });
    await until(async () => (await row()).status === "sent", { what: "the email to be sent" });
    expect(sink.received).toEqual([
      expect.objectContaining({ subject: "Sent over smtps:", secure: true }),
    ]);
  }, 30_000);
});
