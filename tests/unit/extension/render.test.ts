// Renders the app block with liquidjs standing in for Shopify's Liquid: endpoint built from
// routes.root_url and the proxy subpath, escaping of merchant settings, form semantics, i18n island.
import { describe, expect, it } from "vitest";
import {
  blockSource,
  createEngine,
  defaultSettings,
  i18nIsland,
  renderBlock,
  schemaText,
} from "./extension";

// Liquid features a local preview renderer supports; the block must stay within them.
const ALLOWED_FILTERS = [
  "t",
  "asset_url",
  "stylesheet_tag",
  "escape",
  "json",
  "default",
  "append",
  "prepend",
  "remove",
  "strip",
];
const ALLOWED_TAGS = [
  "comment",
  "endcomment",
  "if",
  "elsif",
  "else",
  "endif",
  "unless",
  "endunless",
  "case",
  "when",
  "endcase",
  "assign",
  "capture",
  "endcapture",
  "for",
  "endfor",
  "schema",
  "endschema",
];

function decodeEntities(text: string): string {
  const named: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
  return text.replace(/&(#\d+|[a-z]+);/g, (whole, ref: string) =>
    ref[0] === "#" ? String.fromCharCode(Number(ref.slice(1))) : (named[ref] ?? whole),
  );
}

function attribute(html: string, name: string): string | undefined {
  return new RegExp(`\\s${name}="([^"]*)"`).exec(html)?.[1];
}

describe("blocks/order-lookup.liquid", () => {
  it("uses only the supported Liquid filters, tags and objects", () => {
    const liquid = blockSource()
      .replace(schemaText(), "")
      .replace(/\{%-?\s*comment\s*-?%\}[\s\S]*?\{%-?\s*endcomment\s*-?%\}/g, "");
    const expressions = [...liquid.matchAll(/\{\{-?([\s\S]*?)-?\}\}|\{%-?([\s\S]*?)-?%\}/g)];
    const filters = new Set<string>();
    const tags = new Set<string>();
    for (const [, output, tag] of expressions) {
      const body = output ?? tag;
      if (tag !== undefined) tags.add(tag.trim().split(/\s+/)[0]);
      for (const match of body.replace(/'[^']*'|"[^"]*"/g, "''").matchAll(/\|\s*(\w+)/g))
        filters.add(match[1]);
    }
    expect([...filters].filter((name) => !ALLOWED_FILTERS.includes(name))).toEqual([]);
    expect([...tags].filter((name) => !ALLOWED_TAGS.includes(name))).toEqual([]);

    const code = expressions
      .map(([, output, tag]) => (output ?? tag).replace(/'[^']*'|"[^"]*"/g, "''"))
      .join("\n");
    const objects = new Set(
      [
        ...code.matchAll(
          /\b(block|routes|customer|request|section|shop|settings|product|cart)\b(\.[\w.]+)?/g,
        ),
      ].map((match) => match[0]),
    );
    expect(objects.size).toBeGreaterThan(3);
    for (const object of objects) {
      expect(object).toMatch(
        /^(block\.settings\.\w+|block\.shopify_attributes|routes\.root_url|customer|request\.locale\.iso_code)$/,
      );
    }
  });

  it("builds the endpoint from routes.root_url and the proxy subpath", () => {
    expect(renderBlock({ rootUrl: "/" })).toContain('data-endpoint="/apps/order-status"');
    expect(renderBlock({ rootUrl: "/sv" })).toContain('data-endpoint="/sv/apps/order-status"');
    expect(
      renderBlock({ rootUrl: "/en-ca", settings: { proxy_subpath: " tools/track " } }),
    ).toContain('data-endpoint="/en-ca/tools/track"');
    expect(renderBlock({ settings: { proxy_subpath: "" } })).toContain(
      'data-endpoint="/apps/order-status"',
    );
    const html = renderBlock({ rootUrl: "/sv" });
    expect(attribute(html, "data-root-url")).toBe("/sv");
  });

  it("escapes merchant settings", () => {
    const settings = {
      heading: '<script>alert("heading")</script>',
      intro: "<img src=x onerror=alert(1)> & more",
      proxy_subpath: 'apps/"><script>alert(2)</script>',
      accent_color: '#000"><script>alert(3)</script>',
    };
    const html = renderBlock({ settings });
    const heading = /<h2 class="stageline-lookup__heading">([^<]*)<\/h2>/.exec(html)?.[1];
    const intro = /<p class="stageline-lookup__intro">([^<]*)<\/p>/.exec(html)?.[1];
    expect(heading && decodeEntities(heading)).toBe(settings.heading);
    expect(intro && decodeEntities(intro)).toBe(settings.intro);
    expect(decodeEntities(attribute(html, "data-endpoint") ?? "")).toBe(
      `/${settings.proxy_subpath}`,
    );
    expect(decodeEntities(attribute(html, "style") ?? "")).toContain(settings.accent_color);
    expect(html).not.toMatch(/<script>alert|<img src=x/);
    // The only <script> elements are the JSON island and the deferred asset.
    expect([...html.matchAll(/<script\b[^>]*>/g)].map((match) => match[0])).toEqual([
      '<script type="application/json" data-stageline-i18n>',
      '<script src="/assets/order-lookup.js" defer>',
    ]);
  });

  it("falls back to the storefront translations when heading and intro are empty", () => {
    const en = renderBlock({ settings: { heading: "", intro: "  " } });
    expect(en).toContain('<h2 class="stageline-lookup__heading">Track your order</h2>');
    expect(en).toMatch(
      /<p class="stageline-lookup__intro">Enter your order number and the email address/,
    );

    const sv = renderBlock({
      locale: "sv",
      settings: { heading: "", intro: "", ask_for: "phone" },
    });
    expect(sv).toContain('<h2 class="stageline-lookup__heading">Spåra din beställning</h2>');
    expect(sv).toMatch(
      /<p class="stageline-lookup__intro">Ange ditt ordernummer och telefonnumret/,
    );
  });

  it("renders a labelled form for email by default", () => {
    const html = renderBlock();
    expect(defaultSettings().heading).toBe("Track your order");
    expect(html).toMatch(
      /<form class="stageline-lookup__form" data-stageline-form method="post" novalidate>/,
    );
    expect(html).toMatch(
      /<label class="stageline-lookup__label">\s*<span[^>]*>Order number<\/span>\s*<input[^>]*name="order"/,
    );
    expect(html).toMatch(
      /<label class="stageline-lookup__label">\s*<span[^>]*>Email address<\/span>\s*<input[^>]*type="email"[^>]*name="email"[^>]*autocomplete="email"/,
    );
    expect(html).not.toContain('name="phone"');
    expect(html).toMatch(
      /<button class="stageline-lookup__submit" type="submit">Find order<\/button>/,
    );
    expect(html).toMatch(
      /<p class="stageline-lookup__status" data-stageline-status role="status"><\/p>/,
    );
    expect(html).toMatch(/<div[^>]*data-stageline-result[^>]*aria-live="polite"/);
    expect(html).toContain('data-stageline-error-for="order"');
    expect(html).toContain('data-stageline-error-for="email"');
  });

  it("asks for a phone number when configured", () => {
    const html = renderBlock({ settings: { ask_for: "phone" } });
    expect(html).toMatch(
      /<span[^>]*>Phone number<\/span>\s*<input[^>]*type="tel"[^>]*name="phone"[^>]*autocomplete="tel"/,
    );
    expect(html).not.toContain('name="email"');
    expect(attribute(html, "data-ask-for")).toBe("phone");
  });

  it("marks logged-in customers and reserves the recent-orders area for them", () => {
    const guest = renderBlock();
    expect(attribute(guest, "data-logged-in")).toBe("false");
    expect(guest).toContain(
      '<section class="stageline-lookup__recent" data-stageline-recent hidden></section>',
    );

    const customer = renderBlock({ customer: { id: 42, first_name: "Ada" } });
    expect(attribute(customer, "data-logged-in")).toBe("true");
    expect(customer).toContain(
      '<section class="stageline-lookup__recent" data-stageline-recent></section>',
    );
  });

  it("passes the accent colours, locale, editor attributes and assets", () => {
    const html = renderBlock({ settings: { accent_color: "#aa0000" }, isoCode: "sv" });
    expect(attribute(html, "style")).toBe(
      "--stageline-accent: #aa0000; --stageline-on-accent: #ffffff;",
    );
    expect(attribute(html, "data-locale")).toBe("sv");
    expect(html).toContain('data-shopify-editor-block="{&quot;id&quot;:&quot;AbC123&quot;}"');
    expect(html).toContain(
      '<link href="/assets/order-lookup.css" rel="stylesheet" type="text/css" media="all" />',
    );
    expect(html).toContain('<script src="/assets/order-lookup.js" defer></script>');
  });

  it("hands the script its strings as a JSON island, in the shopper's language", () => {
    const en = i18nIsland(renderBlock());
    expect(en).toMatchObject({
      notFound: expect.stringContaining("couldn’t find"),
      rateLimitedOther: expect.stringContaining("{seconds}"),
      trackPackage: "Track package",
      orderAgain: "Order again",
      recentOrders: "Your recent orders",
    });
    expect(en.shipmentStatus).toMatchObject({ in_transit: "In transit", delivered: "Delivered" });

    const sv = i18nIsland(renderBlock({ locale: "sv" }));
    expect(sv).toMatchObject({ trackPackage: "Spåra paketet", orderAgain: "Beställ igen" });
    expect(Object.keys(sv).sort()).toEqual(Object.keys(en).sort());
  });

  it("renders through the registered no-op tags", () => {
    const engine = createEngine();
    expect(
      engine.parseAndRenderSync(
        'a{% schema %}{ "x": 1 }{% endschema %}b{% javascript %}x{% endjavascript %}c',
      ),
    ).toBe("abc");
  });
});
