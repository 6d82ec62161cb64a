// assets/order-lookup.js against the block's rendered markup, in a small fake DOM: validation,
// the request it sends, each response status, rendering (escaping, timeline states, links) and the
// logged-in recent orders.
import { describe, expect, it } from "vitest";
import { type Json } from "./extension";
import { event } from "./fake-dom";
import { flush, json, mount } from "./mount";

const ORDER = {
  name: "#1001",
  placedAt: "2025-05-02T09:30:00Z",
  stage: { key: "shipped", label: "Shipped", description: "Your parcel is on its way." },
  timeline: [
    {
      key: "placed",
      label: "Order placed",
      at: "2025-05-02T09:30:00Z",
      source: "shopify",
      current: false,
    },
    {
      key: "shipped",
      label: "Shipped",
      at: "2025-05-03T14:00:00Z",
      source: "shopify",
      current: true,
    },
    { key: "out_for_delivery", label: "Out for delivery", at: null, source: null, current: false },
    { key: "delivered", label: "Delivered", at: null, source: null, current: false },
  ],
  shipments: [
    {
      trackingCompany: "PostNord",
      trackingNumber: "PN123",
      trackingUrl: "https://tracking.example/PN123",
      status: "in_transit",
      estimatedDeliveryAt: "2025-05-06",
    },
    {
      trackingCompany: "Evil <b>Co</b>",
      trackingNumber: "X1",
      trackingUrl: "javascript:alert(1)",
      status: "SOMETHING_NEW",
      estimatedDeliveryAt: null,
    },
  ],
  estimatedDelivery: "2025-05-06",
} satisfies Json;

describe("order-lookup.js", () => {
  it("initialises every block once and links field errors", () => {
    const { roots, window, fetch } = mount({
      blocks: [{}, { rootUrl: "/sv", settings: { ask_for: "phone" } }],
    });
    expect(roots).toHaveLength(2);
    for (const root of roots) {
      expect(root.getAttribute("data-stageline-ready")).toBe("true");
      const input = root.querySelector('[name="order"]')!;
      const error = root.querySelector('[data-stageline-error-for="order"]')!;
      expect(error.id).not.toBe("");
      expect(input.getAttribute("aria-describedby")).toBe(error.id);
    }
    expect(roots[0].querySelector('[data-stageline-error-for="order"]')!.id).not.toBe(
      roots[1].querySelector('[data-stageline-error-for="order"]')!.id,
    );
    expect(typeof (window.StagelineLookup as { init: unknown }).init).toBe("function");
    expect(fetch).not.toHaveBeenCalled(); // guests: no recent-orders request
  });

  it("validates inline and sends nothing for invalid input", () => {
    const { $, submit, fetch, doc } = mount();
    submit("  ", "not-an-email");
    expect($('[data-stageline-error-for="order"]').textContent).toBe("Enter your order number.");
    expect($('[data-stageline-error-for="email"]').textContent).toBe(
      "Enter a valid email address.",
    );
    expect($('[name="order"]').getAttribute("aria-invalid")).toBe("true");
    expect(doc.activeElement).toBe($('[name="order"]'));
    expect(fetch).not.toHaveBeenCalled();

    // Typing clears the field's error.
    $("[data-stageline-form]").dispatchEvent(event("input", $('[name="email"]')));
    expect($('[data-stageline-error-for="email"]').textContent).toBe("");
    expect($('[name="email"]').hasAttribute("aria-invalid")).toBe(false);
  });

  it("requires at least six digits for a phone number", () => {
    const { $, submit, fetch, calls } = mount({
      blocks: [{ settings: { ask_for: "phone" } }],
      replies: [json({ error: "not_found" }, 404)],
    });
    submit("1001", "12-34-5");
    expect($('[data-stageline-error-for="phone"]').textContent).toBe("Enter a valid phone number.");
    expect(fetch).not.toHaveBeenCalled();
    submit("1001", "+46 70-123 45");
    expect(JSON.parse(String(calls[0].init.body))).toEqual({
      order: "1001",
      phone: "+46 70-123 45",
    });
  });

  it("posts JSON to the Liquid-built endpoint, shows loading, then renders the order", async () => {
    let release!: (response: Response) => void;
    const { root, $, submit, calls, doc } = mount({
      blocks: [{ rootUrl: "/sv" }],
      replies: [() => new Promise<Response>((resolve) => (release = resolve))],
    });
    submit(" #1001 ", " ada@example.com ");

    expect(calls).toHaveLength(1);
    expect(calls[0].url).toBe("/sv/apps/order-status/lookup");
    expect(calls[0].init.method).toBe("POST");
    expect(calls[0].init.headers).toMatchObject({
      "Content-Type": "application/json",
      Accept: "application/json",
    });
    expect(JSON.parse(String(calls[0].init.body))).toEqual({
      order: "#1001",
      email: "ada@example.com",
    });

    const button = $('button[type="submit"]');
    expect(button.disabled).toBe(true);
    expect(button.getAttribute("aria-busy")).toBe("true");
    expect($("[data-stageline-result]").getAttribute("aria-busy")).toBe("true");
    expect($("[data-stageline-status]").textContent).toBe("Looking up your order…");

    release(json({ order: ORDER }));
    await flush();

    expect(button.disabled).toBe(false);
    expect(button.hasAttribute("aria-busy")).toBe(false);
    expect($("[data-stageline-result]").getAttribute("aria-busy")).toBe("false");
    expect($("[data-stageline-status]").textContent).toBe("");

    const title = $("[data-stageline-result] h3");
    expect(title.textContent).toBe("Order #1001");
    expect(title.getAttribute("tabindex")).toBe("-1");
    expect(doc.activeElement).toBe(title);
    expect($(".stageline-lookup__meta").textContent).toBe("Placed on May 2, 2025");
    expect($(".stageline-lookup__stage").textContent).toBe("Shipped");

    const steps = root.querySelectorAll(".stageline-lookup__step");
    expect(steps.map((step) => step.className.replace("stageline-lookup__step ", ""))).toEqual([
      "is-done",
      "is-current",
      "is-upcoming",
      "is-upcoming",
    ]);
    expect(steps[0].querySelector("time")!.getAttribute("datetime")).toBe("2025-05-02T09:30:00Z");
    expect(steps[0].querySelector("time")!.textContent).toMatch(/^May 2, 2025/);
    expect(steps[1].getAttribute("aria-current")).toBe("step");
    expect(steps[1].querySelector(".stageline-lookup__step-description")!.textContent).toBe(
      "Your parcel is on its way.",
    );
    expect(steps[2].querySelector(".stageline-lookup__step-note")!.textContent).toBe("Upcoming");
    expect(steps[2].querySelector("time")).toBeNull();
    expect($(".stageline-lookup__delivery").textContent).toBe("Estimated delivery: May 6, 2025");

    const shipments = root.querySelectorAll(".stageline-lookup__shipment");
    expect(shipments).toHaveLength(2);
    const link = shipments[0].querySelector("a")!;
    expect(link.getAttribute("href")).toBe("https://tracking.example/PN123");
    expect(link.getAttribute("target")).toBe("_blank");
    expect(link.getAttribute("rel")).toBe("noopener noreferrer");
    expect(link.textContent).toBe("Track package (opens in a new tab)");
    expect(shipments[0].textContent).toContain("Tracking number: PN123");
    expect(shipments[0].textContent).toContain("In transit");
    expect(shipments[0].textContent).toContain("Estimated delivery: May 6, 2025");
    // A javascript: URL never becomes a link; unknown statuses are shown as sent; markup stays text.
    expect(shipments[1].querySelector("a")).toBeNull();
    expect(shipments[1].textContent).toContain("SOMETHING_NEW");
    expect(shipments[1].querySelector(".stageline-lookup__carrier")!.textContent).toBe(
      "Evil <b>Co</b>",
    );
    expect(shipments[1].querySelector("b")).toBeNull();
    expect(root.querySelector(".stageline-lookup__reorder")).toBeNull();
  });

  it("renders merchant labels and order names containing markup as text", async () => {
    const hostile = "<script>alert(1)</script>";
    const { root, submit } = mount({
      replies: [
        json({
          order: {
            ...ORDER,
            name: `#1${hostile}`,
            stage: { key: "x", label: hostile, description: `<img src=x onerror=alert(2)>` },
            timeline: [{ key: "x", label: hostile, at: null, source: "merchant", current: true }],
          },
        }),
      ],
    });
    submit("1001", "ada@example.com");
    await flush();
    const result = root.querySelector("[data-stageline-result]")!;
    expect(result.querySelector("h3")!.textContent).toBe(`Order #1${hostile}`);
    expect(result.querySelector(".stageline-lookup__stage")!.textContent).toBe(hostile);
    expect(result.querySelector(".stageline-lookup__step-description")!.textContent).toBe(
      "<img src=x onerror=alert(2)>",
    );
    expect(result.querySelectorAll("script")).toHaveLength(0);
    expect(result.querySelectorAll("img")).toHaveLength(0);
  });

  it("links 'Order again' only to /cart/ paths under the root URL", async () => {
    const cases: [string | undefined, string | null][] = [
      ["/cart/123:1,456:2", "/sv/cart/123:1,456:2"],
      ["//evil.example/cart/1:1", null],
      ["https://evil.example/cart/1:1", null],
      ["/cart/../account", null],
      ["javascript:alert(1)", null],
      [undefined, null],
    ];
    for (const [reorderPath, expected] of cases) {
      const { root, submit } = mount({
        blocks: [{ rootUrl: "/sv" }],
        replies: [
          json({
            order: {
              ...ORDER,
              stage: { key: "cancelled", label: "Cancelled", description: "" },
              reorderPath: reorderPath ?? null,
            },
          }),
        ],
      });
      submit("1001", "ada@example.com");
      await flush();
      const link = root.querySelector(".stageline-lookup__reorder");
      expect(link?.getAttribute("href") ?? null, String(reorderPath)).toBe(expected);
      if (link) expect(link.textContent).toBe("Order again");
    }
  });

  it.each([
    [
      json({ error: "not_found" }, 404),
      "We couldn’t find that order. Check the order number and your contact details, then try again.",
    ],
    [
      json({ error: "invalid" }, 422),
      "Some of the details don’t look right. Check them and try again.",
    ],
    [
      json({ error: "rate_limited" }, 429, { "Retry-After": "30" }),
      "Too many attempts. Please try again in 30 seconds.",
    ],
    [
      json({ error: "rate_limited" }, 429, { "Retry-After": "1" }),
      "Too many attempts. Please try again in 1 second.",
    ],
    [
      json({ error: "rate_limited" }, 429),
      "Too many attempts. Please wait a moment and try again.",
    ],
    [json({ error: "boom" }, 500), "Something went wrong. Check your connection and try again."],
    [
      new TypeError("Failed to fetch"),
      "Something went wrong. Check your connection and try again.",
    ],
    [
      new Response("<html>not json</html>", { status: 200 }),
      "Something went wrong. Check your connection and try again.",
    ],
    [json({ orders: [] }), "Something went wrong. Check your connection and try again."],
  ])("shows the right message for %#", async (reply, message) => {
    const { $, submit, doc } = mount({ replies: [reply] });
    submit("1001", "ada@example.com");
    await flush();
    const status = $("[data-stageline-status]");
    expect(status.textContent).toBe(message);
    expect(status.className).toContain("is-error");
    expect($("[data-stageline-result]").children).toHaveLength(0);
    expect($('button[type="submit"]').disabled).toBe(false);
    expect(doc.activeElement).toBe($('button[type="submit"]'));
  });

  it("uses the Swedish strings and dates of a Swedish page", async () => {
    const { $, submit } = mount({
      lang: "sv",
      blocks: [{ locale: "sv", rootUrl: "/sv" }],
      replies: [
        json({ order: ORDER }),
        json({ error: "rate_limited" }, 429, { "Retry-After": "5" }),
      ],
    });
    submit("1001", "ada@example.com");
    await flush();
    expect($("[data-stageline-result] h3").textContent).toBe("Beställning #1001");
    expect($(".stageline-lookup__meta").textContent).toBe("Beställd 2 maj 2025");
    expect($(".stageline-lookup__step-note").textContent).toBe("Kommande");
    expect($(".stageline-lookup__link").textContent).toBe("Spåra paketet (öppnas i en ny flik)");
    submit("1001", "ada@example.com");
    await flush();
    expect($("[data-stageline-status]").textContent).toBe(
      "För många försök. Försök igen om 5 sekunder.",
    );
  });

  it("shows a logged-in customer's recent orders above the form", async () => {
    const { root, $, calls } = mount({
      blocks: [{ customer: { id: 7 } }],
      replies: [
        json({ orders: [ORDER, { ...ORDER, name: "#1000", shipments: [], timeline: [] }] }),
      ],
    });
    expect(calls[0].url).toBe("/apps/order-status/orders");
    expect(calls[0].init.method ?? "GET").toBe("GET");
    expect(calls[0].init.headers).toMatchObject({ Accept: "application/json" });
    await flush();
    const recent = $("[data-stageline-recent]");
    expect(recent.hidden).toBe(false);
    const heading = recent.querySelector("h3")!;
    expect(heading.textContent).toBe("Your recent orders");
    expect(recent.getAttribute("aria-labelledby")).toBe(heading.id);
    expect(recent.querySelectorAll("article h4").map((title) => title.textContent)).toEqual([
      "Order #1001",
      "Order #1000",
    ]);
    // Above the form.
    const order = root.children.map((child) => child.getAttribute("class"));
    expect(order.indexOf("stageline-lookup__recent")).toBeLessThan(
      order.indexOf("stageline-lookup__form"),
    );
  });

  it.each([
    ["a server error", json({ error: "boom" }, 500)],
    ["a network failure", new TypeError("Failed to fetch")],
    ["no orders", json({ orders: [] })],
  ])("stays silent on %s when loading recent orders", async (_label, reply) => {
    const { $ } = mount({ blocks: [{ customer: { id: 7 } }], replies: [reply] });
    await flush();
    expect($("[data-stageline-recent]").hidden).toBe(true);
    expect($("[data-stageline-recent]").children).toHaveLength(0);
    expect($("[data-stageline-status]").textContent).toBe("");
  });

  it("ignores a superseded lookup", async () => {
    let releaseFirst!: (response: Response) => void;
    const { $, submit } = mount({
      replies: [
        () => new Promise<Response>((resolve) => (releaseFirst = resolve)),
        json({ order: { ...ORDER, name: "#2002" } }),
      ],
    });
    submit("1001", "ada@example.com");
    submit("2002", "ada@example.com");
    await flush();
    releaseFirst(json({ order: ORDER }));
    await flush();
    expect($("[data-stageline-result] h3").textContent).toBe("Order #2002");
  });
});
