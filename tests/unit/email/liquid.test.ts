import { describe, expect, it } from "vitest";
import {
  createEmailLiquid,
  EMAIL_LIQUID_FILTERS,
  EMAIL_LIQUID_LIMITS,
  EMAIL_LIQUID_TAGS,
  TemplateShapeError,
} from "~/domain/email/liquid";

const liquid = createEmailLiquid();
const plain = createEmailLiquid({ escape: false });

function render(source: string, scope: Record<string, unknown> = {}): string {
  return liquid.parseAndRenderSync(source, scope) as string;
}

// Tuesday 14 January 2025, 15:30 UTC.
const INSTANT = "2025-01-14T15:30:00.000Z";

describe("date filter", () => {
  it.each([
    ["long", "en", "January 14, 2025"],
    ["long", "sv", "14 januari 2025"],
    ["long", "sv-SE", "14 januari 2025"],
    ["date", "en", "Tuesday, January 14"],
    ["date", "sv", "tisdag 14 januari"],
    ["short", "en", "1/14/25"],
    ["short", "sv", "2025-01-14"],
  ])("formats %s in %s", (format, locale, expected) => {
    expect(render(`{{ d | date: "${format}" }}`, { d: INSTANT, locale })).toBe(expected);
  });

  it("includes the time for datetime", () => {
    const en = render('{{ d | date: "datetime" }}', { d: INSTANT, locale: "en" });
    const sv = render('{{ d | date: "datetime" }}', { d: INSTANT, locale: "sv" });
    expect(en.replace(/\s/g, " ")).toMatch(/^January 14, 2025(,| at) 3:30 PM$/);
    expect(sv).toMatch(/^14 januari 2025 (kl\. )?15:30$/);
  });

  it("defaults to long, English and UTC", () => {
    expect(render("{{ d | date }}", { d: INSTANT })).toBe("January 14, 2025");
  });

  it("uses the shop's time zone, or the one given as second argument", () => {
    const lateEvening = "2025-01-14T23:30:00.000Z";
    expect(render('{{ d | date: "date" }}', { d: lateEvening, locale: "en" })).toBe(
      "Tuesday, January 14",
    );
    expect(
      render('{{ d | date: "date" }}', {
        d: lateEvening,
        locale: "sv",
        shop: { timezone: "Europe/Stockholm" },
      }),
    ).toBe("onsdag 15 januari");
    expect(
      render('{{ d | date: "date", "America/New_York" }}', {
        d: lateEvening,
        shop: { timezone: "Europe/Stockholm" },
      }),
    ).toBe("Tuesday, January 14");
  });

  it("falls back to English and UTC for unusable locales and zones", () => {
    expect(render('{{ d | date: "long" }}', { d: INSTANT, locale: "not a locale!" })).toBe(
      "January 14, 2025",
    );
    expect(render('{{ d | date: "long", "Mars/Olympus" }}', { d: INSTANT, locale: "sv" })).toBe(
      "14 januari 2025",
    );
  });

  it("renders nil as nothing and returns non-dates unchanged", () => {
    expect(render('[{{ d | date: "long" }}]', { d: null })).toBe("[]");
    expect(render('[{{ missing | date: "long" }}]')).toBe("[]");
    expect(render('[{{ d | date: "long" }}]', { d: "soon" })).toBe("[soon]");
  });

  it("rejects formats it does not know", () => {
    expect(() => render('{{ d | date: "%B %d" }}', { d: INSTANT })).toThrow(
      /unknown date format "%B %d"/,
    );
  });
});

describe("engine", () => {
  it("escapes every output unless told otherwise", () => {
    const scope = { x: `<a href="x">&'</a>` };
    expect(render("{{ x }}", scope)).toBe("&lt;a href=&#34;x&#34;&gt;&amp;&#39;&lt;/a&gt;");
    expect(render("{% echo x %}", scope)).toBe("&lt;a href=&#34;x&#34;&gt;&amp;&#39;&lt;/a&gt;");
    expect(render("{{ x | raw }}", scope)).toBe(scope.x);
    expect(plain.parseAndRenderSync("{{ x }}", scope)).toBe(scope.x);
  });

  it("offers exactly the listed tags", () => {
    expect(Object.keys(liquid.tags).sort()).toEqual([...EMAIL_LIQUID_TAGS].sort());
    for (const tag of ["include", "render", "layout", "block"]) {
      expect(() => liquid.parse(`{% ${tag} 'x' %}`)).toThrow(`tag "${tag}" not found`);
    }
  });

  it("offers exactly the listed filters, and no money or clock filters", () => {
    expect(Object.keys(liquid.filters).sort()).toEqual([...EMAIL_LIQUID_FILTERS].sort());
    for (const filter of [
      "money",
      "money_with_currency",
      "sample",
      "date_to_string",
      "sha256",
      "where_exp",
      "nope",
    ]) {
      expect(() => liquid.parse(`{{ x | ${filter} }}`)).toThrow(`undefined filter: ${filter}`);
    }
  });

  it("supports the everyday Liquid", () => {
    const scope = { items: [{ n: "b" }, { n: "a" }], name: "  alex " };
    const source =
      "{% assign sorted = items | sort: 'n' | map: 'n' %}{{ sorted | join: ',' }}|" +
      "{{ name | strip | capitalize }}|{% case 2 %}{% when 2 %}two{% endcase %}|" +
      "{% for i in (1..3) %}{% unless forloop.first %},{% endunless %}{{ i | times: 2 }}{% endfor %}|" +
      "{% capture c %}{{ 'x' | upcase }}{% endcapture %}{{ c }}|{% raw %}{{ kept }}{% endraw %}|" +
      "{{ missing | default: 'fallback' }}{% comment %}{{ hidden }}{% endcomment %}";
    expect(render(source, scope)).toBe("a,b|Alex|two|2,4,6|X|{{ kept }}|fallback");
  });

  it("charges captured and written text against the memory limit", () => {
    const doubling =
      "{% assign s = 'xxxxxxxx' %}{% for i in (1..40) %}{% capture s %}{{ s }}{{ s }}{% endcapture %}{% endfor %}";
    expect(() => plain.parseAndRenderSync(doubling)).toThrow(/memory alloc limit exceeded/);
  });

  it("stops a render that runs past the time limit", () => {
    expect(() =>
      liquid.parseAndRenderSync(
        "{% for i in (1..1000) %}{% for j in (1..1000) %}{{ j }}{% endfor %}{% endfor %}",
      ),
    ).toThrow(/limit exceeded/);
  });

  it("bounds nesting and size before parsing", () => {
    const nested = (n: number) => "{% if true %}".repeat(n) + "x" + "{% endif %}".repeat(n);
    expect(render(nested(EMAIL_LIQUID_LIMITS.blockDepth))).toBe("x");
    expect(() => liquid.parse(nested(EMAIL_LIQUID_LIMITS.blockDepth + 1))).toThrow(
      TemplateShapeError,
    );

    const liquidTag = (n: number) =>
      `{% liquid\n${"if true\n".repeat(n)}echo 'x'\n${"endif\n".repeat(n)}%}`;
    expect(render(liquidTag(EMAIL_LIQUID_LIMITS.blockDepth))).toBe("x");
    expect(() => liquid.parse(liquidTag(EMAIL_LIQUID_LIMITS.blockDepth + 1))).toThrow(
      /nested more than 32/,
    );

    const brackets = (n: number) => `{{ a${"[a".repeat(n)}${"]".repeat(n)} }}`;
    expect(render(brackets(EMAIL_LIQUID_LIMITS.bracketDepth))).toBe("");
    expect(() => liquid.parse(brackets(EMAIL_LIQUID_LIMITS.bracketDepth + 1))).toThrow(
      /Brackets are nested/,
    );
    // Brackets inside string literals are just text.
    expect(render(`{{ '${"[".repeat(100)}' | size }}`)).toBe("100");

    expect(() => liquid.parse("{{ x }}".repeat(EMAIL_LIQUID_LIMITS.markupTokens + 1))).toThrow(
      /more than 5000 tags and outputs/,
    );

    // Tags in a comment are never parsed, so they neither nest nor count.
    const commented =
      "{% comment %}{% if a %}{% endcomment %}".repeat(100) +
      nested(EMAIL_LIQUID_LIMITS.blockDepth);
    expect(render(commented)).toBe("x");
  });

  it("reports where the limit was crossed", () => {
    const source = "{% if a %}\n".repeat(32) + "  {% for x in y %}";
    try {
      liquid.parse(source);
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ line: 33, column: 3 });
    }
  });
});
