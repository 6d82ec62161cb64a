import { describe, expect, it } from "vitest";
import {
  DEFAULT_TEMPLATE_LOCALES,
  defaultTemplate,
  defaultTemplateLocale,
} from "~/domain/email/default-templates";
import { createEmailLiquid } from "~/domain/email/liquid";
import { renderEmail, validateTemplate } from "~/domain/email/render";
import {
  EMAIL_VARIABLES,
  emailVariables,
  sampleEmailContext,
  type EmailContext,
} from "~/domain/email/variables";
import { DEFAULT_STAGES, type DefaultStageKey } from "~/domain/stages";

// SPEC §4, "notify by default" column.
const NOTIFYING: DefaultStageKey[] = [
  "awaiting_payment",
  "payment_issue",
  "processing",
  "on_hold",
  "out_for_delivery",
  "ready_for_pickup",
  "delivery_issue",
  "delivered",
  "return_requested",
  "return_in_progress",
  "return_declined",
  "returned",
];

const SUBJECT_PREFIX = { en: "Order #1001: ", sv: "Beställning #1001: " } as const;

function stageIn(key: string, locale: "en" | "sv") {
  const stage = DEFAULT_STAGES.find((s) => s.key === key);
  if (!stage) return { key, label: "Packed with care", description: "" };
  return { key, label: stage.labels[locale], description: stage.descriptions[locale] };
}

function escapeHtml(value: string): string {
  return value
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&#34;")
    .replace(/'/g, "&#39;");
}

async function renderDefault(key: string, locale: "en" | "sv", edit?: (ctx: EmailContext) => void) {
  const ctx = sampleEmailContext(stageIn(key, locale), locale, "2026-03-02T09:00:00.000Z");
  edit?.(ctx);
  return { ctx, email: await renderEmail(defaultTemplate(key, locale), emailVariables(ctx)) };
}

describe("default templates", () => {
  it("cover exactly the stages that notify by default", () => {
    expect(DEFAULT_STAGES.filter((s) => s.notifyCustomer).map((s) => s.key)).toEqual(NOTIFYING);
    expect(DEFAULT_TEMPLATE_LOCALES).toEqual(["en", "sv"]);
  });

  const cases = NOTIFYING.flatMap((key) => DEFAULT_TEMPLATE_LOCALES.map((l) => [key, l] as const));

  it.each(cases)("%s (%s) validates and renders every block", async (key, locale) => {
    const template = defaultTemplate(key, locale);
    expect(validateTemplate(template)).toEqual([]);
    expect(
      validateTemplate(template, emailVariables(sampleEmailContext(stageIn(key, locale), locale))),
    ).toEqual([]);

    const { ctx, email } = await renderDefault(key, locale);
    const stage = stageIn(key, locale);
    expect(email.subject).toBe(SUBJECT_PREFIX[locale] + stage.label);

    for (const part of [email.subject, email.html, email.text]) {
      expect(part).not.toMatch(/\{\{|\}\}|\{%|%\}/);
    }
    expect(email.html).toContain(`<html lang="${locale}">`);
    expect(email.html).toContain(escapeHtml(stage.label));
    expect(email.html).toContain(escapeHtml(stage.description));
    expect(email.text).toContain(stage.label);
    expect(email.text).toContain(stage.description);

    expect(ctx.shipments.length).toBe(2);
    for (const shipment of ctx.shipments) {
      expect(email.html).toContain(`href="${escapeHtml(shipment.trackingUrl!)}"`);
      expect(email.html).toContain(shipment.trackingNumber!);
      expect(email.text).toContain(shipment.trackingUrl!);
      expect(email.text).toContain(shipment.trackingNumber!);
    }
    expect(email.html).toContain(`href="${escapeHtml(ctx.order.orderStatusUrl!)}"`);
    expect(email.html).toContain(`href="${escapeHtml(ctx.lookupUrl!)}"`);
    expect(email.text).toContain(ctx.order.orderStatusUrl!);
    expect(email.text).toContain(ctx.lookupUrl!);
    expect(email.html).toContain('href="mailto:hello@example.com"');
    expect(email.text).toContain("hello@example.com");
    expect(email.text).not.toMatch(/&(amp|lt|gt|#\d+);/);
  });

  it("names the order and the stage in the subject", async () => {
    expect((await renderDefault("out_for_delivery", "en")).email.subject).toBe(
      "Order #1001: Out for delivery",
    );
    expect((await renderDefault("out_for_delivery", "sv")).email.subject).toBe(
      "Beställning #1001: Ute för leverans",
    );
  });

  it("opens each notifying stage with its own sentence, in both languages", async () => {
    for (const locale of DEFAULT_TEMPLATE_LOCALES) {
      const generic = await renderDefault("merchant_custom_stage", locale);
      const openings = new Set<string>();
      for (const key of NOTIFYING) {
        const { email } = await renderDefault(key, locale);
        const opening = email.text.split("\n\n")[1]!;
        expect(opening).toContain("#1001");
        expect(generic.email.text).not.toContain(opening);
        openings.add(opening);
      }
      expect(openings.size).toBe(NOTIFYING.length);
    }
  });

  it("greets by first name when known", async () => {
    expect((await renderDefault("delivered", "en")).email.text).toMatch(/^Hi Alex,\n/);
    expect((await renderDefault("delivered", "sv")).email.text).toMatch(/^Hej Maja!\n/);
    const nameless = (ctx: EmailContext) => (ctx.order.customerFirstName = null);
    expect((await renderDefault("delivered", "en", nameless)).email.text).toMatch(/^Hi,\n/);
    expect((await renderDefault("delivered", "sv", nameless)).email.text).toMatch(/^Hej!\n/);
  });

  it("shows the estimated delivery as a localised day", async () => {
    // 2026-03-02 + 2 days = Wednesday 4 March (Stockholm for the Swedish sample).
    expect((await renderDefault("processing", "en")).email.text).toContain(
      "Estimated delivery: Wednesday, March 4",
    );
    expect((await renderDefault("processing", "sv")).email.text).toContain(
      "Beräknad leverans: onsdag 4 mars",
    );
    const noEstimate = (ctx: EmailContext) => (ctx.estimatedDelivery = null);
    const { email } = await renderDefault("processing", "en", noEstimate);
    expect(email.text).not.toContain("Estimated delivery");
    expect(email.html).not.toContain("Estimated delivery");
  });

  it("leaves out the tracking block without tracking, and lists only tracked shipments", async () => {
    const none = await renderDefault("awaiting_payment", "en", (ctx) => (ctx.shipments = []));
    expect(none.email.html).not.toContain("Tracking information");
    expect(none.email.text).not.toContain("Tracking information");

    const mixed = await renderDefault("delivery_issue", "en", (ctx) => {
      ctx.shipments = [
        {
          trackingCompany: "DHL",
          trackingNumber: null,
          trackingUrl: null,
          status: null,
          estimatedDeliveryAt: null,
        },
        {
          trackingCompany: null,
          trackingNumber: "JJD000123",
          trackingUrl: null,
          status: null,
          estimatedDeliveryAt: null,
        },
      ];
    });
    expect(mixed.email.html).toContain("Tracking information");
    expect(mixed.email.html).not.toContain("DHL");
    expect(mixed.email.html).toContain("<strong>Shipment</strong>");
    expect(mixed.email.html).toContain("JJD000123");
    expect(mixed.email.html).not.toContain("Track package");
    expect(mixed.email.text).toContain("- Shipment\n  Tracking number: JJD000123");
  });

  it("links the lookup page when there is no order status page, and drops links it lacks", async () => {
    const lookupOnly = await renderDefault(
      "on_hold",
      "en",
      (ctx) => (ctx.order.orderStatusUrl = null),
    );
    expect(lookupOnly.email.html).toMatch(
      /<a href="https:\/\/northwind-goods\.myshopify\.com\/apps\/order-status"[^>]*>Follow your order<\/a>/,
    );
    expect(lookupOnly.email.html).not.toContain("View your order");

    const statusOnly = await renderDefault("on_hold", "sv", (ctx) => (ctx.lookupUrl = null));
    expect(statusOnly.email.html).toContain("Visa din beställning");
    expect(statusOnly.email.html).not.toContain("orderstatussida");
    expect(statusOnly.email.text).not.toContain("Följ din beställning");

    const neither = await renderDefault("on_hold", "en", (ctx) => {
      ctx.order.orderStatusUrl = null;
      ctx.lookupUrl = null;
    });
    expect(neither.email.html).not.toMatch(/View your order|Follow your order/);
  });

  it("brands the header with the accent colour and the logo when set", async () => {
    const plain = await renderDefault("delivered", "en");
    expect(plain.email.html).not.toContain("<img");
    expect(plain.email.html).toContain(">Northwind Goods</span>");

    const branded = await renderDefault("delivered", "en", (ctx) => {
      ctx.shop.accentColor = "#FFD400";
      ctx.shop.logoUrl = "https://cdn.shopify.com/s/files/1/logo.png?v=2&w=400";
    });
    expect(branded.email.html).toContain("background-color:#ffd400");
    // Dark text on a light accent.
    expect(branded.email.html).toContain("color:#111111");
    expect(branded.email.html).toContain(
      '<img src="https://cdn.shopify.com/s/files/1/logo.png?v=2&amp;w=400" alt="Northwind Goods"',
    );
  });

  it("is a self-contained, table-based, 600px layout with inline styles", () => {
    for (const locale of DEFAULT_TEMPLATE_LOCALES) {
      const { html } = defaultTemplate("delivered", locale);
      expect(html).toMatch(/^<!DOCTYPE html>/);
      expect(html).toContain("max-width:600px");
      expect(html).toContain('role="presentation"');
      expect(html).not.toMatch(/<link|@import|@font-face|<script|url\(/i);
      // The only <style> is an optional media query; the layout never depends on it.
      const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]!.trim());
      expect(styles).toHaveLength(1);
      expect(styles[0]).toMatch(/^@media[^{]+\{[\s\S]*\}$/);
      // The only image is the optional logo.
      const images = [...html.matchAll(/<img\b[^>]*>/g)].map((m) => m[0]);
      expect(images).toEqual([expect.stringContaining('src="{{ brand.logo_url }}"')]);
      // Outside the Outlook-only wrapper, every text-bearing element carries its own style.
      const outsideOutlook = html.replace(/<!--\[if mso\]>[\s\S]*?<!\[endif\]-->/g, "");
      expect(outsideOutlook.length).toBeLessThan(html.length);
      for (const tag of outsideOutlook.match(/<(p|td|a|span|body)\b[^>]*>/g)!) {
        expect(tag).toMatch(/style="/);
      }
    }
  });

  it("uses only documented variables and registered filters", () => {
    const liquid = createEmailLiquid();
    const documented = EMAIL_VARIABLES.map((v) => v.name);
    const keys = [...NOTIFYING, "placed", "shipped", "merchant_custom_stage"];
    for (const key of keys) {
      for (const locale of DEFAULT_TEMPLATE_LOCALES) {
        const template = defaultTemplate(key, locale);
        for (const part of [template.subject, template.html, template.text]) {
          for (const variable of liquid.globalFullVariablesSync(part)) {
            expect(documented).toContain(variable);
          }
        }
      }
    }
  });

  it("falls back to English for other languages and maps regional tags", () => {
    expect(defaultTemplateLocale("sv-SE")).toBe("sv");
    expect(defaultTemplateLocale("SV_fi")).toBe("sv");
    expect(defaultTemplateLocale("de")).toBe("en");
    expect(defaultTemplateLocale("")).toBe("en");
    expect(defaultTemplate("delivered", "sv-SE")).toEqual(defaultTemplate("delivered", "sv"));
    expect(defaultTemplate("delivered", "fr-CA")).toEqual(defaultTemplate("delivered", "en"));
  });

  it("gives custom and non-notifying stages a generic opening", async () => {
    for (const key of ["my_custom_stage", "cancelled", "__proto__", "constructor"]) {
      const template = defaultTemplate(key, "en");
      expect(validateTemplate(template)).toEqual([]);
      const email = await renderEmail(
        template,
        emailVariables(
          sampleEmailContext({ key, label: "Packed with care", description: "" }, "en"),
        ),
      );
      expect(email.subject).toBe("Order #1001: Packed with care");
      expect(email.text).toContain("We have an update about your order #1001.");
    }
  });
});
