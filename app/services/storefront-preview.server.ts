// A local stand-in for the storefront, for `npm run demo` and the browser tests only: renders the
// theme app extension's real block (Liquid, CSS, JS) and plays Shopify's app proxy, signing
// requests for the simulated shop. Refused in production and for non-loopback hosts.
import crypto from "node:crypto";
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
import { env } from "~/env.server";

export const PREVIEW_SHOP = "stageline-demo.myshopify.com";
const EXTENSION_DIR = path.resolve(process.cwd(), "extensions/order-lookup");
const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);
const PROXY_PREFIX = "/apps/order-status";

/** Only outside production, and only for requests addressed to this machine. */
export function previewAllowed(request: Request): boolean {
  return env().NODE_ENV !== "production" && LOOPBACK.has(new URL(request.url).hostname);
}

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

export interface PreviewOptions {
  locale: string;
  loggedIn: boolean;
  settings: Record<string, string>;
}

/** The block as a theme would render it, on a minimal page. */
export async function renderPreviewPage(options: PreviewOptions): Promise<string> {
  const source = fs.readFileSync(path.join(EXTENSION_DIR, "blocks/order-lookup.liquid"), "utf8");
  const locales = localeFiles(options.locale);
  const liquid = new Liquid({ strictFilters: true });
  for (const name of ["schema", "javascript", "stylesheet"])
    liquid.registerTag(name, silentBlockTag(name));
  liquid.registerFilter(
    "t",
    (key: string) => lookupKey(locales.storefront, key) ?? lookupKey(locales.fallback, key) ?? key,
  );
  liquid.registerFilter(
    "asset_url",
    (name: string) => `/preview/assets/${encodeURIComponent(name)}`,
  );
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
  Object.assign(settings, options.settings);
  const block = await liquid.parseAndRender(source, {
    block: { settings, shopify_attributes: 'data-shopify-editor-block="preview"' },
    routes: { root_url: "/" },
    customer: options.loggedIn ? { id: 1 } : null,
    request: { locale: { iso_code: options.locale } },
  });
  const lang = options.locale.replace(/[^a-zA-Z-]/g, "");
  return `<!doctype html>
<html lang="${lang}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Order lookup preview — Stageline</title>
<style>body{font-family:system-ui,sans-serif;margin:0;color:#1a1a1a}main{max-width:42rem;margin:2rem auto;padding:0 1rem}.footer{border-top:1px solid #ddd;margin-top:2rem;padding-top:1rem;color:#555}</style>
</head>
<body><main><p>Storefront preview of the Stageline order-lookup block (shop ${PREVIEW_SHOP}).</p>
${block}
<p class="footer" data-below-block>Content of the page below the block.</p></main></body></html>`;
}

const ASSET_TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
};

export function readPreviewAsset(name: string): { body: Buffer; type: string } | null {
  if (!/^[\w.-]+$/.test(name)) return null;
  const type = ASSET_TYPES[path.extname(name)];
  const file = path.join(EXTENSION_DIR, "assets", name);
  if (!type || !fs.existsSync(file)) return null;
  return { body: fs.readFileSync(file), type };
}

/**
 * What Shopify's app proxy does with a storefront request to /apps/order-status/<path>: forward it
 * to <app>/proxy/<path> with shop, logged_in_customer_id, path_prefix, timestamp and signature.
 */
export function signAsAppProxy(
  request: Request,
  subpath: string,
  customerId: string | null,
): Request {
  const incoming = new URL(request.url);
  const params: [string, string][] = [...incoming.searchParams].filter(
    ([k]) =>
      !["shop", "logged_in_customer_id", "path_prefix", "timestamp", "signature"].includes(k),
  );
  params.push(
    ["shop", PREVIEW_SHOP],
    ["logged_in_customer_id", customerId ?? ""],
    ["path_prefix", PROXY_PREFIX],
    ["timestamp", String(Math.floor(Date.now() / 1000))],
  );
  const grouped = new Map<string, string[]>();
  for (const [k, v] of params) grouped.set(k, [...(grouped.get(k) ?? []), v]);
  const message = [...grouped.keys()]
    .sort()
    .map((k) => `${k}=${grouped.get(k)!.join(",")}`)
    .join("");
  const signature = crypto
    .createHmac("sha256", env().SHOPIFY_API_SECRET)
    .update(message)
    .digest("hex");
  const target = new URL(`/proxy/${subpath}`, incoming.origin);
  for (const [k, v] of params) target.searchParams.append(k, v);
  target.searchParams.set("signature", signature);
  return new Request(target, {
    method: request.method,
    headers: request.headers,
    body: request.method === "GET" || request.method === "HEAD" ? undefined : request.body,
    duplex: "half", // a streamed body needs it in Node
  });
}
