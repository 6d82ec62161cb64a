// The Stages admin page through the real embedded-app authentication: create, edit, reorder and
// delete stages; invalid forms change nothing; a deleted stage's orders move with a timeline entry.
import { beforeAll, describe, expect, it } from "vitest";
import { adminFetch, seedPaidOrders } from "../helpers/admin";
import { installShop, testDb } from "../helpers/db";

let n = 0;
async function newShop() {
  const shop = `admin-stages-${++n}-${Date.now()}.myshopify.com`;
  await installShop(shop);
  // The first admin request creates the shop's default stages.
  expect((await adminFetch(shop, "/app/stages")).status).toBe(200);
  return shop;
}

const inProduction = {
  key: "in_production",
  labelEn: "In production",
  labelSv: "I produktion",
  descriptionEn: "We are making your order.",
  descriptionSv: "Vi tillverkar din beställning.",
  internalName: "Workshop",
  color: "magic",
  icon: "hammer",
  visibleToCustomer: "true",
  notifyCustomer: "true",
  expectedBusinessDays: "5",
  position: "4",
};

/** The page's text contains `text` (without printing the whole page when it does not). */
async function expectPageText(response: Response, text: string) {
  const html = await response.text();
  expect(html.includes(text), `page should contain "${text}"`).toBe(true);
}

async function stageKeys(shop: string) {
  const stages = await testDb().stage.findMany({ where: { shop }, orderBy: { position: "asc" } });
  return stages.map((s) => s.key);
}

describe("creating and editing stages", () => {
  let shop: string;
  beforeAll(async () => {
    shop = await newShop();
  });

  it("creates a custom stage at its position with labels in both languages", async () => {
    const response = await adminFetch(shop, "/app/stages/new", { intent: "save", ...inProduction });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/app/stages/in_production");
    const keys = await stageKeys(shop);
    expect(keys.slice(3, 6)).toEqual(["confirmed", "in_production", "processing"]);
    expect(keys).toHaveLength(20);
    const stage = await testDb().stage.findUnique({
      where: { shop_key: { shop, key: "in_production" } },
    });
    expect(stage).toMatchObject({
      kind: "custom",
      internalName: "Workshop",
      color: "magic",
      notifyCustomer: true,
      expectedBusinessDays: 5,
    });
    expect(JSON.parse(stage!.labels)).toEqual({ en: "In production", sv: "I produktion" });
    // Positions stay dense.
    const positions = (await testDb().stage.findMany({ where: { shop } })).map((s) => s.position);
    expect(positions.sort((a, b) => a - b)).toEqual([...Array(20).keys()]);
  });

  it("gives the new stage a working email template on the Emails pages", async () => {
    const editor = await adminFetch(shop, "/app/emails/in_production/sv");
    expect(editor.status).toBe(200);
    await expectPageText(editor, "{{ stage.label }}");
    const overview = await (await adminFetch(shop, "/app/emails")).text();
    expect(overview.includes("In production")).toBe(true);
  });

  it.each([
    ["an empty label", { labelEn: "  " }, "labelEn", "Required"],
    ["a duplicate key", { key: "shipped" }, "key", "Another stage already has this key"],
    ["an unknown colour", { color: "pink" }, "color", "Choose one of the colours"],
    ["a malformed key", { key: "In Production!" }, "key", "Use lower-case letters"],
    ["negative days", { expectedBusinessDays: "-2" }, "days", "A whole number of days"],
  ])("refuses %s with a field error and saves nothing", async (_name, change, _field, message) => {
    const before = await testDb().stage.findMany({ where: { shop }, orderBy: { key: "asc" } });
    const response = await adminFetch(shop, "/app/stages/new", {
      intent: "save",
      ...inProduction,
      key: "quality_check",
      ...change,
    });
    expect(response.status).toBe(200);
    await expectPageText(response, message);
    expect(await testDb().stage.findMany({ where: { shop }, orderBy: { key: "asc" } })).toEqual(
      before,
    );
  });

  it("edits a default stage (label, colour, hidden) but keeps its key", async () => {
    const response = await adminFetch(shop, "/app/stages/shipped", {
      intent: "save",
      ...inProduction,
      key: "shipped",
      labelEn: "On its way",
      labelSv: "På väg till dig",
      internalName: "Shipped",
      color: "success",
      visibleToCustomer: "false",
      position: "8",
    });
    expect(response.status).toBe(200);
    const stage = await testDb().stage.findUnique({
      where: { shop_key: { shop, key: "shipped" } },
    });
    expect(stage).toMatchObject({ kind: "mirrored", color: "success", visibleToCustomer: false });
    expect(JSON.parse(stage!.labels)).toMatchObject({ en: "On its way", sv: "På väg till dig" });
    const renamed = await adminFetch(shop, "/app/stages/shipped", {
      intent: "save",
      ...inProduction,
      key: "dispatched",
      position: "8",
    });
    await expectPageText(renamed, "The key of a stage cannot be changed");
  });

  it("never deletes a default stage", async () => {
    const response = await adminFetch(shop, "/app/stages/shipped", {
      intent: "delete",
      target: "confirmed",
    });
    await expectPageText(response, "Built-in stages cannot be deleted");
    expect(await stageKeys(shop)).toContain("shipped");
    const processing = await adminFetch(shop, "/app/stages/processing", {
      intent: "delete",
      target: "confirmed",
    });
    await expectPageText(processing, "Built-in stages cannot be deleted");
    expect(await stageKeys(shop)).toContain("processing");
  });
});

describe("reordering stages", () => {
  it("moves a custom stage and refuses to reorder the stages Shopify drives", async () => {
    const shop = await newShop();
    await adminFetch(shop, "/app/stages/new", { intent: "save", ...inProduction });
    const keys = await stageKeys(shop);
    const moved = [...keys];
    moved.splice(4, 1);
    moved.splice(5, 0, "in_production");
    expect((await adminFetch(shop, "/app/stages", { order: moved.join(",") })).status).toBe(200);
    expect(await stageKeys(shop)).toEqual(moved);

    const swapped = [...moved];
    [swapped[0], swapped[1]] = [swapped[1]!, swapped[0]!];
    const refused = await adminFetch(shop, "/app/stages", { order: swapped.join(",") });
    await expectPageText(refused, "Stages Shopify drives keep their order");
    expect(await stageKeys(shop)).toEqual(moved);

    const missing = await adminFetch(shop, "/app/stages", { order: moved.slice(1).join(",") });
    expect(missing.status).toBe(200);
    expect(await stageKeys(shop)).toEqual(moved);
  });
});

describe("deleting a custom stage", () => {
  it("moves its orders to the chosen stage with a timeline entry each and no email", async () => {
    const shop = await newShop();
    await adminFetch(shop, "/app/stages/new", { intent: "save", ...inProduction });
    const ids = await seedPaidOrders(shop, 3);
    const moved = await adminFetch(shop, "/app/orders", {
      intent: "setStage",
      orderIds: ids.slice(0, 2).join(","),
      stageKey: "in_production",
      notify: "false",
    });
    expect(moved.status).toBe(200);
    expect(await testDb().order.count({ where: { shop, stageKey: "in_production" } })).toBe(2);
    await testDb().emailTemplate.create({
      data: { shop, stageKey: "in_production", locale: "en", subject: "s", html: "h", text: "t" },
    });

    const response = await adminFetch(shop, "/app/stages/in_production", {
      intent: "delete",
      target: "processing",
      notify: "false",
    });
    expect(response.status).toBe(302);
    expect(await stageKeys(shop)).not.toContain("in_production");
    expect(await testDb().emailTemplate.count({ where: { shop } })).toBe(0);
    const orders = await testDb().order.findMany({ where: { shop }, orderBy: { orderGid: "asc" } });
    expect(orders.map((o) => o.stageKey)).toEqual(["processing", "processing", "confirmed"]);
    for (const id of ids.slice(0, 2)) {
      const [last] = await testDb().timelineEvent.findMany({
        where: { shop, orderGid: `gid://shopify/Order/${id}` },
        orderBy: { id: "desc" },
        take: 1,
      });
      expect(last).toMatchObject({
        fromKey: "in_production",
        toKey: "processing",
        source: "merchant",
        note: "Stage “Workshop” deleted",
        customerNotified: false,
      });
    }
    expect(await testDb().emailOutbox.count({ where: { shop } })).toBe(0);
    const positions = (await testDb().stage.findMany({ where: { shop } })).map((s) => s.position);
    expect(positions.sort((a, b) => a - b)).toEqual([...Array(19).keys()]);
  });

  it("refuses without a target stage and deletes nothing", async () => {
    const shop = await newShop();
    await adminFetch(shop, "/app/stages/new", { intent: "save", ...inProduction });
    const response = await adminFetch(shop, "/app/stages/in_production", {
      intent: "delete",
      target: "in_production",
    });
    await expectPageText(response, "Choose another stage for its orders");
    expect(await stageKeys(shop)).toContain("in_production");
  });
});
