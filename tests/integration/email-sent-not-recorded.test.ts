// "Sent but not recorded" (docs/decisions/006): the SMTP server accepted the message and the
// database then refused to record it. The email must not be queued again as if it had not gone
// out; it stays leased, and once the lease runs out it is sent once more, with the same
// Message-ID, so the receiving side can recognise the repeat. Never a third time.
import { describe, expect, it } from "vitest";
import type { DispatchConfig } from "~/services/email-dispatcher.server";
import { builtServer } from "../helpers/app";
import { allowConsoleErrors } from "../helpers/console";
import { installShop, testDb } from "../helpers/db";
import { useSmtpSink } from "../helpers/smtp-sink";

const { DEFAULT_DISPATCH, dispatchDueEmails, enqueueEmail } = await builtServer();
const mail = useSmtpSink();
const postgres = !process.env.DATABASE_URL!.startsWith("file:");

const config: DispatchConfig = {
  ...DEFAULT_DISPATCH,
  owner: "recording-worker",
  leaseMs: 2_000,
  sendTimeoutMs: 1_500,
  random: () => 0.5,
};

/** The database refuses every write that would mark an email sent, until the returned undo. */
async function refuseRecordingSent(): Promise<() => Promise<void>> {
  const db = testDb();
  if (postgres) {
    await db.$executeRawUnsafe(`CREATE FUNCTION refuse_sent() RETURNS trigger AS $$
      BEGIN RAISE EXCEPTION 'the database is failing'; END $$ LANGUAGE plpgsql`);
    await db.$executeRawUnsafe(`CREATE TRIGGER refuse_sent BEFORE UPDATE ON "EmailOutbox"
      FOR EACH ROW WHEN (NEW."status" = 'sent') EXECUTE FUNCTION refuse_sent()`);
    return async () => {
      await db.$executeRawUnsafe(`DROP TRIGGER refuse_sent ON "EmailOutbox"`);
      await db.$executeRawUnsafe(`DROP FUNCTION refuse_sent()`);
    };
  }
  await db.$executeRawUnsafe(`CREATE TRIGGER refuse_sent BEFORE UPDATE ON "EmailOutbox"
    WHEN NEW."status" = 'sent' BEGIN SELECT RAISE(ABORT, 'the database is failing'); END`);
  return async () => {
    await db.$executeRawUnsafe(`DROP TRIGGER refuse_sent`);
  };
}

describe("an email sent but not recorded", () => {
  it("is sent again once after its lease, with the same Message-ID, and never again", async () => {
    const shop = `unrecorded-${Date.now()}.myshopify.com`;
    await installShop(shop);
    await enqueueEmail(shop, {
      orderGid: "test",
      stageKey: "delivered",
      dedupeKey: `test:unrecorded-${shop}`,
      timelineEventId: null,
      recipient: "shopper@example.com",
      locale: "en",
      dueAt: new Date(),
      isTest: true,
      subject: "Your order was delivered",
      html: "<p>Delivered</p>",
      text: "Delivered",
    });
    const row = () => testDb().emailOutbox.findFirstOrThrow({ where: { shop } });
    const start = new Date();

    allowConsoleErrors(/was sent but not recorded/);
    const undo = await refuseRecordingSent();
    try {
      await dispatchDueEmails(mail.mailer, start, config);
    } finally {
      await undo();
    }
    expect(mail.sink.received).toHaveLength(1);
    const first = mail.sink.received[0]!;
    // Not queued again, not recorded: still leased to the worker that sent it.
    expect(await row()).toMatchObject({ status: "sending", attempts: 1, sentAt: null });

    // While the lease lasts, no pass sends it.
    const beforeExpiry = new Date(start.getTime() + config.leaseMs / 2);
    expect(await dispatchDueEmails(mail.mailer, beforeExpiry, config)).toMatchObject({ sent: 0 });
    expect(mail.sink.received).toHaveLength(1);

    // The lease runs out: one more send, the same message, now recorded.
    const afterExpiry = new Date(start.getTime() + config.leaseMs * 3);
    expect(await dispatchDueEmails(mail.mailer, afterExpiry, config)).toMatchObject({ sent: 1 });
    expect(mail.sink.received).toHaveLength(2);
    expect(mail.sink.received[1]!.messageId).toBe(first.messageId);
    expect(await row()).toMatchObject({
      status: "sent",
      attempts: 2,
      providerMessageId: first.messageId,
      leaseOwner: null,
    });

    // Later passes, however late, leave it alone.
    const muchLater = new Date(start.getTime() + 24 * 3600_000);
    expect(await dispatchDueEmails(mail.mailer, muchLater, config)).toMatchObject({ claimed: 0 });
    expect(mail.sink.received).toHaveLength(2);
  }, 30_000);
});
