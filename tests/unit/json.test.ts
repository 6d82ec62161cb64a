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

  it("rejects invalid JSON like JSON.parse", () => {
    expect(() => parseJsonLossless("{nope")).toThrow(SyntaxError);
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
