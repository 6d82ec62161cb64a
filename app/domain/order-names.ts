// How a shopper's order name finds the stored order. Shops set any prefix and suffix ("#1001",
// "SO-8102", "#Ö1001", "#1001-Å", "№4100"), and shoppers type names as their keyboard and
// memory give them: with or without "#", in another case, with spaces or dashes, with
// full-width or other Unicode digits. The key keeps what identifies the order (letters and
// digits, compatibility-normalized, lower-cased, digits as ASCII) and drops the rest.
//
// This file is also imported by the migration runner (scripts/lib/order-name-keys.mjs, plain
// Node), so it has no imports and only erasable TypeScript.

/**
 * The lookup key of an order name ("#1001", "1001" and " #1001 " → "1001"; "#SE 4101" →
 * "se4101"; "＃１００１" → "1001"). Webhooks store it, the storefront lookup searches by it.
 */
export function normalizeOrderName(name: string): string {
  return asciiDigits(name.normalize("NFKC"))
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, "");
}

const DECIMAL_DIGIT = /\p{Nd}/u;

/**
 * Every decimal digit as its ASCII digit ("٤" → "4"). Unicode keeps each script's digits in a
 * contiguous run from 0 to 9, so a digit's value is its distance from the start of its run.
 */
export function asciiDigits(text: string): string {
  return text.replace(/\p{Nd}/gu, (digit) => {
    const code = digit.codePointAt(0)!;
    if (code < 128) return digit;
    let first = code;
    while (DECIMAL_DIGIT.test(String.fromCodePoint(first - 1))) first--;
    return String((code - first) % 10);
  });
}
