// The Settings form's one parser (browser and server) and the theme editor deep link (pure).
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  parseSettingsForm,
  settingsFormOf,
  toggleWorkingDay,
  type SettingsFormInput,
} from "~/domain/admin/settings-form";
import { addAppBlockLink, ORDER_LOOKUP_BLOCK_HANDLE } from "~/domain/admin/theme-editor-link";

const form: SettingsFormInput = {
  senderName: "Northwind",
  replyTo: "help@northwind.example",
  coalesceSeconds: "0",
  workingDays: "5,1,3",
  timeZone: "Asia/Kolkata",
  digestEnabled: "false",
  digestRecipient: "",
  retentionDays: "730",
  writeBackMetafield: "true",
  writeBackTag: "false",
};

describe("settings form", () => {
  it("parses a valid form into stored values and back", () => {
    const parsed = parseSettingsForm({ ...form });
    expect(parsed).toEqual({
      ok: true,
      settings: {
        senderName: "Northwind",
        replyTo: "help@northwind.example",
        emailCoalesceSeconds: 0,
        workingDays: "1,3,5",
        timeZone: "Asia/Kolkata",
        digestEnabled: false,
        digestRecipient: null,
        retentionDays: 730,
        writeBackMetafield: true,
        writeBackTag: false,
      },
    });
    if (!parsed.ok) throw new Error("unreachable");
    expect(settingsFormOf(parsed.settings)).toEqual({ ...form, workingDays: "1,3,5" });
  });

  it.each([
    ["replyTo", { replyTo: "x@y" }, "settings.error.replyTo"],
    ["replyTo", { replyTo: "a@example.com\nBcc: b@example.com" }, "settings.error.replyTo"],
    ["senderName", { senderName: "A\r\nBcc: b@example.com" }, "settings.error.lineBreak"],
    ["senderName", { senderName: "x".repeat(101) }, "settings.error.tooLong"],
    ["coalesceSeconds", { coalesceSeconds: "1.5" }, "settings.error.coalesce"],
    ["coalesceSeconds", { coalesceSeconds: "3601" }, "settings.error.coalesce"],
    ["workingDays", { workingDays: "" }, "settings.error.days"],
    ["workingDays", { workingDays: "0,1" }, "settings.error.days"],
    ["timeZone", { timeZone: "Europe/Nowhere" }, "settings.error.timeZone"],
    ["retentionDays", { retentionDays: "1" }, "settings.error.retention"],
    ["digestRecipient", { digestRecipient: "nobody" }, "settings.error.digestRecipient"],
  ])("refuses a bad %s", (field, change, key) => {
    expect(parseSettingsForm({ ...form, ...change })).toEqual({
      ok: false,
      errors: { [field]: key },
    });
  });

  it("accepts the extremes of the coalescing window and a missing one", () => {
    for (const [value, stored] of [
      ["0", 0],
      ["3600", 3600],
      ["", null],
    ] as const) {
      const parsed = parseSettingsForm({ ...form, coalesceSeconds: value });
      expect(parsed.ok && parsed.settings.emailCoalesceSeconds).toBe(stored);
    }
  });

  it("switches single working days on and off", () => {
    expect(toggleWorkingDay("1,2,3,4,5", 6, true)).toBe("1,2,3,4,5,6");
    expect(toggleWorkingDay("1,2,3,4,5", 1, false)).toBe("2,3,4,5");
    expect(toggleWorkingDay("1", 1, false)).toBe("");
    expect(toggleWorkingDay("", 7, true)).toBe("7");
  });
});

describe("theme editor deep link", () => {
  it("adds the order-lookup block by the app's API key and the block's handle", () => {
    const link = addAppBlockLink("north-wind.myshopify.com", "abc123");
    expect(link).toBe(
      "https://north-wind.myshopify.com/admin/themes/current/editor?template=page&addAppBlockId=abc123/order-lookup&target=newAppsSection",
    );
    const url = new URL(link!);
    expect(url.searchParams.get("addAppBlockId")).toBe("abc123/order-lookup");
  });

  it("names a block that exists in the theme app extension", () => {
    const file = path.resolve(
      import.meta.dirname,
      `../../../extensions/order-lookup/blocks/${ORDER_LOOKUP_BLOCK_HANDLE}.liquid`,
    );
    expect(fs.existsSync(file)).toBe(true);
  });

  it("refuses a shop or key that could redirect elsewhere", () => {
    expect(addAppBlockLink("evil.example.com", "abc")).toBeNull();
    expect(addAppBlockLink("shop.myshopify.com.evil.example", "abc")).toBeNull();
    expect(addAppBlockLink("shop.myshopify.com", "a&b=c")).toBeNull();
  });
});
