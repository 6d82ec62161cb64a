import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { defaultTemplate } from "~/domain/email/default-templates";
import {
  EMAIL_TEMPLATE_LIMITS,
  EmailRenderError,
  renderEmail,
  validateTemplate,
  type EmailTemplateSource,
} from "~/domain/email/render";
import { emailVariables, sampleEmailContext } from "~/domain/email/variables";

const OUT_FOR_DELIVERY = {
  key: "out_for_delivery",
  label: "Out for delivery",
  description: "Your package is out for delivery and will arrive soon.",
};

function variablesWith(orderName: string, locale = "en") {
  const ctx = sampleEmailContext(OUT_FOR_DELIVERY, locale);
  ctx.order.name = orderName;
  return emailVariables(ctx);
}

function template(parts: Partial<EmailTemplateSource>): EmailTemplateSource {
  return {
    subject: "Order {{ order.name }}",
    html: "<p>{{ order.name }}</p>",
    text: "{{ order.name }}",
    ...parts,
  };
}

async function renderError(promise: Promise<unknown>): Promise<EmailRenderError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(EmailRenderError);
  return error as EmailRenderError;
}

describe("renderEmail output", () => {
  const script = "<script>alert(1)</script>";

  it("escapes HTML, keeps text and subject literal", async () => {
    const email = await renderEmail(template({}), variablesWith(script));
    expect(email.html).toBe("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>");
    expect(email.text).toBe(`${script}\n`);
    expect(email.subject).toBe(`Order ${script}`);
  });

  it("escapes data in the default template's HTML", async () => {
    const email = await renderEmail(defaultTemplate("delivered", "en"), variablesWith(script));
    expect(email.html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(email.html).not.toContain("<script");
    expect(email.text).toContain(script);
  });

  it("never lets data break the subject onto a new header line", async () => {
    for (const name of [
      "#1001\r\nBcc: x@y",
      "#1001\nBcc: x@y",
      "#1001\rBcc: x@y",
      "#1001\u2028Bcc:\u0085x@y\t",
    ]) {
      const email = await renderEmail(defaultTemplate("delivered", "en"), variablesWith(name));
      expect(email.subject).not.toMatch(/[\r\n\u2028\u2029\u0085]/);
      expect(email.subject).toMatch(/^Order #1001 Bcc: ?x@y: Out for delivery$/);
    }
  });

  it("collapses whitespace in the subject and trims it", async () => {
    const email = await renderEmail(
      template({ subject: "  {% if order.name %}\n  Order   {{ order.name }}\t{% endif %}\n" }),
      variablesWith("#1001"),
    );
    expect(email.subject).toBe("Order #1001");
  });

  it("keeps ampersands and quotes literal in text, escaped in HTML", async () => {
    const email = await renderEmail(template({}), variablesWith(`Tom & Jerry's "shop"`));
    expect(email.text).toBe(`Tom & Jerry's "shop"\n`);
    expect(email.html).toBe("<p>Tom &amp; Jerry&#39;s &#34;shop&#34;</p>");
  });

  it("prints trusted markup with raw, and escapes only once with escape", async () => {
    const email = await renderEmail(
      template({
        html: "{{ order.name | raw }}|{{ order.name | escape }}|{{ order.name | escape_once }}",
      }),
      variablesWith("<b>&amp;</b>"),
    );
    expect(email.html).toBe("<b>&amp;</b>|&lt;b&gt;&amp;amp;&lt;/b&gt;|&lt;b&gt;&amp;&lt;/b&gt;");
  });

  it("renders unknown variables as nothing and hides prototypes", async () => {
    const email = await renderEmail(
      template({
        html: "[{{ nope }}|{{ order.nope.deeper }}|{{ shop.constructor }}|{{ order.__proto__ }}|{{ fulfillments.constructor }}]",
      }),
      variablesWith("#1001"),
    );
    expect(email.html).toBe("[||||]");
  });

  it("truncates a subject longer than 250 characters", async () => {
    const email = await renderEmail(
      template({ subject: "{{ order.name }}" }),
      variablesWith("x".repeat(400)),
    );
    expect([...email.subject]).toHaveLength(EMAIL_TEMPLATE_LIMITS.subjectChars);
    expect(email.subject.endsWith("…")).toBe(true);
  });

  it("tidies blank lines and trailing spaces that tags leave in the text part", async () => {
    const email = await renderEmail(
      template({ text: "\n\nA   \n{% if true %}\n\n\n\n{% endif %}\nB\n\n\n" }),
      variablesWith("#1001"),
    );
    expect(email.text).toBe("A\n\nB\n");
  });
});

describe("renderEmail failures", () => {
  it("rejects a subject that renders empty", async () => {
    const error = await renderError(renderEmail(template({ subject: "{{ nothing }}" }), {}));
    expect(error.issues).toEqual([
      { part: "subject", message: "Subject rendered empty", line: 1, column: 1 },
    ]);
  });

  it("rejects syntax errors with their positions", async () => {
    const error = await renderError(
      renderEmail(template({ html: "<p>\n  {% if x %}", text: "{{ x | shout }}" }), {}),
    );
    expect(error.issues).toEqual([
      { part: "html", message: expect.stringContaining("not closed"), line: 2, column: 3 },
      { part: "text", message: 'Unknown filter "shout"', line: 1, column: 1 },
    ]);
    expect(error.message).toContain("html (line 2, column 3)");
  });

  const runaway: [string, string][] = [
    ["a hundred-million-step loop", "{% for i in (1..100000000) %}x{% endfor %}"],
    [
      "nested loops",
      "{% for i in (1..10000) %}{% for j in (1..10000) %}{{ j }}{% endfor %}{% endfor %}",
    ],
    [
      "a doubling capture",
      "{% assign s = 'xxxxxxxx' %}{% for i in (1..64) %}{% capture s %}{{ s }}{{ s }}{% endcapture %}{% endfor %}{{ s | size }}",
    ],
    [
      "a doubling append",
      "{% assign s = 'xxxxxxxx' %}{% for i in (1..64) %}{% assign s = s | append: s %}{% endfor %}{{ s }}",
    ],
    ["a huge body repeated", `{% for i in (1..1000000) %}${"y".repeat(40_000)}{% endfor %}`],
    ["a million table cells", "{% tablerow i in (1..1000000) cols:3 %}{{ i }}{% endtablerow %}"],
  ];

  // The message names the limit that stopped it (time or output), not a completed render.
  it.each(runaway)("stops %s with EmailRenderError", async (_name, html) => {
    for (const part of ["html", "text"] as const) {
      const error = await renderError(
        renderEmail(template({ [part]: html }), variablesWith("#1001")),
      );
      expect(error.issues).toHaveLength(1);
      expect(error.issues[0]).toMatchObject({ part });
      expect(error.issues[0]!.message).toMatch(/too long to render|too much output/);
    }
    const issues = await validateTemplate(template({ html }));
    expect(issues).toEqual([expect.objectContaining({ part: "html" })]);
  });

  it("rejects deep nesting before it can exhaust the stack", async () => {
    const deep = "{% if true %}".repeat(5000) + "x" + "{% endif %}".repeat(5000);
    const error = await renderError(renderEmail(template({ html: deep }), {}));
    expect(error.issues[0]!.message).toMatch(/nested more than 32 levels/);
  });

  it("throws nothing but EmailRenderError, whatever the template and data", async () => {
    const fragment = fc.constantFrom(
      "{{",
      "}}",
      "{%",
      "%}",
      "{%-",
      "-%}",
      " ",
      "\n",
      "x",
      "order.name",
      "if",
      "endif",
      "for",
      "in",
      "endfor",
      "(1..3)",
      "|",
      ":",
      "'",
      '"',
      "date",
      "raw",
      "upcase",
      "include",
      "assign",
      "=",
      "capture",
      "endcapture",
      "liquid",
      "echo",
      "case",
      "when",
      "[",
      "]",
      "..",
      "size",
      "1",
      "nil",
      "divided_by",
      "0",
      "sort",
      "where",
      "cycle",
      ",",
      "{% comment %}",
      "{% endcomment %}",
    );
    const source = fc.array(fragment, { maxLength: 40 }).map((parts) => parts.join(""));
    const data = fc.dictionary(fc.string({ maxLength: 8 }), fc.anything({ maxDepth: 3 }));
    await fc.assert(
      fc.asyncProperty(source, source, data, async (subject, body, extra) => {
        const variables = { ...variablesWith("#1001"), ...extra };
        try {
          const email = await renderEmail({ subject, html: body, text: body }, variables);
          expect(email.subject).not.toMatch(/[\r\n]/);
        } catch (error) {
          expect(error).toBeInstanceOf(EmailRenderError);
          for (const issue of (error as EmailRenderError).issues) {
            expect(issue.line).toBeGreaterThanOrEqual(1);
            expect(issue.column).toBeGreaterThanOrEqual(1);
          }
        }
        expect(() => validateTemplate({ subject, html: body, text: body })).not.toThrow();
      }),
      { numRuns: 300 },
    );
  });
});

describe("validateTemplate", () => {
  it("accepts a well-formed template", () => {
    expect(validateTemplate(template({}))).toEqual([]);
  });

  it("reports an unknown filter with its line and column", () => {
    const html = "<table>\n<tr>\n    {{ order.name | shout }}\n</tr>";
    expect(validateTemplate(template({ html }))).toEqual([
      { part: "html", message: 'Unknown filter "shout"', line: 3, column: 5 },
    ]);
  });

  it("reports an unclosed block where it opens", () => {
    const text = "Hi\n\n  {% if order.name %}\nOrder {{ order.name }}";
    expect(validateTemplate(template({ text }))).toEqual([
      { part: "text", message: "tag {% if order.name %} not closed", line: 3, column: 3 },
    ]);
  });

  it("reports an unclosed output", () => {
    expect(validateTemplate(template({ subject: "Order {{ order.name" }))).toEqual([
      { part: "subject", message: expect.stringContaining("not closed"), line: 1, column: 7 },
    ]);
  });

  it.each(["include", "render", "layout", "block"])(
    "rejects {%% %s %%}: no partials or files",
    (tag) => {
      const html = `<p>\n{% ${tag} 'header' %}`;
      expect(validateTemplate(template({ html }))).toEqual([
        {
          part: "html",
          message: expect.stringMatching(new RegExp(`^\\{% ${tag} %\\} is not available`)),
          line: 2,
          column: 1,
        },
      ]);
    },
  );

  it("reports an unknown tag", () => {
    expect(validateTemplate(template({ text: "a\nb {% shout %}" }))).toEqual([
      { part: "text", message: 'Unknown tag "shout"', line: 2, column: 3 },
    ]);
  });

  it.each(["", "   ", "\n"])("rejects an empty subject (%j)", (subject) => {
    expect(validateTemplate(template({ subject }))).toEqual([
      { part: "subject", message: "Subject is empty", line: 1, column: 1 },
    ]);
  });

  it("rejects a subject that renders empty, multi-line or too long", () => {
    expect(validateTemplate(template({ subject: "{{ nothing }}" }))).toEqual([
      { part: "subject", message: "Subject renders empty", line: 1, column: 1 },
    ]);
    expect(validateTemplate(template({ subject: "Order {{ order.name }}\nBcc: x" }))).toEqual([
      { part: "subject", message: "Subject must be a single line", line: 1, column: 23 },
    ]);
    expect(validateTemplate(template({ subject: "{{ stage.description }}".repeat(6) }))).toEqual([
      { part: "subject", message: "Subject is longer than 250 characters", line: 1, column: 1 },
    ]);
  });

  it("enforces the size limits in UTF-8 bytes", () => {
    expect(validateTemplate(template({ html: "a".repeat(200 * 1024) }))).toEqual([]);
    expect(validateTemplate(template({ html: "a".repeat(200 * 1024 + 1) }))).toEqual([
      { part: "html", message: "HTML is larger than 200 KB", line: 1, column: 1 },
    ]);
    expect(validateTemplate(template({ text: "a".repeat(50 * 1024) }))).toEqual([]);
    // 20,000 characters, 60,000 bytes.
    expect(validateTemplate(template({ text: "€".repeat(20_000) }))).toEqual([
      { part: "text", message: "Plain text is larger than 50 KB", line: 1, column: 1 },
    ]);
  });

  it("reports render-time problems found with sample data", () => {
    const text = 'Arrives\n {{ estimated_delivery | date: "%B %d" }}';
    expect(validateTemplate(template({ text }))).toEqual([
      {
        part: "text",
        message: expect.stringMatching(/^unknown date format "%B %d"/),
        line: 2,
        column: 2,
      },
    ]);
  });

  it("reports every broken part, in part order", () => {
    const issues = validateTemplate({ subject: "", html: "{% frob %}", text: "{{ a | b }}" });
    expect(issues.map((i) => i.part)).toEqual(["subject", "html", "text"]);
  });

  it("validates with the caller's sample data when given", () => {
    const source = template({ subject: "{{ stage.label }}" });
    const empty = emailVariables(
      sampleEmailContext({ key: "x", label: "", description: "" }, "en"),
    );
    expect(validateTemplate(source)).toEqual([]);
    expect(validateTemplate(source, empty)).toEqual([
      { part: "subject", message: "Subject renders empty", line: 1, column: 1 },
    ]);
  });
});
