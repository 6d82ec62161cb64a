// Time rules (SPEC §4 "Rules") end to end: rules made on the Rules admin page through the real
// embedded-app authentication, orders from signed webhooks, the scheduled job of the built app
// run with an injected clock on a real database. A rule fires once per stage entry after N
// business days of the shop's calendar (a Friday entry with N = 1 is due on Monday, not at the
// weekend), two workers running the job at once fire it once, and an order that left the stage
// is not moved.
import { describe, expect, it } from "vitest";
import { ORDER_GID, OrderSimulation } from "../fixtures/webhooks/factory";
import { adminFetch } from "../helpers/admin";
import { builtServer } from "../helpers/app";
import { installShop, testDb } from "../helpers/db";
import { deliverAll, orderState } from "../helpers/deliver";
import { mockShopifyOperation } from "../helpers/shopify-mock";

const { runTimeRules, setOrderStages } = await builtServer();

let n = 0;
async function newShop() {
  const shop = `time-rules-${++n}-${Date.now()}.myshopify.com`;
  await installShop(shop);
  expect((await adminFetch(shop, "/app/stages")).status).toBe(200);
  mockShopifyOperation("FulfillmentOrderOrder", () => ({
    data: { fulfillmentOrder: { id: "x", order: { id: ORDER_GID } } },
  }));
  await deliverAll(shop, new OrderSimulation("2026-03-02T09:00:00.000Z").create("paid").deliveries);
  // Business days in Stockholm, Monday to Friday.
  await testDb().shop.update({
    where: { shop },
    data: { timeZone: "Europe/Stockholm", workingDays: "1,2,3,4,5" },
  });
  return shop;
}

const waitingRule = {
  name: "Waiting for materials",
  enabled: "true",
  stageKey: "processing",
  afterBusinessDays: "1",
  setStageKey: "on_hold",
  notifyCustomer: "false",
  alertMerchant: "false",
};

async function createTimeRule(shop: string, form: Record<string, string>) {
  const response = await adminFetch(shop, "/app/rules/time/new", form);
  expect(response.status, await response.clone().text()).toBe(302);
  return response.headers.get("location")!.replace("/app/rules/time/", "");
}

/** The merchant moves the order to `stageKey` at `at` (its stage entry time). */
async function moveTo(shop: string, stageKey: string, at: string) {
  const results = await setOrderStages(shop, [ORDER_GID], {
    stageKey,
    notify: false,
    actor: "Ada (staff)",
    note: null,
    now: new Date(at),
  });
  expect(results).toEqual([{ orderGid: ORDER_GID, status: "changed" }]);
}

const ruleEvents = async (shop: string) =>
  (await orderState(shop, ORDER_GID)).timeline.filter((e) => e.source === "rule");

// Friday 6 March 2026, 16:00 in Stockholm (UTC+1).
const FRIDAY_ENTRY = "2026-03-06T15:00:00.000Z";

describe("time rules", () => {
  it("a Friday entry with N = 1 fires on Monday at the same local time, once, not at the weekend", async () => {
    const shop = await newShop();
    await createTimeRule(shop, waitingRule);
    await moveTo(shop, "processing", FRIDAY_ENTRY);

    for (const at of [
      "2026-03-07T12:00:00.000Z", // Saturday
      "2026-03-08T22:00:00.000Z", // Sunday night
      "2026-03-09T14:59:59.000Z", // Monday 15:59:59 in Stockholm
    ]) {
      await runTimeRules(new Date(at));
      expect((await orderState(shop, ORDER_GID)).stage, at).toBe("processing");
    }

    await runTimeRules(new Date("2026-03-09T15:00:00.000Z"));
    const state = await orderState(shop, ORDER_GID);
    expect(state.order).toMatchObject({ stageKey: "on_hold", stageSource: "rule" });
    expect(state.timeline.at(-1)).toMatchObject({
      fromKey: "processing",
      toKey: "on_hold",
      source: "rule",
      actor: "Waiting for materials",
      customerNotified: false,
    });

    // Later runs (and a run that was missed for a week) do not fire it again.
    await runTimeRules(new Date("2026-03-16T15:00:00.000Z"));
    expect(await ruleEvents(shop)).toHaveLength(1);
    const firings = await testDb().timeRuleFiring.findMany({ where: { shop } });
    expect(firings.map((f) => [f.orderGid, f.enteredAt.toISOString(), f.outcome])).toEqual([
      [ORDER_GID, FRIDAY_ENTRY, "changed"],
    ]);

    // A new entry into the stage is a new firing.
    await moveTo(shop, "processing", "2026-03-17T08:00:00.000Z");
    await runTimeRules(new Date("2026-03-18T08:00:00.000Z"));
    expect((await ruleEvents(shop)).map((e) => e.toKey)).toEqual(["on_hold", "on_hold"]);
  });

  it("two workers running the job at once fire a rule once", async () => {
    const shop = await newShop();
    // Rules run in the merchant's order: the alert first, then the move.
    await createTimeRule(shop, {
      ...waitingRule,
      name: "Tell me",
      setStageKey: "",
      alertMerchant: "true",
    });
    await createTimeRule(shop, waitingRule);
    await moveTo(shop, "processing", FRIDAY_ENTRY);

    const monday = new Date("2026-03-09T16:00:00.000Z");
    await Promise.all([
      runTimeRules(monday, { batchSize: 1 }),
      runTimeRules(monday, { batchSize: 1 }),
      runTimeRules(monday),
    ]);
    expect((await ruleEvents(shop)).map((e) => e.actor)).toEqual(["Waiting for materials"]);
    const firings = await testDb().timeRuleFiring.findMany({
      where: { shop },
      orderBy: { ruleName: "asc" },
    });
    // The alert and the move both answer the same stage entry, each once.
    expect(firings.map((f) => [f.ruleName, f.outcome, f.alertMerchant])).toEqual([
      ["Tell me", "alert", true],
      ["Waiting for materials", "changed", false],
    ]);
  });

  it("an order that left the stage before it was due is not moved", async () => {
    const shop = await newShop();
    await createTimeRule(shop, waitingRule);
    await moveTo(shop, "processing", FRIDAY_ENTRY);
    await moveTo(shop, "confirmed", "2026-03-09T08:00:00.000Z");

    await runTimeRules(new Date("2026-03-12T12:00:00.000Z"));
    const state = await orderState(shop, ORDER_GID);
    expect(state.stage).toBe("confirmed");
    expect(await ruleEvents(shop)).toEqual([]);
    expect(await testDb().timeRuleFiring.count({ where: { shop } })).toBe(0);
  });

  it("a rule turned off does nothing; the rule form rejects bad input with field errors", async () => {
    const shop = await newShop();
    const id = await createTimeRule(shop, { ...waitingRule, enabled: "false" });
    await moveTo(shop, "processing", FRIDAY_ENTRY);
    await runTimeRules(new Date("2026-03-12T12:00:00.000Z"));
    expect((await orderState(shop, ORDER_GID)).stage).toBe("processing");

    const bad = await adminFetch(shop, `/app/rules/time/${id}`, {
      ...waitingRule,
      afterBusinessDays: "0",
      setStageKey: "processing",
    });
    expect(bad.status).toBe(200);
    const body = await bad.text();
    expect(body).toContain("Enter a whole number of business days from 1 to 365");
    expect(body).toContain("Choose a stage other than the one the order is in");
    const none = await adminFetch(shop, `/app/rules/time/${id}`, {
      ...waitingRule,
      setStageKey: "",
      alertMerchant: "false",
    });
    expect(await none.text()).toContain("Set a stage, alert yourself, or both");
    // Another shop cannot reach the rule.
    const other = await newShop();
    expect((await adminFetch(other, `/app/rules/time/${id}`)).status).toBe(404);
    // The Rules page lists it.
    const page = await adminFetch(shop, "/app/rules");
    expect(await page.text()).toContain("Waiting for materials");
  });
});
