// A merchant moves orders to a stage (SPEC §7), with or without emailing the shopper: the same
// transaction as a webhook's stage change, a timeline entry with who and why, and the email of a
// notifying stage only when asked.
import { describe, expect, it } from "vitest";
import type { DispatchConfig } from "~/services/email-dispatcher.server";
import { ORDER_GID, ORDER_ID, OrderSimulation } from "../fixtures/webhooks/factory";
import { appFetch, builtServer } from "../helpers/app";
import { installShop, testDb } from "../helpers/db";
import { deliverAll, orderState, shopifyJson } from "../helpers/deliver";
import { mockShopifyOperation } from "../helpers/shopify-mock";
import { signedWebhook } from "../helpers/signing";
import { useSmtpSink } from "../helpers/smtp-sink";

const { DEFAULT_DISPATCH, defaultStage, dispatchDueEmails, setOrderStages, StageChangeError } =
  await builtServer();
const mail = useSmtpSink();
const config: DispatchConfig = { ...DEFAULT_DISPATCH, owner: "stage-changes", random: () => 0.5 };

let n = 0;
/** A shop (emails sent at once) whose order #9999 is paid and confirmed. */
async function shopWithConfirmedOrder() {
  const shop = `stages-${++n}-${Date.now()}.myshopify.com`;
  await installShop(shop);
  await testDb().shop.upsert({
    where: { shop },
    create: { shop, name: "Test Shop", emailCoalesceSeconds: 0 },
    update: {},
  });
  mockShopifyOperation("FulfillmentOrderOrder", () => ({
    data: { fulfillmentOrder: { id: "x", order: { id: ORDER_GID } } },
  }));
  await deliverAll(shop, new OrderSimulation().create("paid").deliveries);
  expect((await orderState(shop, ORDER_GID)).stage).toBe("confirmed");
  return shop;
}

const later = (seconds: number) => new Date(Date.now() + seconds * 1000);

function change(shop: string, stageKey: string, notify: boolean, orderGids = [ORDER_GID]) {
  return setOrderStages(shop, orderGids, {
    stageKey,
    notify,
    actor: "Ada (staff)",
    note: "  Engraving started  ",
    now: new Date("2026-03-03T10:00:00.000Z"),
  });
}

describe("merchant stage changes", () => {
  it("moves the order, records who and why, and emails the shopper when asked", async () => {
    const shop = await shopWithConfirmedOrder();
    expect(await change(shop, "processing", true)).toEqual([
      { orderGid: ORDER_GID, status: "changed" },
    ]);
    const state = await orderState(shop, ORDER_GID);
    expect(state.order).toMatchObject({ stageKey: "processing", stageSource: "merchant" });
    expect(state.timeline.at(-1)).toMatchObject({
      fromKey: "confirmed",
      toKey: "processing",
      source: "merchant",
      actor: "Ada (staff)",
      note: "Engraving started",
    });
    expect(await dispatchDueEmails(mail.mailer, later(1), config)).toMatchObject({ sent: 1 });
    expect(mail.sink.received.map((e) => [e.to, e.subject])).toEqual([
      ["jon@example.com", `Order #9999: ${defaultStage("processing").labels.en}`],
    ]);
    expect((await orderState(shop, ORDER_GID)).timeline.at(-1)!.customerNotified).toBe(true);
  });

  it("changes quietly when asked not to notify", async () => {
    const shop = await shopWithConfirmedOrder();
    expect(await change(shop, "processing", false)).toEqual([
      { orderGid: ORDER_GID, status: "changed" },
    ]);
    expect((await orderState(shop, ORDER_GID)).stage).toBe("processing");
    expect(await testDb().emailOutbox.count({ where: { shop } })).toBe(0);
  });

  it("answers per order: changed, already there, unknown — and never another shop's order", async () => {
    const shop = await shopWithConfirmedOrder();
    const other = await shopWithConfirmedOrder();
    const orders = [ORDER_GID, "gid://shopify/Order/1"];
    expect((await change(shop, "processing", false, orders)).map((r) => r.status)).toEqual([
      "changed",
      "not_found",
    ]);
    expect((await change(shop, "processing", false, orders)).map((r) => r.status)).toEqual([
      "unchanged",
      "not_found",
    ]);
    expect((await orderState(other, ORDER_GID)).stage).toBe("confirmed");
    expect((await orderState(shop, ORDER_GID)).timeline).toHaveLength(2);
  });

  it("keeps the merchant's stage until Shopify has news, then follows Shopify", async () => {
    const shop = await shopWithConfirmedOrder();
    await change(shop, "processing", false);
    // The same facts again (another orders/updated): nothing new, the merchant's stage stays.
    await deliverAll(shop, new OrderSimulation().create("paid").deliveries);
    expect((await orderState(shop, ORDER_GID)).stage).toBe("processing");
    // Shipped: Shopify is further along.
    await deliverAll(
      shop,
      new OrderSimulation().create("paid").fulfill([0, 1, 2, 3, 4]).deliveries,
    );
    expect((await orderState(shop, ORDER_GID)).stage).toBe("shipped");
  });

  it("keeps an automatic stage the merchant confirms, and never changes a deleted order", async () => {
    const shop = await shopWithConfirmedOrder();
    expect((await change(shop, "confirmed", true))[0]!.status).toBe("unchanged");
    const state = await orderState(shop, ORDER_GID);
    expect(state.order).toMatchObject({ stageKey: "confirmed", stageSource: "merchant" });
    expect(state.timeline).toHaveLength(1);
    const deleted = await appFetch(
      signedWebhook({ shop, topic: "orders/delete", body: shopifyJson({ id: ORDER_ID }) }),
    );
    expect(deleted.status).toBe(200);
    expect((await change(shop, "processing", true))[0]!.status).toBe("not_found");
    expect((await orderState(shop, ORDER_GID)).stage).toBe("confirmed");
    expect(await testDb().emailOutbox.count({ where: { shop } })).toBe(0);
  });

  it("reports an order it could not change and goes on with the others", async () => {
    const shop = await shopWithConfirmedOrder();
    await change(shop, "processing", false); // this process now knows the shop's stages
    // A stage created elsewhere, not yet in this process's stage cache: the transaction refuses
    // it (it checks the stage is there), for each order on its own.
    await testDb().stage.create({
      data: {
        shop,
        key: "engraving",
        labels: '{"en":"Engraving"}',
        descriptions: '{"en":""}',
        internalName: "Engraving",
        color: "info",
        icon: "circle",
        position: 4,
        kind: "custom",
      },
    });
    const results = await change(shop, "engraving", true, [ORDER_GID, "gid://shopify/Order/2"]);
    expect(results.map((r) => r.status)).toEqual(["failed", "not_found"]);
    expect(results[0]!.error).toMatch(/no stage "engraving"/);
    expect((await orderState(shop, ORDER_GID)).stage).toBe("processing");
  });

  it("refuses an unknown stage, a foreign id, too many orders and an overlong note", async () => {
    const shop = await shopWithConfirmedOrder();
    await expect(change(shop, "teleported", true)).rejects.toThrow(/no stage "teleported"/);
    await expect(change(shop, "processing", true, ["1001"])).rejects.toThrow(StageChangeError);
    await expect(change(shop, "processing", true, [])).rejects.toThrow(StageChangeError);
    const many = Array.from({ length: 251 }, (_, i) => `gid://shopify/Order/${i + 1}`);
    await expect(change(shop, "processing", true, many)).rejects.toThrow(/at most 250/);
    await expect(
      setOrderStages(shop, [ORDER_GID], {
        stageKey: "processing",
        notify: true,
        actor: null,
        note: "x".repeat(1001),
        now: new Date(),
      }),
    ).rejects.toThrow(/Note is longer/);
    expect((await orderState(shop, ORDER_GID)).stage).toBe("confirmed");
  });
});
