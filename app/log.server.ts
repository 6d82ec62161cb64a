// Log lines that outside input cannot forge or bloat: values from payloads, headers and query
// strings are quoted (JSON string syntax: CR, LF, NUL and other controls become escapes) and cut
// to a bounded length.

const MAX_VALUE_CHARS = 200;
const MAX_LINE_CHARS = 2000;

function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…(${text.length} chars)` : text;
}

/** An outside value as it goes into a log line: quoted, escaped, bounded. */
export function quoted(value: unknown, max = MAX_VALUE_CHARS): string {
  return JSON.stringify(cut(String(value), max));
}

/** A whole line from a library that may embed outside values: one line, bounded. */
export function singleLine(text: string, max = MAX_LINE_CHARS): string {
  // eslint-disable-next-line no-control-regex
  return cut(text, max).replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, (c) =>
    JSON.stringify(c).slice(1, -1),
  );
}
