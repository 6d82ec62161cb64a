// Every fact source moves the stage on its own: fulfillments that cover every line item ship the
// order even when Shopify's companion orders/* deliveries come late, twice or never. Signed
// webhooks → the real database (SQLite and PostgreSQL projects) → dispatcher → a real SMTP sink.
import { describe, expect, it } from "vitest";
import type { DispatchConfig } from "~/services/email-dispatcher.server";
import { ORDER_GID, OrderSimulation, type Delivery } from "../fixtures/webhooks/factory";
import { builtServer } from "../helpers/app";
import { installShop, testDb } from "../helpers/db";
import { deliverAll, orderState } from "../helpers/deliver";
import { useSmtpSink } from "../helpers/smtp-sink";

const { DEFAULT_DISPATCH, dispatchDueEmails } = await builtServer();
const mail = useSmtpSink();
const config: DispatchConfig = {
  ...DEFAULT_DISPATCH,
  owner: "test-worker",
  random: () => 0.5,
  backoffBaseMs: 1000,
};

let n = 0;
async function newShop() {
  const shop = `coverage-${++n}-${Date.now()}.myshopify.com`;
  await installShop(shop);
  await testDb().shop.upsert({
    where: { shop },
    create: { shop, name: "Test Shop", emailCoalesceSeconds: 0 },
    update: {},
  });
  return shop;
}

/** Sends every due email; the subjects the SMTP sink received, sorted. */
async function sentSubjects() {
  await dispatchDueEmails(mail.mailer, new Date(Date.now() + 1000), config);
  return mail.sink.received.map((email) => email.subject).sort();
}

const SHIPPED_PATH = ["confirmed", "shipped", "in_transit", "out_for_delivery", "delivered"];
const ANNOUNCED = ["Order #9999: Delivered", "Order #9999: Out for delivery"];

/** Paid, every line item in one fulfillment, no orders/* delivery after orders/create. */
function fulfilledOnly(lineItems?: number) {
  const sim = new OrderSimulation(undefined, lineItems).create("paid");
  const all = [...Array(lineItems ?? 5).keys()];
  return sim.fulfill(all, { orderUpdates: false });
}

/** The carrier's journey as fulfillments/update deliveries only. */
function journey(sim: OrderSimulation) {
  return sim
    .shipmentUpdate(0, "in_transit")
    .shipmentUpdate(0, "out_for_delivery")
    .shipmentUpdate(0, "delivered");
}

const SEQUENCES: { name: string; deliveries: () => Delivery[] }[] = [
  { name: "no orders/updated at all", deliveries: () => journey(fulfilledOnly()).deliveries },
  {
    name: "orders/updated first",
    deliveries: () => journey(fulfilledOnly().orderUpdated()).deliveries,
  },
  {
    name: "orders/updated last",
    deliveries: () => journey(fulfilledOnly()).orderUpdated().deliveries,
  },
  {
    name: "orders/updated twice",
    deliveries: () => journey(fulfilledOnly().orderUpdated()).orderUpdated().deliveries,
  },
];

describe("fulfillment coverage", () => {
  it.each(SEQUENCES)(
    "create → in_transit → out_for_delivery → delivered, $name: each stage, each email once",
    async ({ deliveries }) => {
      const shop = await newShop();
      await deliverAll(shop, deliveries());
      const { stage, path } = await orderState(shop, ORDER_GID);
      expect(stage).toBe("delivered");
      expect(path).toEqual(SHIPPED_PATH);
      expect(await sentSubjects()).toEqual(ANNOUNCED);
      // The whole sequence again (new event ids): nothing moves, nothing is sent again.
      await deliverAll(shop, deliveries());
      expect((await orderState(shop, ORDER_GID)).path).toEqual(SHIPPED_PATH);
      expect(await sentSubjects()).toEqual(ANNOUNCED);
    },
  );

  it("1 of 2 line items fulfilled stays partially shipped through delivery", async () => {
    const shop = await newShop();
    const sim = new OrderSimulation(undefined, 2).create("paid").fulfill([0], {
      orderUpdates: false,
    });
    await deliverAll(shop, journey(sim).orderUpdated().deliveries);
    const { order, path } = await orderState(shop, ORDER_GID);
    expect(order?.stageKey).toBe("partially_shipped");
    expect(order?.fulfillmentStatus).toBe("partial");
    expect(path).toEqual(["confirmed", "partially_shipped"]);
    expect(await sentSubjects()).toEqual([]);
  });

  it("a fulfillment before its orders/create is counted once the order arrives", async () => {
    const shop = await newShop();
    const deliveries = journey(fulfilledOnly()).deliveries;
    const [create, fulfillment, ...rest] = deliveries;
    expect([create!.topic, fulfillment!.topic]).toEqual(["orders/create", "fulfillments/create"]);
    await deliverAll(shop, [fulfillment!]);
    expect((await orderState(shop, ORDER_GID)).stage).toBe("partially_shipped");
    await deliverAll(shop, [create!, ...rest]);
    const { stage, path } = await orderState(shop, ORDER_GID);
    expect(stage).toBe("delivered");
    expect(path).toEqual([
      "partially_shipped",
      "shipped",
      "in_transit",
      "out_for_delivery",
      "delivered",
    ]);
    expect(await sentSubjects()).toEqual(ANNOUNCED);
  });

  it("an order edit that removes the unfulfilled item makes it fully shipped", async () => {
    const shop = await newShop();
    const sim = new OrderSimulation(undefined, 2)
      .create("paid")
      .fulfill([0], { orderUpdates: false })
      .removeUnfulfilled();
    await deliverAll(shop, journey(sim).deliveries);
    const { stage, path } = await orderState(shop, ORDER_GID);
    expect(stage).toBe("delivered");
    expect(path).toEqual(["confirmed", "partially_shipped", ...SHIPPED_PATH.slice(1)]);
    expect(await sentSubjects()).toEqual(ANNOUNCED);
  });
});
