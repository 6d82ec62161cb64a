// The Orders and Order detail pages through the real embedded-app authentication: the list and
// its filters, bulk "Set stage…" of 250 orders with undo, the detail page, and tenant isolation
// of every admin loader and action (another shop's ids find, change and send nothing).
import { beforeAll, describe, expect, it } from "vitest";
import { OrderSimulation, ORDER_ID } from "../fixtures/webhooks/factory";
import { adminFetch, seedPaidOrders } from "../helpers/admin";
import { installShop, testDb } from "../helpers/db";
import { deliverAll } from "../helpers/deliver";
import { mockShopifyOperation } from "../helpers/shopify-mock";

const gid = (id: string) => `gid://shopify/Order/${id}`;

async function pageText(response: Response) {
  expect(response.status).toBe(200);
  return response.text();
}

function expectIn(html: string, text: string, present = true) {
  expect(html.includes(text), `page ${present ? "should" : "should not"} contain "${text}"`).toBe(
    present,
  );
}

let n = 0;
async function newShop(name: string) {
  const shop = `${name}-${++n}-${Date.now()}.myshopify.com`;
  await installShop(shop);
  await testDb().shop.upsert({
    where: { shop },
    create: { shop, name: "Test Shop", emailCoalesceSeconds: 120 },
    update: {},
  });
  return shop;
}

describe("bulk Set stage", () => {
  let shop: string;
  let ids: string[];
  beforeAll(async () => {
    shop = await newShop("admin-bulk");
    ids = await seedPaidOrders(shop, 250);
  }, 120_000);

  it("moves 250 orders at once without emailing, then undoes it", async () => {
    const before = await testDb().order.findMany({ where: { shop }, orderBy: { orderGid: "asc" } });
    expect(before.every((o) => o.stageKey === "confirmed")).toBe(true);
    const html = await pageText(
      await adminFetch(shop, "/app/orders", {
        intent: "setStage",
        orderIds: ids.join(","),
        stageKey: "processing",
        notify: "false",
        note: "Batch started",
      }),
    );
    expectIn(html, "250 changed, 0 already there, 0 not changed.");
    expect(await testDb().order.count({ where: { shop, stageKey: "processing" } })).toBe(250);
    expect(
      await testDb().timelineEvent.count({
        where: { shop, toKey: "processing", source: "merchant", note: "Batch started" },
      }),
    ).toBe(250);
    expect(await testDb().emailOutbox.count({ where: { shop } })).toBe(0);

    const undo = {
      stageKey: "processing",
      at: new Date(Date.now() - 1000).toISOString(),
      orders: before.map((o) => ({
        orderGid: o.orderGid,
        fromKey: o.stageKey,
        fromSource: o.stageSource,
        fromEnteredAt: o.stageEnteredAt.toISOString(),
      })),
    };
    const undone = await pageText(
      await adminFetch(shop, "/app/orders", { intent: "undo", undo: JSON.stringify(undo) }),
    );
    expectIn(undone, "Undone: 250 orders are back where they were");
    const after = await testDb().order.findMany({ where: { shop }, orderBy: { orderGid: "asc" } });
    expect(after.map((o) => [o.stageKey, o.stageSource, o.stageEnteredAt.toISOString()])).toEqual(
      before.map((o) => [o.stageKey, o.stageSource, o.stageEnteredAt.toISOString()]),
    );
  });

  it("cancels the queued emails of a notifying change when it is undone", async () => {
    const two = ids.slice(0, 2);
    const before = await testDb().order.findMany({
      where: { shop, orderGid: { in: two.map(gid) } },
    });
    const at = new Date(Date.now() - 1000).toISOString();
    await adminFetch(shop, "/app/orders", {
      intent: "setStage",
      orderIds: two.join(","),
      stageKey: "processing",
      notify: "true",
    });
    expect(await testDb().emailOutbox.count({ where: { shop, status: "queued" } })).toBe(2);
    await adminFetch(shop, "/app/orders", {
      intent: "undo",
      undo: JSON.stringify({
        stageKey: "processing",
        at,
        orders: before.map((o) => ({
          orderGid: o.orderGid,
          fromKey: o.stageKey,
          fromSource: o.stageSource,
          fromEnteredAt: o.stageEnteredAt.toISOString(),
        })),
      }),
    });
    expect(await testDb().emailOutbox.count({ where: { shop, status: "queued" } })).toBe(0);
    expect(await testDb().emailOutbox.count({ where: { shop, status: "skipped" } })).toBe(2);
    expect(await testDb().order.count({ where: { shop, stageKey: "confirmed" } })).toBe(250);
  });

  it("refuses more than 250 orders or an unknown stage, changing nothing", async () => {
    const tooMany = await pageText(
      await adminFetch(shop, "/app/orders", {
        intent: "setStage",
        orderIds: [...ids, "1"].join(","),
        stageKey: "processing",
        notify: "false",
      }),
    );
    expectIn(tooMany, "Change at most 250 orders at once");
    const unknown = await pageText(
      await adminFetch(shop, "/app/orders", {
        intent: "setStage",
        orderIds: ids.slice(0, 3).join(","),
        stageKey: "no_such_stage",
        notify: "false",
      }),
    );
    expectIn(unknown, "There is no stage");
    expect(await testDb().order.count({ where: { shop, stageKey: "confirmed" } })).toBe(250);
  });

  it("lists, filters, searches and pages the orders through the URL", async () => {
    const first = await pageText(await adminFetch(shop, "/app/orders"));
    expectIn(first, "#2249"); // newest first
    expectIn(first, "#2200");
    expectIn(first, "#2199", false); // 50 per page
    const byEmail = await pageText(await adminFetch(shop, "/app/orders?q=buyer12"));
    for (const name of ["#2012", "#2120", "#2129"]) expectIn(byEmail, name);
    expectIn(byEmail, "#2013", false);
    const byName = await pageText(await adminFetch(shop, "/app/orders?q=%232007"));
    expectIn(byName, "#2007");
    expectIn(byName, "#2008", false);
    const oldest = await pageText(await adminFetch(shop, "/app/orders?sort=oldest"));
    expectIn(oldest, "#2000");
    expectIn(oldest, "#2249", false);
    const none = await pageText(await adminFetch(shop, "/app/orders?stage=delivered"));
    expectIn(none, "No orders match");
    // Seeded in March 2026 and confirmed since: past "Order confirmed"'s 2 business days.
    const stuck = await pageText(await adminFetch(shop, "/app/orders?stuck=1&stage=confirmed"));
    expectIn(stuck, "#2249");
  });

  it("answers the page's own data requests (what the bench measures)", async () => {
    const response = await adminFetch(
      shop,
      "/app/orders.data?q=buyer7&_routes=routes%2Fapp.orders._index",
    );
    expect(response.status).toBe(200);
    const body = await response.text();
    expectIn(body, "buyer7@example.com");
    expectIn(body, "buyer8@example.com", false);
  });

  it("links each stage's count on the dashboard to the filtered Orders page", async () => {
    const html = await pageText(await adminFetch(shop, "/app"));
    expectIn(html, 'href="/app/orders?stage=confirmed"');
    expectIn(html, "250 orders tracked");
  });

  it("follows the cursor to the next page and back to the first", async () => {
    const first = await pageText(await adminFetch(shop, "/app/orders?sort=oldest"));
    const next = /\\"nextCursor\\",\\"([A-Za-z0-9_-]+)\\"/.exec(first)?.[1];
    expect(next).toBeTruthy();
    const second = await pageText(await adminFetch(shop, `/app/orders?sort=oldest&after=${next}`));
    expectIn(second, "#2050");
    expectIn(second, "#2099");
    expectIn(second, "#2049", false);
    expectIn(second, "#2100", false);
  });

  it("lists as stuck only orders past their stage's expected business days", async () => {
    await adminFetch(shop, "/app/orders", {
      intent: "setStage",
      orderIds: ids.slice(-2).join(","),
      stageKey: "processing",
      notify: "false",
    });
    const stuck = await pageText(await adminFetch(shop, "/app/orders?stuck=1"));
    expectIn(stuck, "#2247");
    expectIn(stuck, "#2248", false);
    expectIn(stuck, "#2249", false);
    const notStuck = await pageText(await adminFetch(shop, "/app/orders?stuck=1&stage=processing"));
    expectIn(notStuck, "No orders match");
  });
});

describe("order detail", () => {
  it("shows the stage, the unified timeline and the shipments; resends the last stage email", async () => {
    const shop = await newShop("admin-detail");
    mockShopifyOperation("FulfillmentOrderOrder", () => ({
      data: { fulfillmentOrder: { id: "x", order: { id: gid(ORDER_ID) } } },
    }));
    await deliverAll(
      shop,
      new OrderSimulation()
        .create("paid")
        .fulfill([0, 1, 2, 3, 4])
        .carrierEvent(0, "out_for_delivery").deliveries,
    );
    const html = await pageText(await adminFetch(shop, `/app/orders/${ORDER_ID}`));
    expectIn(html, "#9999");
    expectIn(html, "Out for delivery");
    expectIn(html, "Carrier: Out for delivery");
    expectIn(html, "Email about Out for delivery: queued");
    expectIn(html, "https://www.ups.com/track?tracknum=1Z5550001");
    expectIn(html, `shopify:admin/orders/${ORDER_ID}`);

    await adminFetch(shop, `/app/orders/${ORDER_ID}`, {
      intent: "setStage",
      stageKey: "processing",
      notify: "false",
      note: "Repacking",
    });
    const after = await pageText(await adminFetch(shop, `/app/orders/${ORDER_ID}`));
    expectIn(after, "Out for delivery → Preparing your order");
    expectIn(after, "Repacking");

    const emails = await testDb().emailOutbox.count({ where: { shop } });
    await adminFetch(shop, `/app/orders/${ORDER_ID}`, { intent: "resend" });
    expect(await testDb().emailOutbox.count({ where: { shop } })).toBe(emails + 1);
  });

  it("answers 404 for an id that is not an order of the shop", async () => {
    const shop = await newShop("admin-detail-404");
    expect((await adminFetch(shop, "/app/orders/123")).status).toBe(404);
    expect((await adminFetch(shop, "/app/orders/not-a-number")).status).toBe(404);
  });
});

describe("tenant isolation", () => {
  let shopA: string;
  let shopB: string;
  let idsA: string[];
  beforeAll(async () => {
    shopA = await newShop("tenant-a");
    shopB = await newShop("tenant-b");
    idsA = await seedPaidOrders(shopA, 3, { firstId: 7_300_000_000 });
    await adminFetch(shopA, "/app/stages/new", {
      intent: "save",
      key: "in_production",
      labelEn: "In production",
      labelSv: "I produktion",
      descriptionEn: "",
      descriptionSv: "",
      internalName: "Workshop",
      color: "magic",
      icon: "hammer",
      visibleToCustomer: "true",
      notifyCustomer: "true",
      expectedBusinessDays: "",
      position: "4",
    });
    await adminFetch(shopA, "/app/orders", {
      intent: "setStage",
      orderIds: idsA[0]!,
      stageKey: "in_production",
      notify: "true",
    });
    await adminFetch(shopB, "/app/stages");
  }, 60_000);

  async function snapshotA() {
    const db = testDb();
    return {
      orders: await db.order.findMany({ where: { shop: shopA }, orderBy: { orderGid: "asc" } }),
      stages: await db.stage.findMany({ where: { shop: shopA }, orderBy: { key: "asc" } }),
      timeline: await db.timelineEvent.count({ where: { shop: shopA } }),
      emails: await db.emailOutbox.findMany({ where: { shop: shopA }, orderBy: { id: "asc" } }),
    };
  }

  it("shop B's loaders answer 404 for shop A's ids and never list A's orders", async () => {
    expect((await adminFetch(shopB, `/app/orders/${idsA[0]}`)).status).toBe(404);
    expect((await adminFetch(shopB, "/app/stages/in_production")).status).toBe(404);
    expect((await adminFetch(shopB, "/app/emails/in_production/en")).status).toBe(404);
    const list = await pageText(await adminFetch(shopB, "/app/orders"));
    expectIn(list, "#2000", false);
    expectIn(list, "No orders yet");
    const search = await pageText(await adminFetch(shopB, "/app/orders?q=buyer0"));
    expectIn(search, "buyer0@example.com", false);
    const dashboard = await pageText(await adminFetch(shopB, "/app"));
    expectIn(dashboard, "Workshop", false);
  });

  it("shop B's actions change nothing of shop A's", async () => {
    const before = await snapshotA();
    const posts: [string, Record<string, string>, number[]][] = [
      [
        `/app/orders/${idsA[1]}`,
        { intent: "setStage", stageKey: "processing", notify: "true" },
        [404],
      ],
      [`/app/orders/${idsA[0]}`, { intent: "resend" }, [404]],
      [
        "/app/orders",
        { intent: "setStage", orderIds: idsA.join(","), stageKey: "processing", notify: "true" },
        [200],
      ],
      [
        "/app/orders",
        {
          intent: "undo",
          undo: JSON.stringify({
            stageKey: "in_production",
            at: new Date().toISOString(),
            orders: [
              {
                orderGid: gid(idsA[0]!),
                fromKey: "confirmed",
                fromSource: "shopify",
                fromEnteredAt: new Date().toISOString(),
              },
            ],
          }),
        },
        [200],
      ],
      [
        "/app/stages/in_production",
        {
          intent: "save",
          key: "in_production",
          labelEn: "X",
          labelSv: "X",
          descriptionEn: "",
          descriptionSv: "",
          internalName: "X",
          color: "info",
          icon: "hammer",
          visibleToCustomer: "true",
          notifyCustomer: "false",
          expectedBusinessDays: "",
          position: "0",
        },
        [404],
      ],
      ["/app/stages/in_production", { intent: "delete", target: "confirmed" }, [404]],
      [
        "/app/stages",
        {
          order: before.stages
            .map((s) => s.key)
            .reverse()
            .join(","),
        },
        [200],
      ],
      ["/app/emails", { intent: "notify", stageKey: "in_production", on: "false" }, [200]],
    ];
    for (const [path, form, statuses] of posts) {
      const response = await adminFetch(shopB, path, form);
      expect(statuses, `${path} ${form.intent ?? ""}`).toContain(response.status);
    }
    expect(await snapshotA()).toEqual(before);
    expect(await testDb().stage.count({ where: { shop: shopB, key: "in_production" } })).toBe(0);
  });
});
