// Merchant event rules (SPEC §4 "Rules") end to end: rules made on the Rules admin page through
// the real embedded-app authentication, signed webhooks through the built app, a real database.
// A firing is a timeline event with source "rule" and the rule's name; chains stop; Shopify's
// progress still moves an order on; a shop never reaches another shop's rules.
import { describe, expect, it } from "vitest";
import { ORDER_GID, OrderSimulation } from "../fixtures/webhooks/factory";
import { adminFetch } from "../helpers/admin";
import { builtServer } from "../helpers/app";
import { installShop, testDb } from "../helpers/db";
import { deliverAll, orderState } from "../helpers/deliver";
import { mockShopifyOperation } from "../helpers/shopify-mock";

const { setOrderStages } = await builtServer();

let n = 0;
/** A shop with its default stages and the custom stage "In production" after "Confirmed". */
async function newShop() {
  const shop = `event-rules-${++n}-${Date.now()}.myshopify.com`;
  await installShop(shop);
  expect((await adminFetch(shop, "/app/stages")).status).toBe(200);
  const created = await adminFetch(shop, "/app/stages/new", {
    intent: "save",
    key: "in_production",
    labelEn: "In production",
    labelSv: "I produktion",
    descriptionEn: "We are making your order.",
    descriptionSv: "Vi tillverkar din beställning.",
    internalName: "Workshop",
    color: "magic",
    icon: "hammer",
    visibleToCustomer: "true",
    notifyCustomer: "false",
    expectedBusinessDays: "5",
    position: "4",
  });
  expect(created.status).toBe(302);
  mockShopifyOperation("FulfillmentOrderOrder", () => ({
    data: { fulfillmentOrder: { id: "x", order: { id: ORDER_GID } } },
  }));
  return shop;
}

const madeToOrder = {
  name: "Made to order",
  enabled: "true",
  trigger: "order_created",
  triggerStageKey: "",
  conditions: JSON.stringify([{ field: "tag", operator: "equals", value: "made-to-order" }]),
  setStageKey: "in_production",
  notifyCustomer: "false",
};

/** Creates a rule through the admin page; answers its id. */
async function createRule(shop: string, form: Record<string, string>) {
  const response = await adminFetch(shop, "/app/rules/new", form);
  expect(response.status, await response.clone().text()).toBe(302);
  return response.headers.get("location")!.replace("/app/rules/", "");
}

const ruleEvents = async (shop: string) =>
  (await orderState(shop, ORDER_GID)).timeline.filter((e) => e.source === "rule");

describe("event rules on webhooks", () => {
  it("a tag rule fires once on orders/create, is on the timeline, and the order still ships", async () => {
    const shop = await newShop();
    await createRule(shop, madeToOrder);
    const order = new OrderSimulation("2026-03-02T09:00:00.000Z", 1).with({
      tags: "gift, made-to-order",
    });
    await deliverAll(shop, order.create("paid").deliveries);

    const state = await orderState(shop, ORDER_GID);
    expect(state.order).toMatchObject({ stageKey: "in_production", stageSource: "rule" });
    expect(state.timeline.map((e) => [e.fromKey, e.toKey, e.source, e.actor])).toEqual([
      [null, "confirmed", "shopify", null],
      ["confirmed", "in_production", "rule", "Made to order"],
    ]);

    // Later news of the same order does not fire the rule again…
    const before = order.deliveries.length;
    await deliverAll(shop, order.orderUpdated().deliveries.slice(before));
    expect(await ruleEvents(shop)).toHaveLength(1);
    expect((await orderState(shop, ORDER_GID)).stage).toBe("in_production");

    // …and Shopify's progress moves it on.
    const shipped = order.deliveries.length;
    await deliverAll(shop, order.fulfill([0]).deliveries.slice(shipped));
    const after = await orderState(shop, ORDER_GID);
    expect(after.stage).toBe("shipped");
    expect(after.timeline.at(-1)).toMatchObject({ fromKey: "in_production", toKey: "shipped" });
    expect(await ruleEvents(shop)).toHaveLength(1);
  });

  it("does nothing when the condition does not hold", async () => {
    const shop = await newShop();
    await createRule(shop, madeToOrder);
    const order = new OrderSimulation().with({ tags: "made-to-measure" });
    await deliverAll(shop, order.create("paid").deliveries);
    const state = await orderState(shop, ORDER_GID);
    expect(state.path).toEqual(["confirmed"]);
    expect(await ruleEvents(shop)).toEqual([]);
  });

  it("stops a chain X → Y → X: each rule fires once per pass", async () => {
    const shop = await newShop();
    const chain = (name: string, from: string, to: string) =>
      createRule(shop, {
        ...madeToOrder,
        name,
        trigger: "entered_stage",
        triggerStageKey: from,
        conditions: "[]",
        setStageKey: to,
      });
    await chain("Start production", "confirmed", "in_production");
    await chain("Back to confirmed", "in_production", "confirmed");
    await deliverAll(shop, new OrderSimulation().create("paid").deliveries);
    const state = await orderState(shop, ORDER_GID);
    expect(state.timeline.map((e) => [e.toKey, e.source, e.actor])).toEqual([
      ["confirmed", "shopify", null],
      ["in_production", "rule", "Start production"],
      ["confirmed", "rule", "Back to confirmed"],
    ]);
    expect(state.order).toMatchObject({ stageKey: "confirmed", stageSource: "rule" });
  });

  it("answers a merchant's stage change (“enters stage”), and a rule turned off does nothing", async () => {
    const shop = await newShop();
    const id = await createRule(shop, {
      ...madeToOrder,
      name: "Workshop picks up",
      trigger: "entered_stage",
      triggerStageKey: "processing",
      conditions: "[]",
    });
    await deliverAll(shop, new OrderSimulation().create("paid").deliveries);
    const change = () =>
      setOrderStages(shop, [ORDER_GID], {
        stageKey: "processing",
        notify: false,
        actor: "Ada (staff)",
        note: null,
        now: new Date(),
      });
    expect(await change()).toEqual([{ orderGid: ORDER_GID, status: "changed" }]);
    const state = await orderState(shop, ORDER_GID);
    expect(state.timeline.map((e) => [e.toKey, e.source, e.actor])).toEqual([
      ["confirmed", "shopify", null],
      ["processing", "merchant", "Ada (staff)"],
      ["in_production", "rule", "Workshop picks up"],
    ]);

    const off = await adminFetch(shop, "/app/rules", { intent: "disable", id });
    expect(off.status).toBe(200);
    expect(await change()).toEqual([{ orderGid: ORDER_GID, status: "changed" }]);
    expect((await orderState(shop, ORDER_GID)).stage).toBe("processing");
    expect(await ruleEvents(shop)).toHaveLength(1);
  });
});

describe("the Rules admin page", () => {
  it("lists the shop's rules, linked from the Stages page", async () => {
    const shop = await newShop();
    await createRule(shop, madeToOrder);
    expect(await (await adminFetch(shop, "/app/stages")).text()).toContain("Rules");
    const page = await adminFetch(shop, "/app/rules");
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Made to order");
    expect(html).toContain("When an order is created");
  });

  it.each([
    ["an empty name", { name: "  " }, "Enter a name"],
    ["an unknown stage", { setStageKey: "no_such_stage" }, "Choose one of your stages"],
    ["entered stage without a stage", { trigger: "entered_stage" }, "Choose one of your stages"],
    [
      "a rule setting the stage that fires it",
      { trigger: "entered_stage", triggerStageKey: "in_production" },
      "A rule cannot set the stage that fires it",
    ],
    [
      "a condition without a value",
      { conditions: JSON.stringify([{ field: "tag", operator: "equals", value: " " }]) },
      "Enter a value",
    ],
    ["malformed conditions", { conditions: "{not json" }, "Not valid"],
  ])("refuses %s with an error and saves nothing", async (_name, change, message) => {
    const shop = await newShop();
    const response = await adminFetch(shop, "/app/rules/new", { ...madeToOrder, ...change });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("The rule was not saved");
    expect(html).toContain(message);
    expect(await testDb().eventRule.count({ where: { shop } })).toBe(0);
  });

  it("edits a rule; another shop's session cannot read, edit, turn off or delete it", async () => {
    const shopA = await newShop();
    const shopB = await newShop();
    const id = await createRule(shopA, madeToOrder);
    const edited = await adminFetch(shopA, `/app/rules/${id}`, {
      ...madeToOrder,
      name: "Made to order (edited)",
    });
    expect(edited.status).toBe(200);
    const before = await testDb().eventRule.findUniqueOrThrow({ where: { id } });
    expect(before.name).toBe("Made to order (edited)");

    expect((await adminFetch(shopB, `/app/rules/${id}`)).status).toBe(404);
    const attempts = [
      adminFetch(shopB, `/app/rules/${id}`, { ...madeToOrder, name: "Hijacked" }),
      adminFetch(shopB, "/app/rules", { intent: "disable", id }),
      adminFetch(shopB, "/app/rules", { intent: "delete", id }),
    ];
    for (const response of await Promise.all(attempts)) expect(response.status).toBe(404);
    expect(await testDb().eventRule.findUniqueOrThrow({ where: { id } })).toEqual(before);

    expect((await adminFetch(shopA, "/app/rules", { intent: "delete", id })).status).toBe(200);
    expect(await testDb().eventRule.count({ where: { shop: shopA } })).toBe(0);
  });
});
