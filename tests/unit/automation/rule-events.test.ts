// What a write changed, as rules see it; the rule form's parser shared by browser and server; and
// the rule attributes an order payload carries (tags, line items, shipping, country, channel).
import { describe, expect, it } from "vitest";
import { parseRuleForm } from "~/domain/admin/rule-form";
import { ruleEventsBetween } from "~/domain/automation/rules";
import { readWebhookFacts } from "~/shopify/webhook-payloads";
import { orderPayload } from "../../fixtures/webhooks/factory";

const snapshot = (
  stageKey: string,
  financialStatus: string | null,
  fulfillment: string | null,
) => ({
  stageKey,
  financialStatus,
  fulfillmentStatus: fulfillment,
});

describe("ruleEventsBetween", () => {
  it("a new paid order is created, paid and enters its stage", () => {
    expect(ruleEventsBetween(null, snapshot("confirmed", "paid", null))).toEqual([
      { kind: "order_created" },
      { kind: "order_paid" },
      { kind: "entered_stage", stageKey: "confirmed" },
    ]);
  });

  it("reports only what changed", () => {
    const before = snapshot("confirmed", "paid", null);
    expect(ruleEventsBetween(before, before)).toEqual([]);
    expect(ruleEventsBetween(before, snapshot("shipped", "paid", "fulfilled"))).toEqual([
      { kind: "order_fulfilled" },
      { kind: "entered_stage", stageKey: "shipped" },
    ]);
    expect(
      ruleEventsBetween(snapshot("placed", "pending", null), snapshot("placed", "paid", null)),
    ).toEqual([{ kind: "order_paid" }]);
  });
});

describe("parseRuleForm", () => {
  const stages = ["confirmed", "in_production", "shipped"];
  const form = {
    name: " Made to order ",
    enabled: "true",
    trigger: "order_paid",
    triggerStageKey: "confirmed",
    conditions: JSON.stringify([{ field: "tag", operator: "equals", value: "made-to-order" }]),
    setStageKey: "in_production",
    notifyCustomer: "false",
  };

  it("parses a valid rule (the trigger stage only for entered_stage)", () => {
    expect(parseRuleForm(form, stages)).toEqual({
      ok: true,
      rule: {
        name: "Made to order",
        enabled: true,
        trigger: "order_paid",
        triggerStageKey: null,
        conditions: [{ field: "tag", operator: "equals", value: "made-to-order" }],
        setStageKey: "in_production",
        notifyCustomer: false,
      },
    });
  });

  it("answers message keys per field", () => {
    expect(
      parseRuleForm(
        {
          ...form,
          name: "",
          conditions: JSON.stringify([{ field: "colour", operator: "equals", value: "" }]),
        },
        stages,
      ),
    ).toEqual({
      ok: false,
      errors: {
        name: "errors.ruleName",
        "conditions.0.field": "errors.invalid",
        "conditions.0.value": "errors.ruleValue",
      },
    });
    expect(parseRuleForm({ ...form, setStageKey: "gone" }, stages)).toEqual({
      ok: false,
      errors: { setStageKey: "errors.ruleStage" },
    });
    expect(
      parseRuleForm(
        { ...form, trigger: "entered_stage", triggerStageKey: "in_production" },
        stages,
      ),
    ).toEqual({ ok: false, errors: { setStageKey: "errors.ruleLoop" } });
  });
});

describe("rule attributes of an order payload", () => {
  it("reads tags, line items, shipping methods, country and sales channel", () => {
    const read = readWebhookFacts(
      "orders/create",
      orderPayload({
        tags: " made-to-order, gift ,",
        source_name: "web",
        shipping_lines: [{ title: "Express" }, { title: null }],
        shipping_address: { country_code: "se" },
        line_items: [
          { id: "1", quantity: 1, vendor: "Atelier", sku: "MTO-1", title: "Oak table" },
          { id: "2", quantity: 2, vendor: null, sku: "", title: "Chair" },
        ],
      }),
      { triggeredAt: "2026-03-02T09:00:00.000Z", receivedAt: "2026-03-02T09:00:01.000Z" },
    );
    if (read.kind !== "facts") throw new Error(`unexpected ${read.kind}`);
    expect(read.patch.order?.attributes).toEqual({
      tags: ["made-to-order", "gift"],
      lineItems: [
        { vendor: "Atelier", sku: "MTO-1", title: "Oak table" },
        { vendor: null, sku: null, title: "Chair" },
      ],
      shippingMethods: ["Express"],
      country: "SE",
      salesChannel: "web",
    });
  });
});
