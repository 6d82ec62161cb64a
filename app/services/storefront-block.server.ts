// The theme app extension's order-lookup block rendered on the server, from its real Liquid,
// locales and schema defaults: for the order status page the app proxy serves (emails link to
// it) and for the local preview. Rendered the way a theme renders the block, with the settings'
// defaults (a merchant's own block settings live in the theme).
import fs from "node:fs";
import path from "node:path";
import {
  Liquid,
  Tag,
  type Context,
  type Emitter,
  type TagToken,
  type TopLevelToken,
} from "liquidjs";

const EXTENSION_DIR = path.resolve(process.cwd(), "extensions/order-lookup");

function readJson(file: string): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(path.join(EXTENSION_DIR, file), "utf8")) as Record<
    string,
    unknown
  >;
}

function lookupKey(tree: unknown, key: string): string | undefined {
  const value = key
    .split(".")
    .reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], tree);
  return typeof value === "string" ? value : undefined;
}

function localeFiles(locale: string) {
  const language = locale.split("-")[0]!;
  const exists = (f: string) => fs.existsSync(path.join(EXTENSION_DIR, "locales", f));
  const storefront = exists(`${language}.json`) ? `${language}.json` : "en.default.json";
  const schema = exists(`${language}.schema.json`)
    ? `${language}.schema.json`
    : "en.default.schema.json";
  return {
    storefront: readJson(`locales/${storefront}`),
    schema: readJson(`locales/${schema}`),
    fallback: readJson("locales/en.default.json"),
  };
}

/** `{% schema %}…{% endschema %}` and friends render nothing on the storefront. */
function silentBlockTag(name: string) {
  return class extends Tag {
    constructor(token: TagToken, remainTokens: TopLevelToken[], liquid: Liquid) {
      super(token, remainTokens, liquid);
      while (remainTokens.length) {
        const next = remainTokens.shift()!;
        if ((next as TagToken).name === `end${name}`) return;
      }
      throw new Error(`tag ${name} not closed`);
    }
    *render(_ctx: Context, _emitter: Emitter): Generator<unknown, void, unknown> {}
  };
}

function schemaOf(source: string): { settings: { id: string; default?: string }[] } {
  const match = /{%-?\s*schema\s*-?%}([\s\S]*?){%-?\s*endschema\s*-?%}/.exec(source);
  return JSON.parse(match?.[1] ?? '{"settings":[]}');
}

export interface BlockOptions {
  /** The shopper's locale ("sv", "en-GB"): picks the storefront locale file. */
  locale: string;
  loggedIn: boolean;
  /** Overrides of the block settings' defaults. */
  settings: Record<string, string>;
  /** The storefront's locale-aware root ("/", "/sv/"). */
  rootUrl: string;
  /** The app proxy's storefront path without the leading slash ("apps/order-status"). */
  proxySubpath: string;
  /** Where the storefront loads an extension asset from. */
  assetUrl: (name: string) => string;
}

/** The block's HTML, as a theme would render it. */
export async function renderLookupBlock(options: BlockOptions): Promise<string> {
  const source = fs.readFileSync(path.join(EXTENSION_DIR, "blocks/order-lookup.liquid"), "utf8");
  const locales = localeFiles(options.locale);
  const liquid = new Liquid({ strictFilters: true });
  for (const name of ["schema", "javascript", "stylesheet"])
    liquid.registerTag(name, silentBlockTag(name));
  liquid.registerFilter(
    "t",
    (key: string) => lookupKey(locales.storefront, key) ?? lookupKey(locales.fallback, key) ?? key,
  );
  liquid.registerFilter("asset_url", (name: string) => options.assetUrl(name));
  liquid.registerFilter(
    "stylesheet_tag",
    (url: string) => `<link href="${url}" rel="stylesheet" type="text/css" media="all">`,
  );
  const settings: Record<string, string> = {};
  for (const setting of schemaOf(source).settings) {
    const value = setting.default ?? "";
    settings[setting.id] = value.startsWith("t:")
      ? (lookupKey(locales.schema, value.slice(2)) ?? "")
      : value;
  }
  Object.assign(settings, { proxy_subpath: options.proxySubpath }, options.settings);
  return liquid.parseAndRender(source, {
    block: { settings, shopify_attributes: "" },
    routes: { root_url: options.rootUrl },
    customer: options.loggedIn ? { id: 1 } : null,
    request: { locale: { iso_code: options.locale } },
  });
}

const ASSET_TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
};

/** An extension asset (order-lookup.js, order-lookup.css), or null for any other name. */
export function readExtensionAsset(name: string): { body: Buffer; type: string } | null {
  if (!/^[\w.-]+$/.test(name)) return null;
  const type = ASSET_TYPES[path.extname(name)];
  const file = path.join(EXTENSION_DIR, "assets", name);
  if (!type || !fs.existsSync(file)) return null;
  return { body: fs.readFileSync(file), type };
}
