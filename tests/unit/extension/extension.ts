// Shared fixtures for the order-lookup theme app extension tests: file access, the block's schema,
// and a liquidjs renderer that stands in for Shopify's Liquid with just the features the block uses.
import fs from "node:fs";
import path from "node:path";
import { Liquid, type TagToken, type TopLevelToken } from "liquidjs";

export const EXTENSION_DIR = path.resolve(import.meta.dirname, "../../../extensions/order-lookup");
export const BLOCK_FILE = path.join(EXTENSION_DIR, "blocks/order-lookup.liquid");
export const JS_FILE = path.join(EXTENSION_DIR, "assets/order-lookup.js");
export const CSS_FILE = path.join(EXTENSION_DIR, "assets/order-lookup.css");

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export function read(relativePath: string): string {
  return fs.readFileSync(path.join(EXTENSION_DIR, relativePath), "utf8");
}

export function readJson(relativePath: string): JsonObject {
  return JSON.parse(read(relativePath)) as JsonObject;
}

export const blockSource = (): string => fs.readFileSync(BLOCK_FILE, "utf8");

/** The raw text between {% schema %} and {% endschema %}. */
export function schemaText(source = blockSource()): string {
  const match = /\{%-?\s*schema\s*-?%\}([\s\S]*?)\{%-?\s*endschema\s*-?%\}/.exec(source);
  if (!match) throw new Error("blocks/order-lookup.liquid has no {% schema %} tag");
  return match[1];
}

export type Setting = {
  type: string;
  id?: string;
  label?: string;
  default?: Json;
  info?: string;
  options?: { value: string; label: string }[];
  [key: string]: Json | undefined;
};
export type BlockSchema = {
  name: string;
  target: string;
  settings: Setting[];
  [key: string]: unknown;
};

export const blockSchema = (): BlockSchema => JSON.parse(schemaText()) as unknown as BlockSchema;

/** Value at a dotted key ("a.b.c") in a nested object, or undefined. */
export function lookupKey(tree: Json | undefined, key: string): Json | undefined {
  let node: Json | undefined = tree;
  for (const part of key.split(".")) {
    if (!node || typeof node !== "object" || Array.isArray(node) || !(part in node))
      return undefined;
    node = node[part];
  }
  return node;
}

/** Every dotted key that holds a string (leaves), sorted. */
export function leafKeys(tree: Json, prefix = ""): string[] {
  if (typeof tree === "string") return [prefix];
  if (!tree || typeof tree !== "object" || Array.isArray(tree)) return [prefix];
  return Object.entries(tree)
    .flatMap(([key, value]) => leafKeys(value, prefix ? `${prefix}.${key}` : key))
    .sort();
}

/** Settings as Shopify stores them when a merchant adds the block: schema defaults, `t:` resolved. */
export function defaultSettings(schemaLocale = "en.default.schema.json"): Record<string, Json> {
  const translations = readJson(`locales/${schemaLocale}`);
  const settings: Record<string, Json> = {};
  for (const setting of blockSchema().settings) {
    if (!setting.id || setting.default === undefined) continue;
    const value = setting.default;
    settings[setting.id] =
      typeof value === "string" && value.startsWith("t:")
        ? (lookupKey(translations, value.slice(2)) ?? null)
        : value;
  }
  return settings;
}

export type RenderOptions = {
  settings?: Record<string, Json>;
  rootUrl?: string;
  customer?: Record<string, Json> | null;
  /** Storefront locale file used by the `t` filter. */
  locale?: "en.default" | "sv";
  isoCode?: string;
};

/** A no-op block tag ({% schema %}…{% endschema %} and friends) that swallows its body. */
function rawNoop(name: string) {
  return {
    parse(this: unknown, _token: TagToken, remaining: TopLevelToken[]) {
      for (let token = remaining.shift(); token; token = remaining.shift()) {
        if ((token as TagToken).name === `end${name}`) return;
      }
      throw new Error(`{% ${name} %} is not closed`);
    },
    render: () => "",
  };
}

function interpolate(text: string, args: unknown[]): string {
  const vars = new Map<string, unknown>();
  for (const arg of args)
    if (Array.isArray(arg) && arg.length === 2) vars.set(String(arg[0]), arg[1]);
  return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) =>
    vars.has(name) ? String(vars.get(name)) : whole,
  );
}

export function createEngine(locale: RenderOptions["locale"] = "en.default"): Liquid {
  const translations = readJson(`locales/${locale}.json`);
  const engine = new Liquid({ strictFilters: true, strictVariables: false, jsTruthy: false });
  for (const tag of ["schema", "javascript", "stylesheet"]) engine.registerTag(tag, rawNoop(tag));
  engine.registerFilter("t", (key: unknown, ...args: unknown[]) => {
    const value = lookupKey(translations, String(key));
    if (typeof value !== "string")
      throw new Error(`Missing translation "${String(key)}" in ${locale}.json`);
    return interpolate(value, args);
  });
  engine.registerFilter("asset_url", (name: unknown) => `/assets/${String(name)}`);
  engine.registerFilter(
    "stylesheet_tag",
    (url: unknown) => `<link href="${String(url)}" rel="stylesheet" type="text/css" media="all" />`,
  );
  return engine;
}

export function renderBlock(options: RenderOptions = {}): string {
  const engine = createEngine(options.locale);
  return engine.parseAndRenderSync(blockSource(), {
    block: {
      id: "AbC123",
      settings: { ...defaultSettings(), ...options.settings },
      shopify_attributes: 'data-shopify-editor-block="{&quot;id&quot;:&quot;AbC123&quot;}"',
    },
    routes: { root_url: options.rootUrl ?? "/" },
    customer: options.customer ?? null,
    request: { locale: { iso_code: options.isoCode ?? "en" } },
  });
}

/** The parsed JSON island the block hands to the script. */
export function i18nIsland(html: string): JsonObject {
  const match = /<script type="application\/json" data-stageline-i18n>([\s\S]*?)<\/script>/.exec(
    html,
  );
  if (!match) throw new Error("no data-stageline-i18n island in the rendered block");
  return JSON.parse(match[1]) as JsonObject;
}
