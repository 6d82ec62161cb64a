// Validating and rendering a stage email template (SPEC §6): a broken template is rejected on save
// with its line and column, and at send time any failure surfaces as one error type.
import { type Liquid, type Template } from "liquidjs";
import { createEmailLiquid, EMAIL_LIQUID_LIMITS, TemplateShapeError } from "./liquid";
import { emailVariables, sampleEmailContext } from "./variables";

export interface EmailTemplateSource {
  subject: string;
  html: string;
  text: string;
}

export type TemplatePart = "subject" | "html" | "text";

export interface TemplateIssue {
  part: TemplatePart;
  message: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

/** Size limits of a template (source) and of a rendered subject. */
export const EMAIL_TEMPLATE_LIMITS = {
  subjectChars: 250,
  /** UTF-8 bytes of the source. */
  htmlBytes: 200 * 1024,
  textBytes: 50 * 1024,
} as const;

export class EmailRenderError extends Error {
  readonly issues: TemplateIssue[];
  constructor(issues: TemplateIssue[]) {
    const first = issues[0];
    super(
      first
        ? `Email template ${first.part} (line ${first.line}, column ${first.column}): ${first.message}`
        : "Email template could not be rendered",
    );
    this.name = "EmailRenderError";
    this.issues = issues;
  }
}

const PARTS: readonly TemplatePart[] = ["subject", "html", "text"];

// Engines are stateless between renders, so one of each serves every template.
let escapingEngine: Liquid | undefined;
let plainEngine: Liquid | undefined;

/** HTML escapes its output; the subject and the text part must not (no `&amp;` in plain text). */
function engineFor(part: TemplatePart): Liquid {
  if (part === "html") return (escapingEngine ??= createEmailLiquid({ escape: true }));
  return (plainEngine ??= createEmailLiquid({ escape: false }));
}

/**
 * Every problem of a template, for the editor and before saving: size limits, an empty or
 * multi-line subject, Liquid syntax (unknown tags or filters, unclosed blocks, include/render),
 * and failures of a render with sample data (time or memory limits, bad date formats, a subject
 * that renders empty or longer than 250 characters). Pass `sampleVariables` to check with the
 * stage and locale being edited.
 */
export function validateTemplate(
  source: EmailTemplateSource,
  sampleVariables?: Record<string, unknown>,
): TemplateIssue[] {
  const { templates, issues } = parseSource(source);
  const lineBreak = /\r\n?|\n/.exec(source.subject);
  if (lineBreak && source.subject.trim()) {
    issues.push({
      part: "subject",
      message: "Subject must be a single line",
      ...positionAt(source.subject, lineBreak.index),
    });
  }
  if (issues.length) return sortIssues(issues);

  const variables =
    sampleVariables ??
    emailVariables(
      sampleEmailContext(
        {
          key: "sample",
          label: "Out for delivery",
          description: "Your package is out for delivery and will arrive soon.",
        },
        "en",
      ),
    );
  for (const part of PARTS) {
    try {
      const output: unknown = engineFor(part).renderSync(templates[part]!, variables);
      if (part === "subject") issues.push(...subjectIssues(String(output ?? "")));
    } catch (error) {
      issues.push(issueFrom(part, error));
    }
  }
  return sortIssues(issues);
}

/**
 * Renders the three parts: the subject unescaped and flattened to one line (so data can never
 * add a header), the HTML escaped, the text unescaped. Throws EmailRenderError, and nothing else,
 * for any failure, time and memory limits included.
 */
export async function renderEmail(
  source: EmailTemplateSource,
  variables: Record<string, unknown>,
): Promise<RenderedEmail> {
  try {
    const { templates, issues } = parseSource(source);
    if (issues.length) throw new EmailRenderError(sortIssues(issues));
    const rendered: Partial<Record<TemplatePart, string>> = {};
    for (const part of PARTS) {
      try {
        const output: unknown = await engineFor(part).render(templates[part]!, variables);
        rendered[part] = typeof output === "string" ? output : String(output ?? "");
      } catch (error) {
        throw new EmailRenderError([issueFrom(part, error)]);
      }
    }
    const subject = singleLine(rendered.subject!);
    if (!subject) {
      throw new EmailRenderError([
        { part: "subject", message: "Subject rendered empty", line: 1, column: 1 },
      ]);
    }
    return {
      subject: truncate(subject, EMAIL_TEMPLATE_LIMITS.subjectChars),
      html: rendered.html!,
      text: tidyText(rendered.text!),
    };
  } catch (error) {
    if (error instanceof EmailRenderError) throw error;
    throw new EmailRenderError([issueFrom("subject", error)]);
  }
}

// --- parsing ------------------------------------------------------------------------------------

// Parsed templates are immutable and reusable: the dispatcher renders the same few templates for
// many emails, so recent parses are kept (least recently used dropped first). Failed parses are
// not kept.
const PARSED_KEPT = 32;
const parsed = new Map<string, Template[]>();

function parseCached(part: TemplatePart, text: string): Template[] {
  const key = `${part}\u0000${text}`;
  const hit = parsed.get(key);
  if (hit) {
    parsed.delete(key);
    parsed.set(key, hit);
    return hit;
  }
  const templates = engineFor(part).parse(text);
  parsed.set(key, templates);
  if (parsed.size > PARSED_KEPT) parsed.delete(parsed.keys().next().value!);
  return templates;
}

function parseSource(source: EmailTemplateSource): {
  templates: Partial<Record<TemplatePart, Template[]>>;
  issues: TemplateIssue[];
} {
  const templates: Partial<Record<TemplatePart, Template[]>> = {};
  const issues: TemplateIssue[] = [];
  for (const part of PARTS) {
    const text: unknown = source?.[part];
    if (typeof text !== "string") {
      issues.push({ part, message: `The ${part} is missing`, line: 1, column: 1 });
      continue;
    }
    const tooLarge = sizeIssue(part, text);
    if (tooLarge) {
      issues.push(tooLarge);
      continue; // not worth parsing
    }
    if (part === "subject" && !text.trim()) {
      issues.push({ part, message: "Subject is empty", line: 1, column: 1 });
      continue;
    }
    try {
      templates[part] = parseCached(part, text);
    } catch (error) {
      issues.push(issueFrom(part, error));
    }
  }
  return { templates, issues };
}

function sizeIssue(part: TemplatePart, text: string): TemplateIssue | null {
  if (part === "subject") {
    // A source far beyond any sane subject; the rendered length is checked separately.
    if (text.length <= 4 * EMAIL_TEMPLATE_LIMITS.subjectChars) return null;
    return { part, message: "Subject template is too long", line: 1, column: 1 };
  }
  const limit = part === "html" ? EMAIL_TEMPLATE_LIMITS.htmlBytes : EMAIL_TEMPLATE_LIMITS.textBytes;
  // Characters never outnumber UTF-8 bytes, and a byte count needs a copy: check cheaply first.
  if (text.length <= limit / 3) return null;
  if (text.length <= limit && new TextEncoder().encode(text).length <= limit) return null;
  const label = part === "html" ? "HTML" : "Plain text";
  return { part, message: `${label} is larger than ${limit / 1024} KB`, line: 1, column: 1 };
}

function subjectIssues(rendered: string): TemplateIssue[] {
  const subject = singleLine(rendered);
  if (!subject) return [{ part: "subject", message: "Subject renders empty", line: 1, column: 1 }];
  if ([...subject].length > EMAIL_TEMPLATE_LIMITS.subjectChars) {
    return [
      {
        part: "subject",
        message: `Subject is longer than ${EMAIL_TEMPLATE_LIMITS.subjectChars} characters`,
        line: 1,
        column: 1,
      },
    ];
  }
  return [];
}

// --- errors -------------------------------------------------------------------------------------

interface PositionedToken {
  getPosition(): [number, number];
}

function issueFrom(part: TemplatePart, error: unknown): TemplateIssue {
  if (error instanceof TemplateShapeError) {
    return { part, message: error.message, line: error.line, column: error.column };
  }
  const token = (error as { token?: PositionedToken } | null)?.token;
  let line = 1;
  let column = 1;
  if (token && typeof token.getPosition === "function") {
    try {
      [line, column] = token.getPosition();
    } catch {
      // keep 1:1
    }
  }
  return { part, message: describe(error), line, column };
}

function describe(error: unknown): string {
  const raw = error instanceof Error ? error.message : String(error);
  // liquidjs appends the position, which the issue carries separately.
  const message = raw.replace(/, line:\d+, col:\d+$/, "");
  let match: RegExpExecArray | null;
  if ((match = /^tag "(include|render|layout|block)" not found/.exec(message))) {
    return `{% ${match[1]} %} is not available in email templates: a template cannot load other templates or files`;
  }
  if ((match = /^tag "([^"]*)" not found/.exec(message))) return `Unknown tag "${match[1]}"`;
  if ((match = /^undefined filter: (.*)$/.exec(message))) return `Unknown filter "${match[1]}"`;
  if (message.startsWith("template render limit exceeded")) {
    return `Template takes too long to render (limit ${EMAIL_LIQUID_LIMITS.renderLimitMs} ms)`;
  }
  if (
    message.startsWith("memory alloc limit exceeded") ||
    /Invalid (string|array) length/.test(message)
  ) {
    return "Template produces too much output or data";
  }
  if (message.startsWith("parse length limit exceeded")) return "Template is too large";
  if (/Maximum call stack/.test(message)) return "Template is nested too deeply";
  return message || "Template could not be rendered";
}

function positionAt(text: string, index: number): { line: number; column: number } {
  const before = text.slice(0, index).split(/\r\n?|\n/);
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}

function sortIssues(issues: TemplateIssue[]): TemplateIssue[] {
  const order = (part: TemplatePart) => PARTS.indexOf(part);
  return issues.sort(
    (a, b) => order(a.part) - order(b.part) || a.line - b.line || a.column - b.column,
  );
}

// --- output -------------------------------------------------------------------------------------

/** Whitespace runs (CR/LF, tabs, Unicode line separators) become one space; controls go. */
function singleLine(value: string): string {
  return value
    .replace(/[\s\u0085]+/g, " ")
    .replace(/\p{Cc}/gu, "")
    .trim();
}

function truncate(value: string, maxChars: number): string {
  const chars = [...value];
  return chars.length <= maxChars
    ? value
    : chars
        .slice(0, maxChars - 1)
        .join("")
        .trimEnd() + "…";
}

/** Template tags leave blank lines and trailing spaces behind; plain text shows them. */
function tidyText(value: string): string {
  const tidy = value
    .replace(/\r\n?/g, "\n")
    .replace(/[ \t]+$/gm, "")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
  return tidy ? `${tidy}\n` : "";
}
