import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { defaultTemplate } from "~/domain/email/default-templates";
import { renderEmail } from "~/domain/email/render";
import {
  DEFAULT_ACCENT_COLOR,
  EMAIL_VARIABLES,
  emailVariables,
  hexColor,
  safeUrl,
  sampleEmailContext,
  type EmailContext,
} from "~/domain/email/variables";

const STAGE = { key: "out_for_delivery", label: "Out for delivery", description: "On its way." };

function context(overrides: Partial<EmailContext> = {}): EmailContext {
  return {
    shop: {
      name: "Northwind Goods",
      email: "hello@example.com",
      domain: "northwind.myshopify.com",
    },
    order: {
      name: "#1001",
      customerFirstName: "Alex",
      orderStatusUrl: "https://northwind.example/status/1",
    },
    stage: STAGE,
    shipments: [],
    estimatedDelivery: null,
    lookupUrl: "https://northwind.example/apps/order-status",
    locale: "en",
    ...overrides,
  };
}

function shipment(trackingNumber: string | null, trackingUrl: string | null = null) {
  return {
    trackingCompany: "PostNord",
    trackingNumber,
    trackingUrl,
    status: "in_transit",
    estimatedDeliveryAt: null,
  };
}

describe("emailVariables", () => {
  it("uses Shopify's notification names", () => {
    const variables = emailVariables(
      context({
        shipments: [shipment("A1", "https://t.example/A1")],
        estimatedDelivery: "2026-01-15T12:00:00+01:00",
      }),
    );
    expect(variables).toEqual({
      shop: {
        name: "Northwind Goods",
        email: "hello@example.com",
        domain: "northwind.myshopify.com",
        timezone: null,
      },
      order: {
        name: "#1001",
        customer: { first_name: "Alex" },
        order_status_url: "https://northwind.example/status/1",
      },
      stage: STAGE,
      fulfillment: {
        tracking_company: "PostNord",
        tracking_number: "A1",
        tracking_url: "https://t.example/A1",
        status: "in_transit",
        estimated_delivery_at: null,
      },
      fulfillments: [
        {
          tracking_company: "PostNord",
          tracking_number: "A1",
          tracking_url: "https://t.example/A1",
          status: "in_transit",
          estimated_delivery_at: null,
        },
      ],
      estimated_delivery: "2026-01-15T11:00:00.000Z",
      lookup_url: "https://northwind.example/apps/order-status",
      brand: { accent_color: DEFAULT_ACCENT_COLOR, accent_text_color: "#ffffff", logo_url: null },
      locale: "en",
    });
  });

  it("takes the first shipment with tracking as fulfillment and lists them all", () => {
    const variables = emailVariables(
      context({
        shipments: [shipment(null), shipment(null, "https://t.example/2"), shipment("3")],
      }),
    );
    expect(variables.fulfillment).toMatchObject({
      tracking_number: null,
      tracking_url: "https://t.example/2",
    });
    expect(variables.fulfillments).toHaveLength(3);
    expect(emailVariables(context({ shipments: [shipment(null)] })).fulfillment).toBeNull();
  });

  it("turns blank text into nil, since Liquid treats an empty string as true", () => {
    const variables = emailVariables(
      context({
        order: { name: "#1001", customerFirstName: "  ", orderStatusUrl: "" },
        shop: { name: "S", email: " ", domain: "s.myshopify.com" },
        shipments: [
          {
            trackingCompany: "",
            trackingNumber: " ",
            trackingUrl: "",
            status: "",
            estimatedDeliveryAt: "",
          },
        ],
      }),
    );
    expect(variables.order).toEqual({
      name: "#1001",
      customer: { first_name: null },
      order_status_url: null,
    });
    expect((variables.shop as { email: unknown }).email).toBeNull();
    expect(variables.fulfillments).toEqual([
      {
        tracking_company: null,
        tracking_number: null,
        tracking_url: null,
        status: null,
        estimated_delivery_at: null,
      },
    ]);
  });

  it("drops invalid dates, emails, time zones and locales", () => {
    const variables = emailVariables(
      context({
        estimatedDelivery: "next week",
        shop: {
          name: "S",
          email: "not an email",
          domain: "s.myshopify.com",
          timeZone: "Mars/Olympus",
        },
        locale: "!!",
      }),
    );
    expect(variables.estimated_delivery).toBeNull();
    expect(variables.shop).toMatchObject({ email: null, timezone: null });
    expect(variables.locale).toBe("en");
    const valid = emailVariables(
      context({
        shop: { name: "S", email: null, domain: "d", timeZone: "europe/stockholm" },
        locale: "sv_SE",
      }),
    );
    expect(valid.shop).toMatchObject({ timezone: "Europe/Stockholm" });
    expect(valid.locale).toBe("sv-SE");
  });

  it.each([
    ["https://carrier.example/track?id=1&x=2", "https://carrier.example/track?id=1&x=2"],
    ["  http://carrier.example/t  ", "http://carrier.example/t"],
    ["HTTPS://CARRIER.EXAMPLE/T", "HTTPS://CARRIER.EXAMPLE/T"],
    ["javascript:alert(1)", null],
    ["JavaScript:alert(document.cookie)", null],
    [" javascript:alert(1)", null],
    ["java\tscript:alert(1)", null],
    ["data:text/html;base64,PHNjcmlwdD4=", null],
    ["vbscript:msgbox(1)", null],
    ["ftp://files.example/x", null],
    ["mailto:a@b.example", null],
    ["/orders/1", null],
    ["//evil.example/x", null],
    ["https://user:secret@evil.example/", null],
    ["https://carrier.example/a b", null],
    ["https://", null],
    ["", null],
    [null, null],
  ])("exposes %j as URL %j", (input, expected) => {
    expect(safeUrl(input)).toBe(expected);
    const variables = emailVariables(
      context({
        order: { name: "#1", customerFirstName: null, orderStatusUrl: input },
        lookupUrl: input,
        shop: { name: "S", email: null, domain: "d", logoUrl: input },
        shipments: [shipment("1", input)],
      }),
    );
    expect(variables).toMatchObject({
      order: { order_status_url: expected },
      lookup_url: expected,
      brand: { logo_url: expected },
      fulfillments: [{ tracking_url: expected }],
    });
  });

  it("never puts a non-http link in the rendered email", async () => {
    const email = await renderEmail(
      defaultTemplate("out_for_delivery", "en"),
      emailVariables(
        context({
          order: {
            name: "#1001",
            customerFirstName: "Alex",
            orderStatusUrl: "javascript:alert(1)",
          },
          lookupUrl: "data:text/html,<script>alert(1)</script>",
          shop: { name: "S", email: null, domain: "d", logoUrl: "javascript:alert(2)" },
          shipments: [shipment("A1", "javascript:alert(3)")],
        }),
      ),
    );
    expect(email.html).not.toMatch(/javascript:|data:/i);
    expect(email.text).not.toMatch(/javascript:|data:/i);
    expect(email.html).toContain("A1");
    expect(email.html).not.toContain("Track package");
    expect(email.html).not.toMatch(/View your order|Follow your order/);
  });

  it("only ever exposes http(s) URLs, whatever the input", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.webUrl(), fc.constant("javascript:x")), (input) => {
        const url = safeUrl(input);
        expect(url === null || /^https?:\/\/[^\s]+$/i.test(url)).toBe(true);
      }),
    );
  });

  it.each([
    ["#FFD400", "#ffd400"],
    ["#abc", "#abc"],
    ["#abcd", "#abcd"],
    ["#11223344", "#11223344"],
    ["#12345", null],
    ["#1234567", null],
    ["red", null],
    ["#ggg", null],
    ["#fff;background:url(x)", null],
    ["", null],
    [null, null],
  ])("accepts accent colour %j as %j", (input, expected) => {
    expect(hexColor(input)).toBe(expected);
    const brand = emailVariables(
      context({ shop: { name: "S", email: null, domain: "d", accentColor: input } }),
    ).brand;
    expect(brand).toMatchObject({ accent_color: expected ?? DEFAULT_ACCENT_COLOR });
  });

  it("picks a readable text colour for the accent", () => {
    const textOn = (accentColor: string) =>
      (
        emailVariables(context({ shop: { name: "S", email: null, domain: "d", accentColor } }))
          .brand as Record<string, string>
      ).accent_text_color;
    expect(textOn("#000000")).toBe("#ffffff");
    expect(textOn("#1a237e")).toBe("#ffffff");
    expect(textOn("#ffffff")).toBe("#111111");
    expect(textOn("#ffd400")).toBe("#111111");
    expect(textOn("#fd0")).toBe("#111111");
  });
});

describe("EMAIL_VARIABLES", () => {
  it("documents every variable once, and each exists in the sample", () => {
    const names = EMAIL_VARIABLES.map((v) => v.name);
    expect(new Set(names).size).toBe(names.length);
    for (const required of [
      "shop.name",
      "shop.email",
      "shop.domain",
      "order.name",
      "order.customer.first_name",
      "order.order_status_url",
      "stage.label",
      "stage.description",
      "stage.key",
      "fulfillment.tracking_company",
      "fulfillment.tracking_number",
      "fulfillment.tracking_url",
      "fulfillments",
      "estimated_delivery",
      "lookup_url",
      "brand.accent_color",
      "brand.logo_url",
    ]) {
      expect(names).toContain(required);
    }

    const ctx = sampleEmailContext(STAGE, "en");
    ctx.shop.logoUrl = "https://cdn.shopify.com/logo.png";
    ctx.shop.timeZone = "Europe/Stockholm";
    const variables = emailVariables(ctx);
    for (const { name, description, example } of EMAIL_VARIABLES) {
      expect(description).not.toBe("");
      expect(example).not.toBe("");
      let value: unknown = variables;
      for (const segment of name.split(".")) {
        const list = segment.endsWith("[]");
        value = (value as Record<string, unknown>)[list ? segment.slice(0, -2) : segment];
        if (list) value = (value as unknown[])[0];
      }
      expect(value, name).not.toBeUndefined();
      expect(value, name).not.toBeNull();
    }
  });
});

describe("sampleEmailContext", () => {
  it("is deterministic and dates the estimate from the given time", () => {
    expect(sampleEmailContext(STAGE, "en")).toEqual(sampleEmailContext(STAGE, "en"));
    const ctx = sampleEmailContext(STAGE, "en", "2026-05-30T22:10:00.000Z");
    expect(ctx.estimatedDelivery).toBe("2026-06-01T12:00:00.000Z");
    expect(ctx.shipments.every((s) => s.estimatedDeliveryAt === ctx.estimatedDelivery)).toBe(true);
    expect(ctx.stage).toEqual(STAGE);
  });

  it("looks local to the shopper's language", () => {
    const sv = sampleEmailContext(STAGE, "sv-SE");
    expect(sv.locale).toBe("sv-SE");
    expect(sv.order.customerFirstName).toBe("Maja");
    expect(sv.shipments[0]!.trackingCompany).toBe("PostNord");
    expect(sampleEmailContext(STAGE, "de").shipments[0]!.trackingCompany).toBe("UPS");
  });
});
