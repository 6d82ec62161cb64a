// App-block schema semantics and locale completeness: what theme-check does not verify.
import { describe, expect, it } from "vitest";
import {
  blockSchema,
  blockSource,
  type Json,
  leafKeys,
  lookupKey,
  readJson,
  schemaText,
  type Setting,
} from "./extension";

// Shopify's setting input types (basic, specialized and sidebar settings).
const INPUT_TYPES = new Set([
  "checkbox",
  "number",
  "radio",
  "range",
  "select",
  "text",
  "textarea",
  "article",
  "article_list",
  "blog",
  "collection",
  "collection_list",
  "color",
  "color_background",
  "color_scheme",
  "color_scheme_group",
  "font_picker",
  "html",
  "image_picker",
  "inline_richtext",
  "link_list",
  "liquid",
  "metaobject",
  "metaobject_list",
  "page",
  "product",
  "product_list",
  "richtext",
  "text_alignment",
  "url",
  "video",
  "video_url",
  "header",
  "paragraph",
]);
const SIDEBAR_TYPES = new Set(["header", "paragraph"]);
const HEX_COLOR = /^#(?:[0-9a-f]{3}|[0-9a-f]{6}|[0-9a-f]{8})$/i;

/** Every "t:…" string anywhere in a JSON value. */
function translationRefs(value: Json): string[] {
  if (typeof value === "string") return value.startsWith("t:") ? [value.slice(2)] : [];
  if (Array.isArray(value)) return value.flatMap(translationRefs);
  if (value && typeof value === "object") return Object.values(value).flatMap(translationRefs);
  return [];
}

/** Literal keys passed to the `t` filter in the block's Liquid (outside the schema). */
function liquidTranslationKeys(): string[] {
  const liquid = blockSource().replace(schemaText(), "");
  const keys = [...liquid.matchAll(/(['"])([\w.-]+)\1\s*\|\s*t\b/g)].map((match) => match[2]);
  return [...new Set(keys)].sort();
}

describe("app block schema", () => {
  it("is JSON for an app block targeting a section", () => {
    expect(() => JSON.parse(schemaText())).not.toThrow();
    const schema = blockSchema();
    expect(schema.target).toBe("section");
    expect(typeof schema.name).toBe("string");
    expect(schema.name.length).toBeGreaterThan(0);
    expect(Array.isArray(schema.settings)).toBe(true);
  });

  it("gives every setting a unique id and a valid input type", () => {
    const { settings } = blockSchema();
    for (const setting of settings) {
      expect(INPUT_TYPES, `type of ${setting.id ?? JSON.stringify(setting)}`).toContain(
        setting.type,
      );
      if (SIDEBAR_TYPES.has(setting.type)) continue;
      expect(typeof setting.id, JSON.stringify(setting)).toBe("string");
      expect(setting.id).toMatch(/^[a-z][a-z0-9_]*$/);
      expect(typeof setting.label, `label of ${setting.id}`).toBe("string");
    }
    const ids = settings.filter((setting) => setting.id).map((setting) => setting.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("has defaults that are valid for their types", () => {
    for (const setting of blockSchema().settings) {
      const { type, id, options } = setting;
      const value = setting.default;
      if (type === "select" || type === "radio") {
        expect(Array.isArray(options) && options.length > 0, `${id} options`).toBe(true);
        const values = options!.map((option) => option.value);
        expect(new Set(values).size, `${id} option values are unique`).toBe(values.length);
        for (const option of options!) expect(typeof option.label).toBe("string");
        if (value !== undefined) expect(values, `${id} default`).toContain(value);
      }
      if (value === undefined) continue;
      if (type === "color") expect(value, `${id} default`).toMatch(HEX_COLOR);
      if (type === "checkbox") expect(typeof value, `${id} default`).toBe("boolean");
      if (type === "number" || type === "range")
        expect(typeof value, `${id} default`).toBe("number");
      if (type === "text" || type === "textarea")
        expect(typeof value, `${id} default`).toBe("string");
    }
  });

  it("has the merchant settings SPEC §5 asks for", () => {
    const byId: Record<string, Setting> = Object.fromEntries(
      blockSchema().settings.map((setting) => [setting.id ?? "", setting]),
    );
    expect(byId.heading).toMatchObject({ type: "text" });
    expect(String(byId.heading.default)).toMatch(/^t:/);
    expect(["textarea", "text"]).toContain(byId.intro.type);
    expect(byId.accent_color).toMatchObject({ type: "color" });
    expect(byId.ask_for).toMatchObject({ type: "select", default: "email" });
    expect(byId.ask_for.options!.map((option) => option.value)).toEqual(["email", "phone"]);
    expect(byId.proxy_subpath).toMatchObject({ type: "text", default: "apps/order-status" });
    expect(typeof byId.proxy_subpath.info).toBe("string");
  });

  it("resolves every t: key of the schema in both schema locale files", () => {
    const refs = translationRefs(JSON.parse(schemaText()) as Json);
    expect(refs.length).toBeGreaterThan(0);
    for (const file of ["en.default.schema.json", "sv.schema.json"]) {
      const locale = readJson(`locales/${file}`);
      const missing = refs.filter((key) => typeof lookupKey(locale, key) !== "string");
      expect(missing, `missing in locales/${file}`).toEqual([]);
    }
  });
});

describe("locales", () => {
  it("has every key the Liquid translates in en.default.json and sv.json", () => {
    const keys = liquidTranslationKeys();
    expect(keys.length).toBeGreaterThan(20);
    for (const file of ["en.default.json", "sv.json"]) {
      const locale = readJson(`locales/${file}`);
      const missing = keys.filter((key) => typeof lookupKey(locale, key) !== "string");
      expect(missing, `missing in locales/${file}`).toEqual([]);
    }
  });

  it("has identical key sets in English and Swedish", () => {
    expect(leafKeys(readJson("locales/sv.json"))).toEqual(
      leafKeys(readJson("locales/en.default.json")),
    );
    expect(leafKeys(readJson("locales/sv.schema.json"))).toEqual(
      leafKeys(readJson("locales/en.default.schema.json")),
    );
  });

  it("has no empty strings, no untranslated Swedish and no unused storefront keys", () => {
    const en = readJson("locales/en.default.json");
    const sv = readJson("locales/sv.json");
    const used = new Set(liquidTranslationKeys());
    for (const key of leafKeys(en)) {
      expect(String(lookupKey(en, key)).trim(), key).not.toBe("");
      expect(String(lookupKey(sv, key)).trim(), key).not.toBe("");
      expect(used.has(key), `${key} is never used`).toBe(true);
    }
    const identical = leafKeys(en).filter((key) => lookupKey(en, key) === lookupKey(sv, key));
    expect(identical).toEqual([]);
  });

  it("keeps placeholders consistent between languages", () => {
    const en = readJson("locales/en.default.json");
    const sv = readJson("locales/sv.json");
    const placeholders = (text: Json | undefined) =>
      [...String(text).matchAll(/\{\w+\}/g)].map((m) => m[0]).sort();
    for (const key of leafKeys(en)) {
      expect(placeholders(lookupKey(sv, key)), key).toEqual(placeholders(lookupKey(en, key)));
    }
  });

  it("keeps storefront strings free of HTML-significant characters", () => {
    // The `t` filter's output goes into markup and into the JSON island verbatim.
    for (const file of ["en.default.json", "sv.json"]) {
      const locale = readJson(`locales/${file}`);
      for (const key of leafKeys(locale))
        expect(String(lookupKey(locale, key)), `${file} ${key}`).not.toMatch(/[<>&"']/);
    }
  });
});
