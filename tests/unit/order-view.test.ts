import { describe, expect, it } from "vitest";
import { emptyFacts } from "~/domain/facts";
import {
  buildOrderView,
  localized,
  reorderPath,
  type OrderViewInput,
  type ViewStage,
} from "~/domain/order-view";
import { DEFAULT_STAGES } from "~/domain/stages";

const stages: ViewStage[] = DEFAULT_STAGES.map((s) => ({
  key: s.key,
  labels: { ...s.labels },
  descriptions: { ...s.descriptions },
  position: s.position,
  exception: s.exception,
  visibleToCustomer: s.visibleToCustomer,
}));

function input(overrides: Partial<OrderViewInput>): OrderViewInput {
  return {
    name: "#1001",
    placedAt: "2026-01-01T10:00:00.000Z",
    stageKey: "confirmed",
    facts: emptyFacts(),
    events: [{ toKey: "confirmed", source: "shopify", occurredAt: "2026-01-01T10:00:00.000Z" }],
    stages,
    locale: "en",
    lineItems: [],
    ...overrides,
  };
}

describe("buildOrderView", () => {
  it("marks the current stage and lists the main path ahead as upcoming", () => {
    const view = buildOrderView(input({}));
    expect(view.stage).toMatchObject({ key: "confirmed", label: "Order confirmed" });
    expect(view.timeline.map((e) => [e.key, e.current, e.at !== null])).toEqual([
      ["confirmed", true, true],
      ["processing", false, false],
      ["shipped", false, false],
      ["in_transit", false, false],
      ["out_for_delivery", false, false],
      ["delivered", false, false],
    ]);
  });

  it("shows no upcoming stages after an exception", () => {
    const view = buildOrderView(
      input({
        stageKey: "cancelled",
        events: [
          { toKey: "confirmed", source: "shopify", occurredAt: "2026-01-01T10:00:00.000Z" },
          { toKey: "cancelled", source: "shopify", occurredAt: "2026-01-02T10:00:00.000Z" },
        ],
      }),
    );
    expect(view.timeline.map((e) => e.key)).toEqual(["confirmed", "cancelled"]);
  });

  it("hides stages the merchant hid, showing the last visible one as current", () => {
    const hidden = stages.map((s) =>
      s.key === "processing" ? { ...s, visibleToCustomer: false } : s,
    );
    const view = buildOrderView(
      input({
        stages: hidden,
        stageKey: "processing",
        events: [
          { toKey: "confirmed", source: "shopify", occurredAt: "2026-01-01T10:00:00.000Z" },
          { toKey: "processing", source: "merchant", occurredAt: "2026-01-02T10:00:00.000Z" },
        ],
      }),
    );
    expect(view.stage.key).toBe("confirmed");
    expect(view.timeline.some((e) => e.key === "processing")).toBe(false);
  });

  it("drops a stage that was left in the same second it was entered", () => {
    const view = buildOrderView(
      input({
        stageKey: "shipped",
        events: [
          { toKey: "confirmed", source: "shopify", occurredAt: "2026-01-01T10:00:00.000Z" },
          { toKey: "partially_shipped", source: "shopify", occurredAt: "2026-01-02T10:00:00.000Z" },
          { toKey: "shipped", source: "shopify", occurredAt: "2026-01-02T10:00:00.500Z" },
        ],
      }),
    );
    expect(view.timeline.filter((e) => e.at).map((e) => e.key)).toEqual(["confirmed", "shipped"]);
  });

  it("offers a reorder path only for cancelled orders", () => {
    const lineItems = [{ variantId: "gid://shopify/ProductVariant/111", quantity: 2 }];
    expect(buildOrderView(input({ lineItems })).reorderPath).toBeUndefined();
    expect(buildOrderView(input({ lineItems, stageKey: "cancelled" })).reorderPath).toBe(
      "/cart/111:2",
    );
  });
});

describe("helpers", () => {
  it.each([
    ["sv-SE", "Sv"],
    ["sv", "Sv"],
    ["de", "En"],
    ["fr-CA", "En"],
  ])("localizes for %s", (locale, expected) => {
    expect(localized({ en: "En", sv: "Sv" }, locale)).toBe(expected);
  });

  it("builds cart permalinks from variant ids and skips unusable lines", () => {
    expect(
      reorderPath([
        { variantId: "1", quantity: 1 },
        { variantId: "x", quantity: 3 },
        { variantId: "2", quantity: 0 },
      ]),
    ).toBe("/cart/1:1");
    expect(reorderPath([])).toBeUndefined();
  });
});
