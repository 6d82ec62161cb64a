// Merchant templates, fuzzed (fast-check, seeded): any template built from the allowed tags and
// filters, rendered with order data in which every string is hostile, is either refused with
// EmailRenderError or renders an email whose HTML carries no markup from the data. Only the
// `raw` filter prints data as markup, so the generated templates never use it.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EMAIL_LIQUID_FILTERS } from "~/domain/email/liquid";
import { EmailRenderError, renderEmail, validateTemplate } from "~/domain/email/render";
import { emailVariables, sampleEmailContext, type EmailContext } from "~/domain/email/variables";

const SEED = 20261207;

/** Data that would become markup if printed unescaped (URL-encoded too, for url_decode). */
const HOSTILE = [
  "<script>alert(1)</script>",
  '"><img src=x onerror=alert(1)>',
  "'><svg onload=alert(1)>",
  "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
  "&lt;script&gt;alert(1)",
  "{{ 7 | times: 7 }}{% raw %}",
  "\u202e\u0000 注文 ✓",
];
/** What hostile data would look like had it reached the HTML as markup. */
const MARKUP = /<script>alert|<img src=x|<svg onload/i;

function hostileContext(pick: () => string): EmailContext {
  const ctx = sampleEmailContext({ key: "shipped", label: "", description: "" }, "en");
  const poison = (value: unknown): unknown => {
    if (typeof value === "string") return pick();
    if (Array.isArray(value)) return value.map(poison);
    if (value && typeof value === "object") {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, poison(v)]));
    }
    return value;
  };
  return { ...(poison(ctx) as EmailContext), locale: "en" };
}

const VARIABLES = [
  "shop.name",
  "shop.email",
  "shop.domain",
  "order.name",
  "order.customer.first_name",
  "order.order_status_url",
  "stage.label",
  "stage.description",
  "stage.key",
  "fulfillment.tracking_number",
  "fulfillment.tracking_company",
  "fulfillment.tracking_url",
  "lookup_url",
  "brand.logo_url",
  "item.tracking_number",
  "item.tracking_url",
  "item",
  "c",
  "a",
];
const FILTERS = EMAIL_LIQUID_FILTERS.filter((f) => f !== "raw" && f !== "date").map((f) =>
  ["append", "prepend", "remove", "replace", "split", "join", "default", "truncate"].includes(f)
    ? `${f}: "<b>"${f === "replace" ? ', "&lt;"' : ""}`
    : f,
);

const expression = fc
  .tuple(fc.constantFrom(...VARIABLES), fc.array(fc.constantFrom(...FILTERS), { maxLength: 3 }))
  .map(([name, filters]) => [name, ...filters].join(" | "));

const fragment: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom("<p>", "</p>", '<a href="', '">', "</a>", " text ", "\n", "<td>"),
  expression.map((e) => `{{ ${e} }}`),
  expression.map((e) => `{% echo ${e} %}`),
  expression.map((e) => `{% assign a = ${e} %}`),
  expression.map((e) => `{% capture c %}{{ ${e} }}{% endcapture %}`),
  expression.map(
    (e) => `{% for item in fulfillments %}{{ ${e} }}{% cycle item, "<i>" %}{% endfor %}`,
  ),
  expression.map((e) => `{% tablerow item in fulfillments %}{{ ${e} }}{% endtablerow %}`),
  expression.map((e) => `{% if ${e.split(" | ")[0]} %}{{ ${e} }}{% else %}-{% endif %}`),
  expression.map(
    (e) => `{% case ${e.split(" | ")[0]} %}{% when "x" %}x{% else %}{{ ${e} }}{% endcase %}`,
  ),
  expression.map((e) => `{% liquid\necho ${e}\n%}`),
  // Broken syntax the editor must refuse rather than crash on.
  fc.constantFrom("{{", "{% if %}", "{% for %}", "{{ x | nope }}", "{% include 'x' %}", "}}"),
);

const source = fc.array(fragment, { minLength: 1, maxLength: 12 }).map((parts) => parts.join(""));

describe("fuzzed merchant templates", () => {
  it("are refused, or render hostile data as text only", async () => {
    let rendered = 0;
    await fc.assert(
      fc.asyncProperty(
        source,
        source,
        fc.infiniteStream(fc.nat()),
        async (subject, html, picks) => {
          const iterator = picks[Symbol.iterator]();
          const ctx = hostileContext(() => HOSTILE[iterator.next().value % HOSTILE.length]!);
          const variables = emailVariables(ctx);
          expect(() => validateTemplate({ subject, html, text: html }, variables)).not.toThrow();
          let email;
          try {
            email = await renderEmail({ subject: `Order ${subject}`, html, text: html }, variables);
          } catch (error) {
            expect(error).toBeInstanceOf(EmailRenderError);
            return;
          }
          rendered++;
          expect(email.html, html).not.toMatch(MARKUP);
          expect(email.subject).not.toMatch(/[\r\n]/);
        },
      ),
      { seed: SEED, numRuns: 1500 },
    );
    // Most generated templates are valid: the property is about rendered emails.
    expect(rendered).toBeGreaterThan(300);
  }, 30_000);
});
