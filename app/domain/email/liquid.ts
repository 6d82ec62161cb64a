// The one Liquid engine every email template runs on: on the server when sending and in the
// browser for the editor's live preview. Merchants write these templates, so the engine is locked
// down: no files, a fixed set of tags and filters, and hard limits on time and memory.
import {
  Liquid,
  Tokenizer,
  toValue,
  TypeGuards,
  type Context,
  type Emitter,
  type FilterImplOptions,
  type Template,
} from "liquidjs";

/** Resource limits of one render (or parse) of one template part. */
export const EMAIL_LIQUID_LIMITS = {
  /** Characters parsed per template part; the largest part (HTML) may be 200 KB. */
  parseLimit: 200 * 1024,
  /** Wall-clock budget of one render, in ms. Real templates render in a few ms. */
  renderLimitMs: 500,
  /**
   * Allocation budget of one render, in characters or array cells: ranges, string filters and
   * every character written to the output (including `capture`) count against it.
   */
  memoryLimit: 2_000_000,
  /** Tags and outputs per template part (a rich email has a few hundred); bounds parse time. */
  markupTokens: 5_000,
  /** Nested blocks (if, for, case…): liquidjs parses and renders them recursively. */
  blockDepth: 32,
  /** Nested brackets and parentheses inside one tag or output, parsed recursively too. */
  bracketDepth: 16,
} as const;

/**
 * Tags a template may use. `include`, `render`, `layout` and `block` are absent on purpose:
 * templates are self-contained and can never read files or other templates.
 */
export const EMAIL_LIQUID_TAGS = [
  "assign",
  "capture",
  "case",
  "comment",
  "cycle",
  "decrement",
  "echo",
  "for",
  "break",
  "continue",
  "if",
  "increment",
  "liquid",
  "raw",
  "tablerow",
  "unless",
  "#",
] as const;

/**
 * Standard Liquid filters a template may use, plus `date` (localised, see below) and `raw`.
 * Not offered: money filters (emails carry no prices), clock- or server-dependent filters
 * (`date_to_*`, `sample`), hashing, and liquidjs-only expression filters.
 */
export const EMAIL_LIQUID_FILTERS = [
  "abs",
  "append",
  "at_least",
  "at_most",
  "capitalize",
  "ceil",
  "compact",
  "concat",
  "date",
  "default",
  "divided_by",
  "downcase",
  "escape",
  "escape_once",
  "find",
  "find_index",
  "first",
  "floor",
  "has",
  "join",
  "json",
  "last",
  "lstrip",
  "map",
  "minus",
  "modulo",
  "newline_to_br",
  "plus",
  "prepend",
  "raw",
  "reject",
  "remove",
  "remove_first",
  "remove_last",
  "replace",
  "replace_first",
  "replace_last",
  "reverse",
  "round",
  "rstrip",
  "size",
  "slice",
  "sort",
  "sort_natural",
  "split",
  "strip",
  "strip_html",
  "strip_newlines",
  "sum",
  "times",
  "truncate",
  "truncatewords",
  "uniq",
  "upcase",
  "url_decode",
  "url_encode",
  "where",
] as const;

/** Formats of the `date` filter, as `Intl.DateTimeFormat` options. */
export const EMAIL_DATE_FORMATS = {
  /** "1/14/25" · "2025-01-14" */
  short: { dateStyle: "short" },
  /** "January 14, 2025" · "14 januari 2025" (the default) */
  long: { dateStyle: "long" },
  /** "Tuesday, January 14" · "tisdag 14 januari": a delivery day, no year */
  date: { weekday: "long", month: "long", day: "numeric" },
  /** "January 14, 2025 at 3:30 PM" · "14 januari 2025 15:30" */
  datetime: { dateStyle: "long", timeStyle: "short" },
} as const satisfies Record<string, Intl.DateTimeFormatOptions>;

export type EmailDateFormat = keyof typeof EMAIL_DATE_FORMATS;

type FilterHandler = Extract<FilterImplOptions, (...args: never[]) => unknown>;

export interface EmailLiquidOptions {
  /** HTML-escape every output (HTML part). Off for the subject and the plain-text part. */
  escape?: boolean;
}

/**
 * A configured Liquid engine for email templates.
 *
 * - Output is HTML-escaped by default (`escape: true`). `{{ value | raw }}` prints a value as is;
 *   use it only for trusted markup, and only as the last filter. `escape` and `escape_once` mark
 *   their output as already escaped, so `{{ x | escape }}` is not escaped twice.
 * - Unknown filters fail at parse time; unknown variables render as nothing.
 * - Only own properties of the variables are visible (no `constructor`, no prototype).
 * - `{{ iso | date: "long" }}` formats an ISO instant in the template's `locale` variable and the
 *   shop's `shop.timezone` (UTC when unset); an optional second argument names another IANA zone.
 */
export function createEmailLiquid(options: EmailLiquidOptions = {}): Liquid {
  const escape = options.escape ?? true;
  const liquid = new Liquid({
    outputEscape: escape ? "escape" : undefined,
    strictFilters: true,
    strictVariables: false,
    ownPropertyOnly: true,
    // An empty in-memory template map: even a re-enabled include could not reach the disk.
    templates: {},
    relativeReference: false,
    dynamicPartials: false,
    cache: false,
    jsTruthy: false,
    parseLimit: EMAIL_LIQUID_LIMITS.parseLimit,
    renderLimit: EMAIL_LIQUID_LIMITS.renderLimitMs,
    memoryLimit: EMAIL_LIQUID_LIMITS.memoryLimit,
  });

  const allowedTags = new Set<string>(EMAIL_LIQUID_TAGS);
  for (const name of Object.keys(liquid.tags)) {
    if (!allowedTags.has(name)) delete liquid.tags[name];
  }

  const builtIn: Record<string, FilterImplOptions> = { ...liquid.filters };
  for (const name of Object.keys(liquid.filters)) liquid.unregisterFilter(name);
  for (const name of EMAIL_LIQUID_FILTERS) {
    const filter = builtIn[name];
    if (filter) liquid.registerFilter(name, filter);
  }
  liquid.registerFilter("date", formatDateFilter);
  // Already-escaped output must not be escaped again by outputEscape.
  liquid.registerFilter("escape", { handler: filterHandler(builtIn.escape), raw: true });
  liquid.registerFilter("escape_once", { handler: filterHandler(builtIn.escape_once), raw: true });

  chargeEveryOutput(liquid);
  checkShapeBeforeParsing(liquid);
  return liquid;
}

/** A template rejected before parsing; line and column are 1-based. */
export class TemplateShapeError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
    this.name = "TemplateShapeError";
  }
}

const BLOCK_TAGS = new Set(["if", "unless", "for", "case", "capture", "tablerow", "raw"]);

// liquidjs parses nested blocks and brackets by recursion. Near the stack limit V8 may abort the
// whole process instead of throwing (seen with irregexp), so depth is bounded up front, from
// liquidjs's own (iterative) tokenizer. Token count bounds parse time the same way.
function checkShapeBeforeParsing(liquid: Liquid): void {
  const parse = liquid.parse.bind(liquid);
  liquid.parse = (html: string, filepath?: string) => {
    checkTemplateShape(liquid, html);
    return parse(html, filepath);
  };
}

function checkTemplateShape(liquid: Liquid, source: string): void {
  const limits = EMAIL_LIQUID_LIMITS;
  const tokens = new Tokenizer(source, liquid.options.operators).readTopLevelTokens(liquid.options);
  let count = 0;
  let depth = 0;
  let inComment = false;
  for (const token of tokens) {
    const fail = (message: string): never => {
      const [line, column] = token.getPosition();
      throw new TemplateShapeError(message, line, column);
    };
    let markups: { name: string | null; text: string }[];
    if (TypeGuards.isTagToken(token)) {
      markups =
        token.name === "liquid"
          ? new Tokenizer(token.args, liquid.options.operators)
              .readLiquidTagTokens(liquid.options)
              .map((line) => ({ name: line.name, text: line.args }))
          : [{ name: token.name, text: token.args }];
    } else if (TypeGuards.isOutputToken(token)) {
      markups = [{ name: null, text: token.content }];
    } else continue; // plain text
    for (const markup of markups) {
      // liquidjs skips everything up to the first endcomment without parsing it.
      if (inComment) {
        inComment = markup.name !== "endcomment";
        continue;
      }
      if (markup.name === "comment") {
        inComment = true;
        continue;
      }
      if (++count > limits.markupTokens) {
        fail(`Template has more than ${limits.markupTokens} tags and outputs`);
      }
      if (markup.name && BLOCK_TAGS.has(markup.name) && ++depth > limits.blockDepth) {
        fail(`Blocks are nested more than ${limits.blockDepth} levels deep`);
      }
      if (markup.name?.startsWith("end") && BLOCK_TAGS.has(markup.name.slice(3))) {
        depth = Math.max(0, depth - 1);
      }
      if (bracketDepth(markup.text) > limits.bracketDepth) {
        fail(`Brackets are nested more than ${limits.bracketDepth} levels deep`);
      }
    }
  }
}

/** Deepest ( [ nesting outside Liquid string literals. */
function bracketDepth(markup: string): number {
  let depth = 0;
  let deepest = 0;
  let quote: string | null = null;
  for (const char of markup) {
    if (quote) {
      if (char === quote) quote = null;
    } else if (char === "'" || char === '"') quote = char;
    else if (char === "(" || char === "[") deepest = Math.max(deepest, ++depth);
    else if (char === ")" || char === "]") depth = Math.max(0, depth - 1);
  }
  return deepest;
}

function filterHandler(filter: FilterImplOptions | undefined): FilterHandler {
  if (!filter) throw new Error("liquidjs is missing a standard filter");
  return typeof filter === "function" ? filter : filter.handler;
}

// liquidjs charges its filters against memoryLimit, but not text written to an output buffer, so
// a loop or a doubling `capture` could build a huge string. Every buffer here charges what it
// receives, at the top level and inside `capture` alike.
function chargeEveryOutput(liquid: Liquid): void {
  const renderer = liquid.renderer;
  const renderTemplates = renderer.renderTemplates.bind(renderer);
  renderer.renderTemplates = (templates: Template[], ctx: Context, emitter?: Emitter) =>
    renderTemplates(templates, ctx, emitter ?? new ChargedEmitter(ctx));
}

class ChargedEmitter implements Emitter {
  buffer = "";
  constructor(private readonly ctx: Context) {}
  write(html: unknown): void {
    const text = outputText(html);
    this.ctx.memoryLimit.use(text.length);
    this.buffer += text;
  }
}

// Same conversion liquidjs applies when writing a value out.
function outputText(value: unknown): string {
  const resolved: unknown = toValue(value);
  if (typeof resolved === "string") return resolved;
  if (resolved === null || resolved === undefined) return "";
  if (Array.isArray(resolved)) return resolved.map(outputText).join("");
  return String(resolved);
}

// --- date ---------------------------------------------------------------------------------------

const formatterCache = new Map<string, Intl.DateTimeFormat>();

const formatDateFilter: FilterHandler = function (
  value: unknown,
  format?: unknown,
  zone?: unknown,
) {
  const name = format === undefined || format === null ? "long" : String(format);
  if (!Object.hasOwn(EMAIL_DATE_FORMATS, name)) {
    const known = Object.keys(EMAIL_DATE_FORMATS).map((f) => `"${f}"`);
    throw new Error(`unknown date format "${name}": use ${known.join(", ")}`);
  }
  const resolved: unknown = toValue(value);
  if (resolved === null || resolved === undefined || resolved === "") return "";
  const time =
    resolved instanceof Date
      ? resolved.getTime()
      : typeof resolved === "string"
        ? Date.parse(resolved)
        : NaN;
  // Like Shopify's date filter, a value that is not a date comes back unchanged.
  if (!Number.isFinite(time)) return resolved;
  const scope = this.context.environments as Record<string, unknown>;
  const locale = ownString(scope, "locale") ?? "en";
  const timeZone =
    (typeof zone === "string" && zone) || ownString(ownRecord(scope, "shop"), "timezone") || "UTC";
  return dateFormatter(locale, timeZone, name as EmailDateFormat).format(time);
};

/** Formatter for a locale and zone, falling back to English and UTC when either is invalid. */
export function dateFormatter(
  locale: string,
  timeZone: string,
  format: EmailDateFormat,
): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${format}`;
  let formatter = formatterCache.get(key);
  if (!formatter) {
    formatter =
      tryFormatter(locale, timeZone, format) ??
      tryFormatter("en", timeZone, format) ??
      tryFormatter(locale, "UTC", format) ??
      new Intl.DateTimeFormat("en", { ...EMAIL_DATE_FORMATS[format], timeZone: "UTC" });
    // Keys come from template data; keep the cache small whatever a template does.
    if (formatterCache.size >= 64) formatterCache.clear();
    formatterCache.set(key, formatter);
  }
  return formatter;
}

function tryFormatter(
  locale: string,
  timeZone: string,
  format: EmailDateFormat,
): Intl.DateTimeFormat | null {
  try {
    return new Intl.DateTimeFormat(locale, { ...EMAIL_DATE_FORMATS[format], timeZone });
  } catch {
    return null; // RangeError: malformed locale tag or unknown time zone
  }
}

function ownRecord(scope: unknown, key: string): Record<string, unknown> | null {
  if (!scope || typeof scope !== "object" || !Object.hasOwn(scope, key)) return null;
  const value = (scope as Record<string, unknown>)[key];
  return value && typeof value === "object" ? (value as Record<string, unknown>) : null;
}

function ownString(scope: unknown, key: string): string | null {
  if (!scope || typeof scope !== "object" || !Object.hasOwn(scope, key)) return null;
  const value = (scope as Record<string, unknown>)[key];
  return typeof value === "string" && value ? value : null;
}
