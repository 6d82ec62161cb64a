// Shopify's numeric ids (e.g. 820982911946154508) exceed 2^53, so plain JSON.parse silently
// rounds them. parseJsonLossless keeps such integers exact (as decimal strings) and turns every
// number under an `id`/`*_id` key into a string, as ids are strings everywhere in Stageline.
//
// It is on the webhook hot path, so instead of a JSON.parse reviver (which costs a callback per
// value) it scans the text once, quotes exactly those number tokens, and hands the result to
// plain JSON.parse. Invalid JSON is left for JSON.parse to reject, except in the number tokens it
// quotes: those are checked against JSON's number grammar here (quoted, "00012" would pass).

const INTEGER_LITERAL = /^-?\d+$/;
const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const QUOTE = 34;
const BACKSLASH = 92;
const COLON = 58;

function isIdKey(key: string): boolean {
  return key === "id" || key.endsWith("_id");
}

function isNumberChar(code: number): boolean {
  // digits . e E + -
  return (
    (code >= 48 && code <= 57) ||
    code === 46 ||
    code === 101 ||
    code === 69 ||
    code === 43 ||
    code === 45
  );
}

/** Index of the closing quote of the string starting at `start`, or -1 when unterminated. */
function stringEnd(text: string, start: number): number {
  let from = start + 1;
  for (;;) {
    const quote = text.indexOf('"', from);
    if (quote === -1) return -1;
    let slashes = 0;
    for (let b = quote - 1; text.charCodeAt(b) === BACKSLASH; b--) slashes++;
    if (slashes % 2 === 0) return quote;
    from = quote + 1;
  }
}

function previousSignificant(text: string, index: number): number {
  let p = index;
  while (p >= 0 && text.charCodeAt(p) <= 32) p--;
  return p;
}

/** JSON.parse that keeps unsafe integers exact and makes `id`/`*_id` values strings. */
export function parseJsonLossless(text: string): unknown {
  const parts: string[] = [];
  let copied = 0;
  let keyStart = -1;
  let keyEnd = -1; // index of the closing quote of the last string token
  for (let i = 0; i < text.length;) {
    const code = text.charCodeAt(i);
    if (code === QUOTE) {
      const end = stringEnd(text, i);
      if (end === -1) return JSON.parse(text); // unterminated: JSON.parse throws
      keyStart = i;
      keyEnd = end;
      i = end + 1;
      continue;
    }
    if (code === 45 || (code >= 48 && code <= 57)) {
      let j = i + 1;
      while (j < text.length && isNumberChar(text.charCodeAt(j))) j++;
      const token = text.slice(i, j);
      let quote = INTEGER_LITERAL.test(token) && !Number.isSafeInteger(Number(token));
      if (!quote) {
        // A member value: the previous significant character is ':' right after the key string.
        const colon = previousSignificant(text, i - 1);
        if (text.charCodeAt(colon) === COLON && previousSignificant(text, colon - 1) === keyEnd) {
          quote = isIdKey(JSON.parse(text.slice(keyStart, keyEnd + 1)) as string);
        }
      }
      if (quote) {
        if (!JSON_NUMBER.test(token)) {
          throw new SyntaxError(
            `Unexpected number ${JSON.stringify(token)} in JSON at position ${i}`,
          );
        }
        parts.push(text.slice(copied, i), '"', token, '"');
        copied = j;
      }
      i = j;
      continue;
    }
    i++;
  }
  if (parts.length > 0) parts.push(text.slice(copied));
  const value: unknown = JSON.parse(parts.length ? parts.join("") : text);
  // U+0000 can only arrive escaped; the scan for it is cheap, the walk rare.
  return text.includes("\\u0000") ? withoutNul(value) : value;
}

/**
 * Replaces U+0000 in every string with U+FFFD. PostgreSQL text cannot hold it (the write fails,
 * the delivery would answer 5xx and be retried for days); SQLite could, and both databases must
 * store the same thing.
 */
function withoutNul(value: unknown): unknown {
  if (typeof value === "string") return value.replaceAll("\0", "\uFFFD");
  if (Array.isArray(value)) return value.map(withoutNul);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([key, v]) => [withoutNul(key) as string, withoutNul(v)]),
    );
  }
  return value;
}
