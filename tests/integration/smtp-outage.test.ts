// SMTP outages end to end (SPEC §6, §9 "SMTP outage → every email delivered after recovery, none
// twice"): a real SMTP server on loopback that refuses connections, or accepts them and never
// answers, then comes back. The dispatcher must recover on its own, without a restart.
import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { enqueueEmail } from "~/models/email-outbox.server";
import {
  DEFAULT_DISPATCH,
  dispatchDueEmails,
  retryDelayMs,
  startEmailDispatcher,
  type DispatchConfig,
} from "~/services/email-dispatcher.server";
import { createSmtpMailer, SMTP_CONNECTIONS, type Mailer } from "~/services/mailer.server";
import { installShop, testDb } from "../helpers/db";
import { freePort } from "../helpers/server-process";
import { SmtpSink } from "../helpers/smtp-sink";
import { until } from "../helpers/wait";

const config: DispatchConfig = {
  ...DEFAULT_DISPATCH,
  owner: "outage-worker",
  random: () => 0.5,
  backoffBaseMs: 1000,
  sendTimeoutMs: 400,
};

/** When the next pass finds every email of the shop due again. */
async function dueAgain(shop: string) {
  return new Date(Math.max(...(await emailsOf(shop)).map((e) => e.dueAt.getTime())));
}

/** More emails than pooled SMTP connections: each failed connection once held a slot for good. */
const EMAILS = SMTP_CONNECTIONS + 3;

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

let n = 0;
async function shopWithQueuedEmails(count = EMAILS) {
  const shop = `outage-${++n}-${Date.now()}.myshopify.com`;
  await installShop(shop);
  for (let i = 0; i < count; i++) {
    await enqueueEmail(shop, {
      orderGid: "test",
      stageKey: "delivered",
      dedupeKey: `outage:${shop}:${i}`,
      timelineEventId: null,
      recipient: `shopper${i}@example.com`,
      locale: "en",
      dueAt: new Date(),
      isTest: true,
      subject: `Outage ${i}`,
      html: `<p>Outage ${i}</p>`,
      text: `Outage ${i}`,
    });
  }
  return shop;
}

const emailsOf = (shop: string) =>
  testDb().emailOutbox.findMany({ where: { shop }, orderBy: { id: "asc" } });

function mailerTo(port: number): Mailer {
  const mailer = createSmtpMailer(`smtp://127.0.0.1:${port}?tls=off`);
  cleanups.push(() => mailer.close());
  return mailer;
}

async function sinkOn(port: number) {
  const sink = new SmtpSink(port);
  await sink.start();
  cleanups.push(() => sink.stop());
  return sink;
}

/** A mail server that accepts connections and never says a word. */
async function silentServerOn(port: number) {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("error", () => {});
    socket.once("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const close = async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return { sockets, close };
}

function expectEachOnce(sink: SmtpSink, count = EMAILS) {
  const subjects = sink.received.map((e) => e.subject).sort();
  expect(subjects).toEqual(Array.from({ length: count }, (_, i) => `Outage ${i}`).sort());
}

describe("SMTP outage", () => {
  it("delivers every email once within one backoff period after connections were refused more times than there are pooled connections", async () => {
    const port = await freePort(); // nothing listens: connections are refused
    const mailer = mailerTo(port);
    const shop = await shopWithQueuedEmails();
    const t0 = Date.now();

    const first = await dispatchDueEmails(mailer, new Date(t0 + 1000), config);
    expect(first).toMatchObject({ claimed: EMAILS, retried: EMAILS, sent: 0 });
    const refused = await emailsOf(shop);
    expect(refused.every((e) => e.status === "queued" && e.attempts === 1)).toBe(true);
    expect(refused.every((e) => /ECONNREFUSED/.test(e.lastError ?? ""))).toBe(true);

    // Still down one backoff later: refused again, twice as many failures as pooled connections.
    const retryAt = await dueAgain(shop);
    expect(retryAt.getTime() - (t0 + 1000)).toBeLessThanOrEqual(retryDelayMs(1, config) + 1000);
    const second = await dispatchDueEmails(mailer, retryAt, config);
    expect(second).toMatchObject({ claimed: EMAILS, retried: EMAILS });

    const sink = await sinkOn(port);
    const recoverAt = await dueAgain(shop);
    expect(recoverAt.getTime() - retryAt.getTime()).toBeLessThanOrEqual(
      retryDelayMs(2, config) + 1000,
    );
    // A send that merely runs slow on a busy machine must not count as a failure here; a pool
    // slot lost for good still would (the send would wait forever).
    const recovered = await dispatchDueEmails(mailer, recoverAt, {
      ...config,
      sendTimeoutMs: 5000,
    });
    expect(recovered).toMatchObject({ claimed: EMAILS, sent: EMAILS, retried: 0 });
    expectEachOnce(sink);
    expect((await emailsOf(shop)).every((e) => e.status === "sent" && e.attempts === 3)).toBe(true);
    expect(await dispatchDueEmails(mailer, new Date(t0 + 3600_000), config)).toMatchObject({
      claimed: 0,
    });
    expect(sink.received).toHaveLength(EMAILS);
  }, 20_000);

  it("gives up on a server that accepts connections and never answers, releases the emails, and sends them once it answers", async () => {
    const port = await freePort();
    const silent = await silentServerOn(port);
    const mailer = mailerTo(port);
    const shop = await shopWithQueuedEmails();
    const t0 = Date.now();

    const stalled = await dispatchDueEmails(mailer, new Date(t0 + 1000), config);
    expect(stalled).toMatchObject({ claimed: EMAILS, retried: EMAILS, sent: 0 });
    const rows = await emailsOf(shop);
    // Nothing keeps a lease after its send timed out: every email is free for the next pass.
    expect(rows.every((e) => e.status === "queued" && e.leaseOwner === null)).toBe(true);
    expect(rows.map((e) => e.lastError)).toContain(
      `SMTP send timed out after ${config.sendTimeoutMs} ms`,
    );
    // The stalled connections were closed, not left to pile up.
    await until(() => silent.sockets.size === 0, { what: "the stalled connections to close" });

    // Each email is due again one backoff after its own timeout, and the timeouts bounded the pass.
    const recoverAt = await dueAgain(shop);
    const passBound = Math.ceil(EMAILS / config.concurrency) * config.sendTimeoutMs + 1000;
    expect(recoverAt.getTime() - (t0 + 1000)).toBeLessThanOrEqual(
      retryDelayMs(1, config) + passBound,
    );

    await silent.close();
    const sink = await sinkOn(port);
    // A send that merely runs slow on a busy machine must not count as a failure here; a pool
    // slot lost for good still would (the send would wait forever).
    const recovered = await dispatchDueEmails(mailer, recoverAt, {
      ...config,
      sendTimeoutMs: 5000,
    });
    expect(recovered).toMatchObject({ claimed: EMAILS, sent: EMAILS });
    expectEachOnce(sink);
  }, 20_000);

  it("recovers in the running dispatcher loop without a restart, sending each email once", async () => {
    const port = await freePort();
    const mailer = mailerTo(port);
    const shop = await shopWithQueuedEmails();
    const dispatcher = startEmailDispatcher({
      intervalMs: 20,
      mailer,
      config: { ...config, backoffBaseMs: 50, backoffMaxMs: 200 },
    });
    cleanups.push(() => dispatcher.stop());

    // Every email has been refused at least twice: more failed connections than pool slots.
    await until(async () => (await emailsOf(shop)).every((e) => e.attempts >= 2), {
      what: "two refused attempts per email",
    });
    const sink = await sinkOn(port);
    await until(() => sink.received.length >= EMAILS, { what: "every email to arrive" });
    await until(async () => (await emailsOf(shop)).every((e) => e.status === "sent"), {
      what: "every email to be recorded as sent",
    });
    await dispatcher.stop();
    expectEachOnce(sink);
  }, 30_000);

  it("stops promptly while a send is stalled on a silent server", async () => {
    const port = await freePort();
    const silent = await silentServerOn(port);
    cleanups.push(() => silent.close());
    const mailer = mailerTo(port);
    const shop = await shopWithQueuedEmails(1);
    const dispatcher = startEmailDispatcher({ intervalMs: 20, mailer, config });
    await until(
      async () => silent.sockets.size > 0 && (await emailsOf(shop))[0]!.status === "sending",
      { what: "a send to stall" },
    );
    await dispatcher.stop(); // bounded by the send timeout, not by the server
    const [row] = await emailsOf(shop);
    expect(row).toMatchObject({ status: "queued", leaseOwner: null, attempts: 1 });
    expect(row!.lastError).toMatch(/timed out/);
  }, 15_000);
});
