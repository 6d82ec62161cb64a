// The time rule form's parser (shared by browser and server), the daily digest's rendering, and
// the estimated delivery date of the storefront view.
import { describe, expect, it } from "vitest";
import { parseTimeRuleForm, timeRuleFormOf } from "~/domain/admin/time-rule-form";
import { localHour } from "~/domain/automation/business-days";
import { renderDigest } from "~/domain/email/digest";
import { estimatedDeliveryOf, type OrderViewInput } from "~/domain/order-view";
import { emptyFacts } from "~/domain/facts";

const STAGES = ["confirmed", "processing", "on_hold", "shipped", "delivered"];
const form = {
  name: "Nudge",
  enabled: "true",
  stageKey: "processing",
  afterBusinessDays: "7",
  setStageKey: "on_hold",
  notifyCustomer: "true",
  alertMerchant: "false",
};

describe("time rule form", () => {
  it("parses a valid rule and round-trips through the form's values", () => {
    const parsed = parseTimeRuleForm(form, STAGES);
    expect(parsed).toEqual({
      ok: true,
      rule: {
        name: "Nudge",
        enabled: true,
        stageKey: "processing",
        afterBusinessDays: 7,
        setStageKey: "on_hold",
        notifyCustomer: true,
        alertMerchant: false,
      },
    });
    if (parsed.ok) expect(timeRuleFormOf(parsed.rule)).toEqual(form);
  });

  it("an alert-only rule keeps the stage and never emails the customer", () => {
    const parsed = parseTimeRuleForm({ ...form, setStageKey: "", alertMerchant: "true" }, STAGES);
    expect(parsed).toMatchObject({
      ok: true,
      rule: { setStageKey: null, notifyCustomer: false, alertMerchant: true },
    });
  });

  it.each([
    ["no name", { name: " " }, "name", "errors.ruleName"],
    ["zero days", { afterBusinessDays: "0" }, "afterBusinessDays", "errors.timeRuleDays"],
    ["empty days", { afterBusinessDays: "" }, "afterBusinessDays", "errors.timeRuleDays"],
    ["fractional days", { afterBusinessDays: "1.5" }, "afterBusinessDays", "errors.timeRuleDays"],
    ["too many days", { afterBusinessDays: "366" }, "afterBusinessDays", "errors.timeRuleDays"],
    ["text for days", { afterBusinessDays: "soon" }, "afterBusinessDays", "errors.timeRuleDays"],
    ["same stage", { setStageKey: "processing" }, "setStageKey", "errors.timeRuleSameStage"],
    [
      "nothing to do",
      { setStageKey: "", alertMerchant: "false" },
      "setStageKey",
      "errors.timeRuleAction",
    ],
    ["unknown stage", { stageKey: "nope" }, "stageKey", "errors.ruleStage"],
    ["unknown target", { setStageKey: "nope" }, "setStageKey", "errors.ruleStage"],
    ["bad stage key", { stageKey: "DROP TABLE" }, "stageKey", "errors.ruleStage"],
  ])("rejects %s with a field error", (_, patch, field, key) => {
    const parsed = parseTimeRuleForm({ ...form, ...patch }, STAGES);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.errors[field]).toBe(key);
  });
});

describe("daily digest", () => {
  const input = {
    shopName: "Verkstan <3",
    date: "2026-03-12",
    locale: "en",
    stuck: [
      {
        name: "#1001 <b>",
        stage: "Processing",
        days: 7,
        adminUrl: "https://x/admin/apps/k/app/orders/1",
      },
    ],
    stuckTotal: 3,
    alerts: [{ name: "#1002", rule: "Tell me", adminUrl: "https://x/admin/apps/k/app/orders/2" }],
    stuckListUrl: "https://x/admin/apps/k/app/orders?stuck=1",
  };

  it("lists stuck orders and alerts with links, escaping what merchants and shoppers wrote", () => {
    const { subject, html, text } = renderDigest(input);
    expect(subject).toBe("Verkstan <3: 4 orders need attention (2026-03-12)");
    expect(html).toContain('<a href="https://x/admin/apps/k/app/orders/1">#1001 &#60;b&#62;</a>');
    expect(html).not.toContain("<b>");
    expect(html).toContain("…and 2 more");
    expect(html).toContain("rule “Tell me”");
    expect(text).toContain("- #1001 <b>: Processing · 7 days in stage");
    expect(text).toContain("https://x/admin/apps/k/app/orders/2");
  });

  it("speaks Swedish to Swedish shops", () => {
    const { subject, html } = renderDigest({ ...input, locale: "sv", stuckTotal: 0, stuck: [] });
    expect(subject).toBe("Verkstan <3: 1 beställning behöver uppmärksamhet (2026-03-12)");
    expect(html).toContain("Flaggade av dina tidsregler");
    expect(html).not.toContain("Fastnade beställningar");
  });

  it("knows the shop's local hour", () => {
    expect(localHour(new Date("2026-03-12T06:30:00.000Z"), "Europe/Stockholm")).toBe(7);
    expect(localHour(new Date("2026-07-12T06:30:00.000Z"), "Europe/Stockholm")).toBe(8);
  });
});

describe("estimated delivery in the storefront view", () => {
  const stage = (key: string, position: number, expectedBusinessDays: number | null) => ({
    key,
    labels: { en: key },
    descriptions: {},
    position,
    exception: false,
    visibleToCustomer: true,
    expectedBusinessDays,
  });
  const view = (facts = emptyFacts()): OrderViewInput => ({
    name: "#1",
    placedAt: null,
    stageKey: "processing",
    facts,
    events: [],
    stages: [stage("processing", 1, 2), stage("shipped", 2, 3), stage("delivered", 3, null)],
    locale: "en",
    lineItems: [],
    stageEnteredAt: "2026-12-04T15:00:00.000Z", // a Friday
    calendar: { timeZone: "UTC", workingDays: [1, 2, 3, 4, 5] },
  });

  it("is the expected business days ahead, from the stage entry, in the shop's calendar", () => {
    expect(estimatedDeliveryOf(view())).toBe("2026-12-11T15:00:00.000Z");
  });

  it("is the carrier's alone without a stage entry or a calendar", () => {
    expect(estimatedDeliveryOf({ ...view(), stageEnteredAt: null })).toBeNull();
    expect(estimatedDeliveryOf({ ...view(), calendar: undefined })).toBeNull();
  });
});
