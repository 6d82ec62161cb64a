import { describe, expect, it } from "vitest";
import { asciiDigits, normalizeOrderName } from "~/domain/order-names";
import { normalizeEmail, phoneKey, phonesMatch } from "~/domain/shopper-contact";

describe("normalizeOrderName", () => {
  it.each([
    ["#1001", "1001"],
    [" #1001 ", "1001"],
    ["1001", "1001"],
    ["＃１００１", "1001"], // full-width, as some keyboards type it
    ["#١٠٠١", "1001"], // Arabic-Indic digits
    ["#१००१", "1001"], // Devanagari digits
    ["#Ö1001", "ö1001"],
    ["#ö1001", "ö1001"],
    ["#O\u03081001", "ö1001"], // a decomposed Ö
    ["#1001-Å", "1001å"],
    ["#SE 4101", "se4101"],
    ["se-4101", "se4101"],
    ["№4100", "no4100"],
    ["SO-8102", "so8102"],
    ["#so-8102", "so8102"],
    ["#", ""],
  ])("%j → %j", (name, key) => {
    expect(normalizeOrderName(name)).toBe(key);
  });

  it("maps the digits of every script to ASCII", () => {
    const zeros = [0x30, 0x660, 0x6f0, 0x966, 0x9e6, 0xe50, 0xff10, 0x1d7ce];
    for (const zero of zeros) {
      const digits = Array.from({ length: 10 }, (_, i) => String.fromCodePoint(zero + i)).join("");
      expect(asciiDigits(digits.normalize("NFKC")), zero.toString(16)).toBe("0123456789");
    }
  });
});

describe("normalizeEmail", () => {
  it.each([
    ["Jöns@Exämple.se", "jöns@exämple.se"],
    [" JO\u0308NS@exa\u0308mple.se ", "jöns@exämple.se"],
    ["jon@example.com", "jon@example.com"],
  ])("%j → %j", (email, normalized) => {
    expect(normalizeEmail(email)).toBe(normalized);
  });
});

describe("phones", () => {
  it.each([
    ["+46 (0)70-123 45 67", "46701234567"],
    ["0046 70 123 45 67", "46701234567"],
    ["070-123 45 67", "701234567"],
    ["＋４６ ７０ １２３ ４５ ６７", "46701234567"],
  ])("phoneKey(%j) → %j", (phone, key) => {
    expect(phoneKey(phone)).toBe(key);
  });

  it.each([
    ["+46 (0)70-123 45 67", "+46701234567", true],
    ["+46 (0)70-123 45 67", "0046701234567", true],
    ["+46701234567", "+46 (0)70-123 45 67", true],
    ["+46701234567", "070-123 45 67", true], // national form
    ["+390612345678", "06 1234 5678", true],
    ["+46701234567", "123 45 67", false], // the last 7 digits only
    ["+46701234567", "+46761234567", false],
    ["+46701234567", "99 701234567", false],
    [null, "+46701234567", false],
  ])("phonesMatch(%j, %j) → %j", (stored, given, expected) => {
    expect(phonesMatch(stored, given)).toBe(expected);
  });
});
