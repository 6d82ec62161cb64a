// The merchant's daily digest of stuck orders (SPEC §4) end to end: orders from signed webhooks,
// the built app's digest job with an injected clock, the email outbox and its dispatcher with a
// real SMTP server on loopback. One email per shop per local day, also when the job runs twice
// or on two workers at once; none when the digest is off or nothing is stuck.
import { describe, expect, it } from "vitest";
import type { DispatchConfig } from "~/services/email-dispatcher.server";
import { ORDER_GID, OrderSimulation } from "../fixtures/webhooks/factory";
import { adminFetch } from "../helpers/admin";
import { builtServer } from "../helpers/app";
import { installShop, testDb } from "../helpers/db";
import { deliverAll } from "../helpers/deliver";
import { mockShopifyOperation } from "../helpers/shopify-mock";
import { useSmtpSink } from "../helpers/smtp-sink";
import { waitFor } from "../helpers/wait";

const { DEFAULT_DISPATCH, dispatchDueEmails, runTimeRules, sendDigests, setOrderStages } =
  await builtServer();
const mail = useSmtpSink();
const config: DispatchConfig = { ...DEFAULT_DISPATCH, owner: "digest-worker", random: () => 0.5 };

let n = 0;
/** A shop (Stockholm, Mon–Fri) with one order moved to "processing" (3 expected days) at `at`. */
async function shopWithOrder(at: string, settings: { digestEnabled: boolean }) {
  const shop = `digest-${++n}-${Date.now()}.myshopify.com`;
  await installShop(shop);
  expect((await adminFetch(shop, "/app/stages")).status).toBe(200);
  mockShopifyOperation("FulfillmentOrderOrder", () => ({
    data: { fulfillmentOrder: { id: "x", order: { id: ORDER_GID } } },
  }));
  await deliverAll(shop, new OrderSimulation("2026-03-02T09:00:00.000Z").create("paid").deliveries);
  await testDb().shop.update({
    where: { shop },
    data: {
      name: "Verkstan",
      timeZone: "Europe/Stockholm",
      accountEmail: "owner@example.com",
      ...settings,
    },
  });
  await setOrderStages(shop, [ORDER_GID], {
    stageKey: "processing",
    notify: false,
    actor: null,
    note: null,
    now: new Date(at),
  });
  return shop;
}

const rowsSent = async (shop: string) =>
  (await digests(shop)).some((r) => r.status === "sent") &&
  mail.sink.received.some((m) => m.subject.startsWith("Verkstan:"));

const digests = (shop: string) =>
  testDb().emailOutbox.findMany({ where: { shop, dedupeKey: { startsWith: "digest:" } } });

// Monday 2 March 2026, 10:00 in Stockholm; "processing" expects 3 business days.
const ENTERED = "2026-03-02T09:00:00.000Z";
// Thursday 12 March, 08:30 in Stockholm: stuck for a week.
const THURSDAY = new Date("2026-03-12T07:30:00.000Z");

describe("daily digest", () => {
  it("sends one email per shop per local day, listing stuck orders with admin links", async () => {
    const shop = await shopWithOrder(ENTERED, { digestEnabled: true });
    await Promise.all([sendDigests(THURSDAY), sendDigests(THURSDAY)]);
    await sendDigests(new Date(THURSDAY.getTime() + 8 * 3_600_000));
    const rows = await digests(shop);
    expect(rows.map((r) => [r.dedupeKey, r.recipient, r.status])).toEqual([
      ["digest:2026-03-12", "owner@example.com", "queued"],
    ]);
    const orderId = ORDER_GID.split("/").pop();
    expect(rows[0]!.html).toContain(`https://${shop}/admin/apps/`);
    expect(rows[0]!.html).toContain(`/app/orders/${orderId}`);

    // Both workers dispatch: the email goes out once.
    await Promise.all([
      dispatchDueEmails(mail.mailer, THURSDAY, { ...config, owner: "worker-a" }),
      dispatchDueEmails(mail.mailer, THURSDAY, { ...config, owner: "worker-b" }),
    ]);
    await waitFor(() => rowsSent(shop), "the digest was sent");
    const sent = mail.sink.received.filter((m) => m.subject.startsWith("Verkstan:"));
    expect(sent).toHaveLength(1);
    expect(sent[0]!.to).toContain("owner@example.com");
    expect(sent[0]!.subject).toContain("Verkstan: 1 order needs attention (2026-03-12)");
    expect((await digests(shop))[0]!.status).toBe("sent");

    // Before 07:00 local time on Friday: not yet; at 07:00: Friday's digest.
    await sendDigests(new Date("2026-03-13T05:59:00.000Z"));
    expect(await digests(shop)).toHaveLength(1);
    await sendDigests(new Date("2026-03-13T06:00:00.000Z"));
    expect((await digests(shop)).map((r) => r.dedupeKey).sort()).toEqual([
      "digest:2026-03-12",
      "digest:2026-03-13",
    ]);
  });

  it("sends nothing when the digest is off or nothing is stuck", async () => {
    const off = await shopWithOrder(ENTERED, { digestEnabled: false });
    // Entered on Tuesday the 10th: due Friday the 13th, not stuck on Thursday.
    const fresh = await shopWithOrder("2026-03-10T09:00:00.000Z", { digestEnabled: true });
    await sendDigests(THURSDAY);
    expect(await digests(off)).toEqual([]);
    expect(await digests(fresh)).toEqual([]);
  });

  it("lists the orders a time rule alerted about, and the recipient set in Settings", async () => {
    // Entered Tuesday the 10th: not stuck on Thursday, but the rule says 1 business day.
    const shop = await shopWithOrder("2026-03-10T09:00:00.000Z", { digestEnabled: true });
    await testDb().shop.update({
      where: { shop },
      data: { digestRecipient: "workshop@example.com", locale: "sv" },
    });
    const response = await adminFetch(shop, "/app/rules/time/new", {
      name: "Titta på den",
      enabled: "true",
      stageKey: "processing",
      afterBusinessDays: "1",
      setStageKey: "",
      alertMerchant: "true",
    });
    expect(response.status).toBe(302);
    await runTimeRules(THURSDAY);
    await sendDigests(THURSDAY);
    const [row, ...more] = await digests(shop);
    expect(more).toEqual([]);
    expect(row!.recipient).toBe("workshop@example.com");
    expect(row!.subject).toBe("Verkstan: 1 beställning behöver uppmärksamhet (2026-03-12)");
    expect(row!.html).toContain("Flaggade av dina tidsregler");
    expect(row!.html).toContain("Titta på den");
  });
});
