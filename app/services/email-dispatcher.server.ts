// The outbox dispatcher (SPEC §6): claims due emails in batches with a lease, renders them from
// current facts, sends over SMTP, retries with exponential backoff and jitter, dead-letters for
// good (docs/decisions/006).
//
// Delivery is at-least-once: a worker that dies (or loses its database) after the SMTP server
// accepted a message but before recording it leaves a lease that expires, and the email is sent
// again with the same Message-ID. Everything else (duplicates, coalescing, stage left, a slow
// pass whose leases ran out) sends nothing twice: the lease is renewed right before each send,
// and an email whose lease moved to another worker is left to it.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import { calendarOf } from "~/domain/automation/business-days";
import { DIGEST_STAGE_KEY } from "~/domain/email/digest";
import { EmailRenderError } from "~/domain/email/render";
import { env } from "~/env.server";
import {
  claimDueEmails,
  finishEmail,
  releaseEmail,
  renewLease,
  type ClaimedEmail,
  type EmailFinish,
} from "~/models/email-outbox.server";
import { findOrderForEmail } from "~/models/orders.server";
import { findShop } from "~/models/shops.server";
import { listStorefrontStages } from "~/models/storefront-reads.server";
import { findStage } from "~/models/stages.server";
import { markCustomerNotified } from "~/models/timeline.server";
import {
  estimatedDeliveryForEmail,
  renderStageEmail,
  replyToAddress,
  senderAddress,
  templateFor,
  templateLanguage,
} from "./email-content.server";
import {
  createSmtpMailer,
  PermanentDeliveryError,
  SMTP_CONNECTIONS,
  type Mailer,
} from "./mailer.server";

export interface DispatchConfig {
  owner: string;
  batchSize: number;
  concurrency: number;
  leaseMs: number;
  /**
   * Longest a single send may take before it counts as failed (retried with backoff) and the
   * mailer's connections are replaced. Below the lease, so no send holds a lease past a bound
   * and a stalled SMTP server never stops the next pass.
   */
  sendTimeoutMs: number;
  maxAttempts: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  random: () => number;
}

export const DEFAULT_DISPATCH: DispatchConfig = {
  owner: `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString("hex")}`,
  batchSize: 50,
  // No more than the mailer's pooled connections: a send never waits for one on a fresh lease.
  concurrency: SMTP_CONNECTIONS,
  leaseMs: 60_000,
  sendTimeoutMs: 30_000,
  maxAttempts: 8,
  backoffBaseMs: 30_000,
  backoffMaxMs: 60 * 60_000,
  random: Math.random,
};

export interface DispatchReport {
  claimed: number;
  sent: number;
  held: number;
  retried: number;
  dead: number;
  skipped: number;
}

/** Delay before attempt n+1: base·2^(n−1), capped, with ±20 % jitter so retries spread out. */
export function retryDelayMs(
  attempts: number,
  config: Pick<DispatchConfig, "backoffBaseMs" | "backoffMaxMs" | "random">,
) {
  const raw = Math.min(config.backoffMaxMs, config.backoffBaseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(raw * (0.8 + 0.4 * config.random()));
}

/** How a pass ended for one email; "handedOver": another worker holds it now (or will). */
type Outcome = keyof Omit<DispatchReport, "claimed"> | "handedOver";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Reads many emails of one pass share (shop, stage, template): each is made once per pass. */
function passReads() {
  const memo = new Map<string, Promise<unknown>>();
  const once = <T>(key: string, read: () => Promise<T>): Promise<T> => {
    let value = memo.get(key) as Promise<T> | undefined;
    if (!value) memo.set(key, (value = read()));
    return value;
  };
  return {
    shop: (shop: string) => once(`shop\n${shop}`, () => findShop(shop)),
    stage: (shop: string, key: string) =>
      once(`stage\n${shop}\n${key}`, () => findStage(shop, key)),
    stages: (shop: string) => once(`stages\n${shop}`, () => listStorefrontStages(shop)),
    template: (shop: string, key: string, language: string) =>
      once(`template\n${shop}\n${key}\n${language}`, () => templateFor(shop, key, language)),
  };
}

type PassReads = ReturnType<typeof passReads>;

async function deliverOne(
  row: ClaimedEmail,
  mailer: Mailer | null,
  clock: () => Date,
  config: DispatchConfig,
  reads: PassReads,
): Promise<Outcome> {
  const now = clock();
  const { shop, id } = row;
  const finish = (status: EmailFinish["status"], data: Omit<EmailFinish, "status"> = {}) =>
    finishEmail(shop, id, config.owner, { status, ...data });

  let content: { subject: string; html: string; text: string };
  let replyTo: string | null = null;
  let shopName: string | null = null;
  // Test sends and the merchant's digest are rendered when queued.
  if (row.isTest || row.stageKey === DIGEST_STAGE_KEY) {
    content = { subject: row.subject ?? "", html: row.html ?? "", text: row.text ?? "" };
    // A test email comes from the same sender, with the same Reply-To, as the customers' do.
    const shopRow = await reads.shop(shop);
    replyTo = replyToAddress(shopRow?.replyTo, shopRow?.email);
    shopName = shopRow?.senderName ?? shopRow?.name ?? null;
  } else {
    const [shopRow, order, stage] = await Promise.all([
      reads.shop(shop),
      findOrderForEmail(shop, row.orderGid),
      reads.stage(shop, row.stageKey),
    ]);
    const coalescing = (shopRow?.emailCoalesceSeconds ?? env().EMAIL_COALESCE_SECONDS) > 0;
    const reason =
      !order || order.deletedAt
        ? "the order was deleted"
        : !order.email || !row.recipient
          ? "no email address for the order"
          : !stage
            ? "the stage was deleted"
            : !stage.notifyCustomer
              ? "notifications for this stage are off"
              : coalescing && order.stageKey !== row.stageKey
                ? `the order left "${row.stageKey}" before the email went out`
                : null;
    if (reason || !order || !stage) {
      await finish("skipped", { lastError: reason });
      return "skipped";
    }
    const locale = row.locale || templateLanguage(order.locale);
    try {
      const estimatedDelivery = estimatedDeliveryForEmail(
        order,
        await reads.stages(shop),
        calendarOf(shopRow ?? null),
      );
      content = await renderStageEmail(
        { shop, name: shopRow?.name ?? null, email: shopRow?.email ?? null },
        { ...order, estimatedDelivery },
        stage,
        locale,
        await reads.template(shop, stage.key, templateLanguage(locale)),
      );
    } catch (error) {
      if (!(error instanceof EmailRenderError)) throw error;
      await finish("dead", { lastError: `template: ${error.message}` });
      return "dead";
    }
    // The merchant's Settings first, else the shop's identity as Shopify reports it.
    replyTo = replyToAddress(shopRow?.replyTo, shopRow?.email);
    shopName = shopRow?.senderName ?? shopRow?.name ?? null;
  }

  if (!mailer) {
    // No SMTP configured (development/demo): kept, visible in the email log, never sent.
    await finish("held", {
      ...content,
      lastError: "SMTP_URL is not set: rendered and kept, not sent",
    });
    return "held";
  }
  // The lease was taken with the batch: renew it for the send, or leave the email to the worker
  // that took it over meanwhile. A slow send keeps renewing it, so it never runs out mid-send.
  const renew = () =>
    renewLease(shop, id, config.owner, new Date(clock().getTime() + config.leaseMs));
  if (!(await renew())) return "handedOver";
  let renewing = false;
  const heartbeat = setInterval(() => {
    // One renewal at a time: a slow database does not pile them up.
    if (renewing) return;
    renewing = true;
    renew()
      .catch((error: unknown) => {
        console.warn(`stageline: renewing the lease of email ${id} failed`, error);
      })
      .finally(() => {
        renewing = false;
      });
  }, config.leaseMs / 3);
  let messageId: string;
  try {
    ({ messageId } = await mailer.send(
      {
        // The shop's name in front of the operator's sending address.
        from: senderAddress(shopName, env().EMAIL_FROM ?? "Stageline <no-reply@localhost>"),
        to: row.recipient,
        replyTo,
        ...content,
        messageId: `<stageline-${id}-${row.dedupeKey.replace(/[^\w.-]/g, "")}@${shop}>`,
      },
      { timeoutMs: config.sendTimeoutMs },
    ));
  } catch (error) {
    clearInterval(heartbeat);
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof PermanentDeliveryError || row.attempts >= config.maxAttempts) {
      await finish("dead", { lastError: message });
      return "dead";
    }
    await finish("queued", {
      lastError: message,
      dueAt: new Date(now.getTime() + retryDelayMs(row.attempts, config)),
    });
    return "retried";
  }
  clearInterval(heartbeat);
  await recordSent(row, config, () =>
    finish("sent", {
      ...content,
      providerMessageId: messageId,
      sentAt: new Date(),
      lastError: null,
    }),
  );
  return "sent";
}

/**
 * Records a sent email, trying again briefly when the database fails. If it still cannot, the
 * email stays leased and is sent once more after the lease (with the same Message-ID): never
 * queued again as if it had not gone out.
 */
async function recordSent(
  row: ClaimedEmail,
  config: DispatchConfig,
  record: () => Promise<boolean>,
) {
  let recorded = false;
  for (let attempt = 1; ; attempt++) {
    try {
      recorded = await record();
      break;
    } catch (error) {
      if (attempt >= 3) {
        console.error(`stageline: email ${row.id} of ${row.shop} was sent but not recorded`, error);
        return;
      }
      await sleep(Math.min(config.leaseMs / 10, 250 * 4 ** (attempt - 1)));
    }
  }
  if (!recorded) {
    console.warn(`stageline: email ${row.id} of ${row.shop} was sent after its lease moved`);
    return;
  }
  if (!row.timelineEventId) return;
  await markCustomerNotified(row.shop, row.timelineEventId).catch((error: unknown) => {
    console.warn(`stageline: marking the timeline of email ${row.id} notified failed`, error);
  });
}

/**
 * One pass: lease up to batchSize due emails at once and deliver them with bounded concurrency.
 * Each send runs on a lease renewed right before it; emails not started within half the lease
 * are handed back for other workers to take.
 */
export async function dispatchDueEmails(
  mailer: Mailer | null,
  now: Date = new Date(),
  config: DispatchConfig = DEFAULT_DISPATCH,
): Promise<DispatchReport> {
  const report: DispatchReport = { claimed: 0, sent: 0, held: 0, retried: 0, dead: 0, skipped: 0 };
  const started = performance.now();
  const queue = await claimDueEmails(config.owner, now, config.leaseMs, config.batchSize);
  report.claimed = queue.length;
  const reads = passReads();
  const clock = () => new Date(now.getTime() + (performance.now() - started));
  const handOver = async (row: ClaimedEmail) => {
    report.claimed--;
    await releaseEmail(row.shop, row.id, config.owner).catch((error: unknown) => {
      // The lease runs out instead, and another pass takes the email.
      console.warn(`stageline: handing back email ${row.id} failed`, error);
    });
  };
  async function worker() {
    for (let row = queue.shift(); row; row = queue.shift()) {
      if (performance.now() - started > config.leaseMs / 2) {
        await handOver(row);
        continue;
      }
      try {
        const outcome = await deliverOne(row, mailer, clock, config, reads);
        if (outcome === "handedOver") report.claimed--;
        else report[outcome]++;
      } catch (error) {
        // The database or a template lookup failed before sending: try this email again later.
        console.warn(`stageline: email ${row.id} of ${row.shop} failed; retrying`, error);
        await finishEmail(row.shop, row.id, config.owner, {
          status: "queued",
          lastError: error instanceof Error ? error.message : String(error),
          dueAt: new Date(now.getTime() + retryDelayMs(row.attempts, config)),
        }).catch(() => {
          // Still failing: the lease runs out and another pass takes the email.
        });
        report.retried++;
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(config.concurrency, queue.length) }, worker));
  return report;
}

export function mailerFromEnv(): Mailer | null {
  const { SMTP_URL, SMTP_CA_FILE } = env();
  if (!SMTP_URL) return null;
  return createSmtpMailer(SMTP_URL, {
    ca: SMTP_CA_FILE ? fs.readFileSync(SMTP_CA_FILE, "utf8") : undefined,
  });
}

/** The dispatcher loop of `npm start` / `npm run worker`. */
export function startEmailDispatcher({
  intervalMs = 1000,
  config = DEFAULT_DISPATCH,
  mailer = mailerFromEnv(),
}: { intervalMs?: number; config?: DispatchConfig; mailer?: Mailer | null } = {}) {
  if (config.sendTimeoutMs >= config.leaseMs) {
    throw new Error("stageline: the email send timeout must be shorter than the lease");
  }
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const tick = () => {
    running = (async () => {
      try {
        const report = await dispatchDueEmails(mailer, new Date(), config);
        if (!stopped) timer = setTimeout(tick, report.claimed >= config.batchSize ? 0 : intervalMs);
      } catch (error) {
        console.warn("stageline: email dispatch failed; retrying", error);
        if (!stopped) timer = setTimeout(tick, intervalMs * 5);
      }
    })();
  };
  timer = setTimeout(tick, 0);
  return {
    /** Waits for the pass under way (bounded by the send timeout), then closes the mailer. */
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
      mailer?.close();
    },
  };
}
