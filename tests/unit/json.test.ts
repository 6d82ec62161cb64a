import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseJsonLossless } from "~/shopify/json";
import { fixtureText } from "../fixtures/webhooks/factory";

describe("parseJsonLossless", () => {
  it("keeps an id beyond 2^53 exact", () => {
    const parsed = parseJsonLossless('{"id":820982911946154508}');
    expect(parsed).toEqual({ id: "820982911946154508" });
  });

  it("keeps unsafe integers exact under any key, nested in arrays too", () => {
    const parsed = parseJsonLossless(
      '{"total_weight":820982911946154508,"list":[9007199254740993,-9007199254740995]}',
    );
    expect(parsed).toEqual({
      total_weight: "820982911946154508",
      list: ["9007199254740993", "-9007199254740995"],
    });
  });

  it("turns every id and *_id number into a string, even small ones", () => {
    const parsed = parseJsonLossless('{"id":1,"order_id":548380009,"user_id":0,"app_id":null}');
    expect(parsed).toEqual({ id: "1", order_id: "548380009", user_id: "0", app_id: null });
  });

  it("leaves ordinary numbers alone", () => {
    const parsed = parseJsonLossless(
      '{"grams":100,"subtotal":89.99,"total_tax":0,"ratio":-1.5e-3,"big":1.5e300,"number":234}',
    );
    expect(parsed).toEqual({
      grams: 100,
      subtotal: 89.99,
      total_tax: 0,
      ratio: -0.0015,
      big: 1.5e300,
      number: 234,
    });
  });

  it("treats exponent and fraction forms as floats, not integers", () => {
    expect(parseJsonLossless('{"n":1e21,"m":9007199254740993.0}')).toEqual({
      n: 1e21,
      m: 9007199254740992,
    });
  });

  it("does not confuse keys that merely contain 'id'", () => {
    expect(parseJsonLossless('{"paid":1,"identity":2,"idle_ids":3}')).toEqual({
      paid: 1,
      identity: 2,
      idle_ids: 3,
    });
  });

  it("stores U+FFFD for U+0000, which PostgreSQL text cannot hold", () => {
    expect(parseJsonLossless('{"note":"a\\u0000b","list":["\\u0000"],"k\\u0000":1}')).toEqual({
      note: "a\uFFFDb",
      list: ["\uFFFD"],
      "k\uFFFD": 1,
    });
    expect(parseJsonLossless('{"note":"a\\\\u0000b"}')).toEqual({ note: "a\\u0000b" });
  });

  it("rejects invalid JSON like JSON.parse", () => {
    expect(() => parseJsonLossless("{nope")).toThrow(SyntaxError);
  });

  it.each([
    '{"id":00012}',
    '{"order_id":-012}',
    '{"id":1.}',
    '{"id":.5}',
    '{"id":1e}',
    '{"id":+1}',
    '{"id":1-2}',
    "[012345678901234567890]",
  ])("rejects %s: only JSON's number grammar, like JSON.parse", (text) => {
    expect(() => JSON.parse(text)).toThrow(SyntaxError);
    expect(() => parseJsonLossless(text)).toThrow(SyntaxError);
  });

  it("parses a Shopify example body with string ids", () => {
    const body = parseJsonLossless(fixtureText("orders/updated")) as Record<string, unknown>;
    expect(body.id).toBe("820982911946154500"); // the published example was already rounded
    expect(body.admin_graphql_api_id).toBe("gid://shopify/Order/820982911946154508");
    expect((body.customer as Record<string, unknown>).id).toBe("115310627314723950");
    expect(body.total_weight).toBe(0);
  });

  it("round-trips any integer exactly (property)", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), (n) => {
        const parsed = parseJsonLossless(`{"value":${n},"order_id":${n}}`) as Record<
          string,
          unknown
        >;
        const safe = n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER);
        expect(parsed.value).toEqual(safe ? Number(n) : n.toString());
        expect(parsed.order_id).toBe(n.toString());
      }),
    );
  });
});

// The definition of the result, written the slow, obvious way: a reviver that reads each
// number's source text (JSON.parse source-text access, Node 22).
function referenceParse(text: string): unknown {
  return JSON.parse(text, (key: string, value: unknown, context?: { source?: string }) => {
    const source = context?.source;
    if (typeof value !== "number" || source === undefined) return value;
    if (key === "id" || key.endsWith("_id")) return source;
    if (Number.isSafeInteger(value) || !/^-?\d+$/.test(source)) return value;
    return source;
  });
}

describe("parseJsonLossless against the reviver definition", () => {
  const keys = fc.constantFrom(
    "id",
    "order_id",
    "ids",
    "a",
    "valid",
    "x_id",
    'q"_id',
    "na\\me",
    "",
  );
  const leaf = fc.oneof(
    fc.integer(),
    fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map((n) => ({ __raw: n.toString() })),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.string(),
    fc.constantFrom("12:34", '"5"', 'a\\"b', "-1"),
    fc.boolean(),
    fc.constant(null),
  );
  const tree = fc.letrec((tie) => ({
    node: fc.oneof(
      { depthSize: "small" },
      leaf,
      fc.array(tie("node"), { maxLength: 4 }),
      fc.dictionary(keys, tie("node"), { maxKeys: 4 }),
    ),
  })).node;
  const toText = (value: unknown, spaced: boolean) =>
    JSON.stringify(value, null, spaced ? 2 : undefined).replace(
      /\{\s*"__raw":\s*"(-?\d+)"\s*\}/g,
      "$1",
    );

  it("gives the same result for any document (property)", () => {
    fc.assert(
      fc.property(tree, fc.boolean(), (value, spaced) => {
        const text = toText(value, spaced);
        expect(parseJsonLossless(text)).toEqual(referenceParse(text));
      }),
      { numRuns: 3000 },
    );
  });

  it("matches on every Shopify fixture", async () => {
    const { readdirSync, readFileSync } = await import("node:fs");
    const dir = new URL("../fixtures/webhooks/", import.meta.url);
    for (const resource of readdirSync(dir, { withFileTypes: true }).filter((d) =>
      d.isDirectory(),
    )) {
      for (const file of readdirSync(new URL(`${resource.name}/`, dir))) {
        const text = readFileSync(new URL(`${resource.name}/${file}`, dir), "utf8");
        expect(parseJsonLossless(text), `${resource.name}/${file}`).toEqual(referenceParse(text));
      }
    }
  });
});
