// Shopify's numeric ids (e.g. 820982911946154508) exceed 2^53, so plain JSON.parse silently
// rounds them. This parser reads each number's source text (JSON.parse source-text access,
// Node 22+) to keep such integers exact, and turns every id into a string.

interface ReviverContext {
  source?: string;
}

/** A number written as an integer; exponent and fraction forms are floats and stay numbers. */
const INTEGER_LITERAL = /^-?\d+$/;

const SOURCE_TEXT_SUPPORTED = detectSourceTextSupport();

/** JSON.parse that keeps unsafe integers exact (decimal strings) and makes `id`/`*_id` strings. */
export function parseJsonLossless(text: string): unknown {
  if (!SOURCE_TEXT_SUPPORTED) {
    throw new Error("parseJsonLossless needs JSON.parse source text access (Node.js 22 or newer)");
  }
  return JSON.parse(text, reviveLossless);
}

function reviveLossless(key: string, value: unknown, context?: ReviverContext): unknown {
  const source = context?.source;
  if (typeof value !== "number" || source === undefined) return value;
  // Ids are strings everywhere in Stageline, whatever their size.
  if (isIdKey(key)) return source;
  if (Number.isSafeInteger(value) || !INTEGER_LITERAL.test(source)) return value;
  return source;
}

function isIdKey(key: string): boolean {
  return key === "id" || key.endsWith("_id");
}

function detectSourceTextSupport(): boolean {
  let supported = false;
  JSON.parse("1", (_key: string, value: unknown, context?: ReviverContext) => {
    supported = typeof context?.source === "string";
    return value;
  });
  return supported;
}
