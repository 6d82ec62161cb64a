// A merchant's (or a rule's) stage survives a temporary exception: when a hold is released, a
// payment issue resolved or a delivery issue cleared, the order goes back to the chosen stage —
// unless Shopify's facts went further meanwhile. Signed webhooks, the real database (SQLite and
// PostgreSQL projects), the real SMTP sink.
import { describe, expect, it } from "vitest";
import type { DispatchConfig } from "~/services/email-dispatcher.server";
import { ORDER_GID, OrderSimulation } from "../fixtures/webhooks/factory";
import { builtServer } from "../helpers/app";
import { installShop, testDb } from "../helpers/db";
import { deliverAll, orderState } from "../helpers/deliver";
import { mockShopifyOperation } from "../helpers/shopify-mock";
import { useSmtpSink } from "../helpers/smtp-sink";

const { DEFAULT_DISPATCH, dispatchDueEmails, setOrderStageByRule, setOrderStages } =
  await builtServer();
const mail = useSmtpSink();
const config: DispatchConfig = { ...DEFAULT_DISPATCH, owner: "round-trip", random: () => 0.5 };
const NOW = new Date("2026-03-02T09:03:00.000Z");

let n = 0;
/** A shop sending emails at once, with a custom "In production" stage after "confirmed". */
async function newShop() {
  const shop = `round-trip-${++n}-${Date.now()}.myshopify.com`;
  await installShop(shop);
  const db = testDb();
  await db.shop.upsert({
    where: { shop },
    create: { shop, name: "Test Shop", emailCoalesceSeconds: 0 },
    update: {},
  });
  // Before the first delivery, so every cache of the shop's stages has it.
  await db.stage.create({
    data: {
      shop,
      key: "in_production",
      labels: JSON.stringify({ en: "In production" }),
      descriptions: JSON.stringify({ en: "We are making your order." }),
      internalName: "In production",
      color: "info",
      icon: "wrench",
      position: 4,
      kind: "custom",
      notifyCustomer: true,
    },
  });
  mockShopifyOperation("FulfillmentOrderOrder", () => ({
    data: { fulfillmentOrder: { id: "x", order: { id: ORDER_GID } } },
  }));
  return shop;
}

async function merchantSets(shop: string, stageKey: string) {
  const [result] = await setOrderStages(shop, [ORDER_GID], {
    stageKey,
    notify: true,
    actor: "Ada (staff)",
    note: null,
    now: NOW,
  });
  expect(result!.status).toBe("changed");
}

async function sentSubjects() {
  await dispatchDueEmails(mail.mailer, new Date(Date.now() + 1000), config);
  return mail.sink.received.map((email) => email.subject);
}

describe("a chosen stage survives a temporary exception", () => {
  it.each([
    { stageKey: "processing", label: "Preparing your order" },
    { stageKey: "in_production", label: "In production" },
  ])(
    "merchant sets $label → hold placed → hold released → back to $label",
    async ({ stageKey, label }) => {
      const shop = await newShop();
      const sim = new OrderSimulation().create("paid");
      await deliverAll(shop, sim.deliveries);
      await merchantSets(shop, stageKey);
      expect(await sentSubjects()).toEqual([`Order #9999: ${label}`]);
      const from = sim.deliveries.length;
      await deliverAll(shop, sim.hold().releaseHold().deliveries.slice(from));
      const { order, timeline } = await orderState(shop, ORDER_GID);
      expect(order).toMatchObject({ stageKey, stageSource: "merchant" });
      expect(timeline.map((e) => e.toKey)).toEqual(["confirmed", stageKey, "on_hold", stageKey]);
      expect(timeline.at(-1)).toMatchObject({
        fromKey: "on_hold",
        source: "shopify",
        note: `Back to ${label} after the hold was released`,
      });
      // The hold was announced; the return to the chosen stage is not announced twice.
      expect(await sentSubjects()).toEqual([`Order #9999: ${label}`, "Order #9999: On hold"]);
    },
  );

  it("merchant stage → hold → fulfilled during the hold → Shipped (Shopify went further)", async () => {
    const shop = await newShop();
    const sim = new OrderSimulation().create("paid");
    await deliverAll(shop, sim.deliveries);
    await merchantSets(shop, "processing");
    const from = sim.deliveries.length;
    await deliverAll(
      shop,
      sim.hold().fulfill([0, 1, 2, 3, 4]).releaseHold().deliveries.slice(from),
    );
    const { order, path } = await orderState(shop, ORDER_GID);
    expect(order).toMatchObject({ stageKey: "shipped", stageSource: "shopify" });
    expect(path).toEqual(["confirmed", "processing", "on_hold", "shipped"]);
  });

  it("a rule's stage → hold → released → back to the rule's stage", async () => {
    const shop = await newShop();
    const sim = new OrderSimulation().create("paid");
    await deliverAll(shop, sim.deliveries);
    const status = await setOrderStageByRule(shop, ORDER_GID, {
      stageKey: "in_production",
      rule: "Made to order",
      notify: false,
      now: NOW,
    });
    expect(status).toBe("changed");
    const from = sim.deliveries.length;
    await deliverAll(shop, sim.hold().releaseHold().deliveries.slice(from));
    const { order, timeline } = await orderState(shop, ORDER_GID);
    expect(order).toMatchObject({ stageKey: "in_production", stageSource: "rule" });
    expect(timeline[1]).toMatchObject({
      toKey: "in_production",
      source: "rule",
      actor: "Made to order",
    });
    expect(timeline.at(-1)!.note).toBe("Back to In production after the hold was released");
  });

  it("payment issue resolved → back to the merchant's stage", async () => {
    const shop = await newShop();
    const sim = new OrderSimulation().create("paid");
    await deliverAll(shop, sim.deliveries);
    await merchantSets(shop, "processing");
    const from = sim.deliveries.length;
    await deliverAll(shop, sim.paymentStatus("expired").pay().deliveries.slice(from));
    const { order, timeline } = await orderState(shop, ORDER_GID);
    expect(order).toMatchObject({ stageKey: "processing", stageSource: "merchant" });
    expect(timeline.map((e) => e.toKey)).toEqual([
      "confirmed",
      "processing",
      "payment_issue",
      "processing",
    ]);
    expect(timeline.at(-1)!.note).toBe(
      "Back to Preparing your order after the payment issue was resolved",
    );
  });
});
