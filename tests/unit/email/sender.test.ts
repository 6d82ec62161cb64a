import { describe, expect, it } from "vitest";
import { senderAddress } from "~/services/email-content.server";

describe("senderAddress", () => {
  it.each([
    ["Northwind Goods", "Stageline <orders@example.com>", '"Northwind Goods" <orders@example.com>'],
    ["Northwind Goods", "orders@example.com", '"Northwind Goods" <orders@example.com>'],
    [
      'Evil "Shop"\r\nBcc: x@y.z',
      "orders@example.com",
      '"Evil  Shop   Bcc: x@y.z" <orders@example.com>',
    ],
    [null, "Stageline <orders@example.com>", "Stageline <orders@example.com>"],
    ["  ", "orders@example.com", "orders@example.com"],
  ])("%j on %s → %s", (name, from, expected) => {
    expect(senderAddress(name, from)).toBe(expected);
  });
});
