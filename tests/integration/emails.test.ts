// Stage emails end to end: signed webhooks → outbox rows in the stage-change transaction →
// dispatcher → a real SMTP server on loopback (SPEC §6).
import { describe, expect, it } from "vitest";
import type { DefaultStageKey } from "~/domain/stages";
import type { DispatchConfig } from "~/services/email-dispatcher.server";
import { ORDER_GID, OrderSimulation, type Delivery } from "../fixtures/webhooks/factory";
import { builtServer } from "../helpers/app";
import { installShop, testDb } from "../helpers/db";
import { deliver, deliverAll } from "../helpers/deliver";
import { mockShopifyOperation } from "../helpers/shopify-mock";
import { useSmtpSink } from "../helpers/smtp-sink";
import { waitFor } from "../helpers/wait";

const { claimDueEmails, DEFAULT_DISPATCH, defaultStage, dispatchDueEmails, enqueueEmail } =
  await builtServer();
const mail = useSmtpSink();
const config: DispatchConfig = {
  ...DEFAULT_DISPATCH,
  owner: "test-worker",
  random: () => 0.5,
  backoffBaseMs: 1000,
};

let n = 0;
async function newShop(coalesceSeconds: number) {
  const shop = `mail-${++n}-${Date.now()}.myshopify.com`;
  await installShop(shop);
  await testDb().shop.upsert({
    where: { shop },
    create: { shop, name: "Test Shop", emailCoalesceSeconds: coalesceSeconds },
    update: {},
  });
  mockShopifyOperation("FulfillmentOrderOrder", () => ({
    data: { fulfillmentOrder: { id: "x", order: { id: ORDER_GID } } },
  }));
  return shop;
}

const later = (seconds: number) => new Date(Date.now() + seconds * 1000);

async function dispatch(at = later(1)) {
  return dispatchDueEmails(mail.mailer, at, config);
}

/** Queues `count` pre-rendered emails (as "send test email" does); returns their recipients. */
async function queueTestEmails(shop: string, count: number) {
  const recipients = Array.from({ length: count }, (_, i) => `shopper${i}@example.com`);
  for (const [i, recipient] of recipients.entries()) {
    await enqueueEmail(shop, {
      orderGid: "test",
      stageKey: "delivered",
      dedupeKey: `test:${shop}:${i}`,
      timelineEventId: null,
      recipient,
      locale: "en",
      dueAt: new Date(),
      isTest: true,
      subject: `Test ${i}`,
      html: `<p>Test ${i}</p>`,
      text: `Test ${i}`,
    });
  }
  return recipients;
}

const emailsOf = (shop: string) =>
  testDb().emailOutbox.findMany({ where: { shop }, orderBy: { id: "asc" } });

const reach: Record<string, (s: OrderSimulation) => OrderSimulation> = {
  awaiting_payment: (s) => s.create("pending"),
  on_hold: (s) => s.create("paid").hold(),
  out_for_delivery: (s) =>
    s.create("paid").fulfill([0, 1, 2, 3, 4]).carrierEvent(0, "out_for_delivery"),
  ready_for_pickup: (s) =>
    s.create("paid").fulfill([0, 1, 2, 3, 4]).carrierEvent(0, "ready_for_pickup"),
  delivery_issue: (s) =>
    s.create("paid").fulfill([0, 1, 2, 3, 4]).carrierEvent(0, "attempted_delivery"),
  delivered: (s) => s.create("paid").fulfill([0, 1, 2, 3, 4]).carrierEvent(0, "delivered"),
  return_requested: (s) => s.create("paid").fulfill([0, 1, 2, 3, 4]).returnStep("request"),
  return_in_progress: (s) =>
    s.create("paid").fulfill([0, 1, 2, 3, 4]).returnStep("request").returnStep("approve"),
  return_declined: (s) =>
    s.create("paid").fulfill([0, 1, 2, 3, 4]).returnStep("request").returnStep("decline"),
  returned: (s) =>
    s
      .create("paid")
      .fulfill([0, 1, 2, 3, 4])
      .returnStep("request")
      .returnStep("approve")
      .returnStep("close"),
};

describe("stage emails", () => {
  it.each(Object.keys(reach))("emails the shopper when the order enters %s", async (stageKey) => {
    const shop = await newShop(120);
    await deliverAll(shop, reach[stageKey]!(new OrderSimulation()).deliveries);
    const report = await dispatch(later(121));
    expect(report.sent).toBe(1);
    expect(mail.sink.received).toHaveLength(1);
    const [email] = mail.sink.received;
    const label = defaultStage(stageKey as DefaultStageKey).labels.en;
    expect(email!.to).toBe("jon@example.com");
    expect(email!.subject).toBe(`Order #9999: ${label}`);
    expect(email!.from).toContain("orders@stageline.test");
    expect(email!.html).toContain(label);
    expect(email!.text).toContain(label);
    if (stageKey.startsWith("out_for") || stageKey.startsWith("deliver")) {
      expect(email!.html).toContain('href="https://www.ups.com/track?tracknum=1Z5550001"');
      expect(email!.text).toContain("https://www.ups.com/track?tracknum=1Z5550001");
    }
    const [row] = (await emailsOf(shop)).filter((e) => e.status === "sent");
    expect(row).toMatchObject({ stageKey, attempts: 1, recipient: "jon@example.com" });
    expect(row!.providerMessageId).toBeTruthy();
    const event = await testDb().timelineEvent.findFirst({
      where: { shop, id: row!.timelineEventId! },
    });
    expect(event).toMatchObject({ toKey: stageKey, customerNotified: true });
  });

  it("sends nothing for stages that do not notify (confirmed, shipped, in transit)", async () => {
    const shop = await newShop(0);
    await deliverAll(
      shop,
      new OrderSimulation().create("paid").fulfill([0, 1, 2, 3, 4]).carrierEvent(0, "in_transit")
        .deliveries,
    );
    expect(await dispatch()).toMatchObject({ claimed: 0 });
    expect(mail.sink.received).toHaveLength(0);
  });

  it("never sends twice for duplicate and replayed deliveries", async () => {
    const shop = await newShop(0);
    const sim = new OrderSimulation()
      .create("paid")
      .fulfill([0, 1, 2, 3, 4])
      .carrierEvent(0, "out_for_delivery")
      .carrierEvent(0, "delivered");
    for (const delivery of sim.deliveries) {
      for (let i = 0; i < 3; i++)
        await deliver(shop, delivery, { eventId: `${delivery.topic}-${delivery.triggeredAt}` });
    }
    await deliverAll(shop, sim.deliveries); // the whole lifecycle again, new event ids
    await dispatch();
    await dispatch(later(5));
    // The dispatcher sends concurrently, so arrival order is not part of the contract.
    expect(mail.sink.received.map((e) => e.subject).sort()).toEqual([
      "Order #9999: Delivered",
      "Order #9999: Out for delivery",
    ]);
  });

  it("coalesces a burst into one email about the latest stage", async () => {
    const shop = await newShop(120);
    await deliverAll(
      shop,
      new OrderSimulation()
        .create("paid")
        .fulfill([0, 1, 2, 3, 4])
        .carrierEvent(0, "out_for_delivery")
        .carrierEvent(0, "delivered").deliveries,
    );
    expect((await dispatch(later(60))).claimed).toBe(0); // still inside the window
    await dispatch(later(121));
    expect(mail.sink.received.map((e) => e.subject)).toEqual(["Order #9999: Delivered"]);
    expect((await emailsOf(shop)).map((e) => [e.stageKey, e.status])).toEqual([
      ["out_for_delivery", "coalesced"],
      ["delivered", "sent"],
    ]);
  });

  it("does not announce a stage the order left before its email went out", async () => {
    const shop = await newShop(120);
    await deliverAll(shop, new OrderSimulation().create("pending").pay().deliveries);
    await dispatch(later(121));
    expect(mail.sink.received).toHaveLength(0);
    expect((await emailsOf(shop)).map((e) => [e.stageKey, e.status])).toEqual([
      ["awaiting_payment", "skipped"],
    ]);
  });

  it("delivers every email once after an SMTP outage", async () => {
    const shop = await newShop(0);
    const other = await newShop(0);
    await deliverAll(shop, reach.delivered!(new OrderSimulation()).deliveries);
    await deliverAll(other, reach.awaiting_payment!(new OrderSimulation()).deliveries);
    await mail.sink.stop();
    const down = await dispatch();
    expect(down).toMatchObject({ claimed: 2, retried: 2, sent: 0 });
    const queued = await testDb().emailOutbox.findMany({ where: { shop: { in: [shop, other] } } });
    expect(queued.every((e) => e.status === "queued" && e.attempts === 1 && e.lastError)).toBe(
      true,
    );
    expect((await dispatch()).claimed).toBe(0); // backing off
    mail.sink.failTemporarily = true;
    await mail.sink.start();
    expect(await dispatch(later(60))).toMatchObject({ retried: 2 }); // 451: try later
    mail.sink.failTemporarily = false;
    expect(await dispatch(later(600))).toMatchObject({ sent: 2 });
    expect(await dispatch(later(1200))).toMatchObject({ claimed: 0 });
    expect(mail.sink.received.map((e) => e.subject).sort()).toEqual([
      "Order #9999: Awaiting payment",
      "Order #9999: Delivered",
    ]);
  });

  it("sends an email whose worker died between claim and send, once its lease expires", async () => {
    const shop = await newShop(0);
    await deliverAll(shop, reach.delivered!(new OrderSimulation()).deliveries);
    const [row] = await emailsOf(shop);
    const claimed = await claimDueEmails("worker-that-dies", later(1), 60_000, 100);
    expect(claimed.map((e) => e.id)).toContain(row!.id);
    expect((await emailsOf(shop))[0]).toMatchObject({ status: "sending", attempts: 1 });
    expect((await dispatch(later(30))).claimed).toBe(0); // lease still held
    expect(await dispatch(later(62))).toMatchObject({ claimed: 1, sent: 1 });
    expect(mail.sink.received).toHaveLength(1);
    expect((await emailsOf(shop))[0]).toMatchObject({ status: "sent", attempts: 2 });
  });

  it("sends each email once when two workers dispatch at the same time", async () => {
    const shop = await newShop(0);
    const recipients = await queueTestEmails(shop, 40);
    const [a, b] = await Promise.all([
      dispatchDueEmails(mail.mailer, later(1), { ...config, owner: "worker-a" }),
      dispatchDueEmails(mail.mailer, later(1), { ...config, owner: "worker-b" }),
    ]);
    expect(a.claimed + b.claimed).toBe(40);
    expect(a.sent + b.sent).toBe(40);
    expect(mail.sink.received.map((e) => e.to).sort()).toEqual(recipients.sort());
    expect((await emailsOf(shop)).every((e) => e.status === "sent" && e.attempts === 1)).toBe(true);
  });

  it("hands back emails it could not start within half the lease, untried", async () => {
    const shop = await newShop(0);
    const recipients = await queueTestEmails(shop, 5);
    mail.sink.delayMs = 80;
    const slow = { ...config, leaseMs: 200, batchSize: 5, concurrency: 1 };
    const first = await dispatchDueEmails(mail.mailer, later(1), slow);
    expect(first.sent).toBeGreaterThan(0);
    expect(first.claimed).toBe(first.sent);
    const handedBack = (await emailsOf(shop)).filter((e) => e.status === "queued");
    expect(handedBack).toHaveLength(5 - first.sent);
    expect(handedBack.every((e) => e.attempts === 0 && e.leaseOwner === null)).toBe(true);
    mail.sink.delayMs = 0;
    expect(await dispatch()).toMatchObject({ sent: 5 - first.sent });
    expect(mail.sink.received.map((e) => e.to).sort()).toEqual(recipients.sort());
  });

  it("leaves an email to the worker that took it over while this pass was busy", async () => {
    const shop = await newShop(0);
    await queueTestEmails(shop, 2);
    mail.sink.delayMs = 300;
    const pass = dispatchDueEmails(mail.mailer, later(1), { ...config, concurrency: 1 });
    // The batch is claimed: the first send is under way, the second waits its turn.
    const second = await waitFor(async () => {
      const row = (await emailsOf(shop))[1];
      return row?.status === "sending" ? row : undefined;
    }, "the batch to be claimed");
    expect(second).toMatchObject({ status: "sending", leaseOwner: config.owner });
    // Another worker took it over (this pass's lease ran out, say).
    await testDb().emailOutbox.update({
      where: { id: second.id },
      data: { leaseOwner: "worker-b" },
    });
    expect(await pass).toMatchObject({ claimed: 1, sent: 1 });
    expect(mail.sink.received.map((e) => e.to)).toEqual(["shopper0@example.com"]);
    expect((await emailsOf(shop))[1]).toMatchObject({ status: "sending", leaseOwner: "worker-b" });
    await testDb().emailOutbox.deleteMany({ where: { shop } });
  });

  it("keeps the lease alive during a slow send, so no other worker sends the email too", async () => {
    const shop = await newShop(0);
    await queueTestEmails(shop, 1);
    mail.sink.delayMs = 700;
    const start = later(1);
    const slow = { ...config, leaseMs: 300, concurrency: 1 };
    const first = dispatchDueEmails(mail.mailer, start, slow);
    // A renewal during the send carried the lease past start + 500 ms.
    await waitFor(async () => {
      const [row] = await emailsOf(shop);
      return row?.leaseUntil && row.leaseUntil.getTime() > start.getTime() + 500;
    }, "the lease to be renewed during the send");
    // Past the lease taken before the send: only the renewals during it keep the email.
    const other = await dispatchDueEmails(mail.mailer, new Date(start.getTime() + 500), {
      ...slow,
      owner: "worker-b",
    });
    expect(other.claimed).toBe(0);
    expect(await first).toMatchObject({ claimed: 1, sent: 1 });
    expect(mail.sink.received).toHaveLength(1);
    expect((await emailsOf(shop))[0]).toMatchObject({ status: "sent", attempts: 1 });
  });

  it("dead-letters after the last attempt, visible with its error", async () => {
    const shop = await newShop(0);
    await deliverAll(shop, reach.delivered!(new OrderSimulation()).deliveries);
    mail.sink.failTemporarily = true;
    const quick = { ...config, maxAttempts: 3 };
    for (let i = 0; i < 3; i++) await dispatchDueEmails(mail.mailer, later(3600 * (i + 1)), quick);
    const [row] = await emailsOf(shop);
    expect(row).toMatchObject({ status: "dead", attempts: 3 });
    expect(row!.lastError).toMatch(/try again later/i);
    expect(mail.sink.received).toHaveLength(0);
  });

  it("escapes order data in the HTML part", async () => {
    const shop = await newShop(0);
    const sim = reach.delivered!(new OrderSimulation());
    for (const d of sim.deliveries as Delivery[]) {
      const body = d.body as Record<string, unknown>;
      if (typeof body.name === "string") body.name = "<script>alert(1)</script>";
    }
    await deliverAll(shop, sim.deliveries);
    await dispatch();
    const [email] = mail.sink.received;
    expect(email!.html).not.toContain("<script>alert(1)</script>");
    expect(email!.html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(email!.subject).toBe("Order <script>alert(1)</script>: Delivered");
  });

  it("keeps rendered emails, unsent, when no SMTP server is configured", async () => {
    const shop = await newShop(0);
    await deliverAll(shop, reach.delivered!(new OrderSimulation()).deliveries);
    expect(await dispatchDueEmails(null, later(1), config)).toMatchObject({ held: 1 });
    const [row] = await emailsOf(shop);
    expect(row).toMatchObject({ status: "held", subject: "Order #9999: Delivered" });
    expect(row!.html).toContain("Delivered");
    expect(mail.sink.received).toHaveLength(0);
  });
});
