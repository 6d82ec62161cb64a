// The admin's strings: English and Swedish, with the plural form the count asks for.
import { describe, expect, it } from "vitest";
import { translate } from "~/i18n";
import { en } from "~/i18n/en";
import { sv } from "~/i18n/sv";

describe("translate", () => {
  it("picks the singular for one and the plural otherwise, in each language", () => {
    expect(translate("en", "stages.orderCount", { count: 1 })).toBe("1 order");
    expect(translate("en", "stages.orderCount", { count: 0 })).toBe("0 orders");
    expect(translate("en", "stages.orderCount", { count: 2 })).toBe("2 orders");
    expect(translate("sv", "stages.orderCount", { count: 1 })).toBe("1 beställning");
    expect(translate("sv", "stages.orderCount", { count: 5 })).toBe("5 beställningar");
    expect(translate("en", "orders.changed", { count: 1 })).toBe("Stage set on 1 order");
  });

  it("reads a count already formatted for display", () => {
    expect(translate("en", "dataRequests.orders", { count: "1,000" })).toBe("1,000 orders");
    expect(translate("sv", "dataRequests.orders", { count: "1\u00a0000" })).toBe(
      "1\u00a0000 beställningar",
    );
    expect(translate("sv", "dataRequests.orders", { count: "1" })).toBe("1 beställning");
  });

  it("has the same plural forms in both languages (two forms, or one)", () => {
    for (const [key, english] of Object.entries(en)) {
      const swedish = sv[key as keyof typeof sv];
      expect(english.split("|").length, key).toBeLessThanOrEqual(2);
      expect(swedish.split("|").length, key).toBeLessThanOrEqual(2);
      if (english.includes("|")) expect(english, key).toContain("{count}");
      if (swedish.includes("|")) expect(swedish, key).toContain("{count}");
    }
  });
});
