import { describe, expect, it } from "vitest";
import { replyToAddress, senderAddress } from "~/services/email-content.server";

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

describe("replyToAddress", () => {
  it.each([
    [["help@northwind.example", "shop@example.com"], "help@northwind.example"],
    [[null, "shop@example.com"], "shop@example.com"],
    [["  ", "shop@example.com"], "shop@example.com"],
    [["a@example.com\r\nBcc: x@y.z", "shop@example.com"], "shop@example.com"],
    [["Name <a@example.com>", null], null],
    [[null, undefined], null],
  ])("%j → %s", (candidates, expected) => {
    expect(replyToAddress(...candidates)).toBe(expected);
  });
});
