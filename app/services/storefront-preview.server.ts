// A local stand-in for the storefront, for `npm run demo` and the browser tests only: renders the
// theme app extension's real block (Liquid, CSS, JS) and plays Shopify's app proxy, signing
// requests for the simulated shop. Refused in production and for non-loopback hosts.
import crypto from "node:crypto";
import { Liquid } from "liquidjs";
import { env } from "~/env.server";
import { APP_PROXY_PATH } from "~/shopify/app-proxy";
import { renderLookupBlock } from "./storefront-block.server";

export const PREVIEW_SHOP = "stageline-demo.myshopify.com";
const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** Only outside production, and only for requests addressed to this machine. */
export function previewAllowed(request: Request): boolean {
  return env().NODE_ENV !== "production" && LOOPBACK.has(new URL(request.url).hostname);
}

export interface PreviewOptions {
  locale: string;
  loggedIn: boolean;
  settings: Record<string, string>;
}

/** The block as a theme would render it, on a minimal page. */
export async function renderPreviewPage(options: PreviewOptions): Promise<string> {
  const block = await renderLookupBlock({
    ...options,
    rootUrl: "/",
    proxySubpath: APP_PROXY_PATH.slice(1),
    assetUrl: (name) => `/preview/assets/${encodeURIComponent(name)}`,
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

/**
 * What Shopify does with an app proxy's `application/liquid` answer: renders it and puts it in
 * the theme's layout (here a minimal one).
 */
export async function renderInThemeLayout(liquidSource: string): Promise<string> {
  const content = await new Liquid().parseAndRender(liquidSource, {});
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Order status — ${PREVIEW_SHOP}</title>
<style>body{font-family:system-ui,sans-serif;margin:0;color:#1a1a1a}header{padding:0 1rem;border-bottom:1px solid #e3e3e3}header p{max-width:42rem;margin:0 auto;padding:1rem;font-weight:600}main{max-width:42rem;margin:2rem auto;padding:0 1rem}</style>
</head>
<body><header><p>${PREVIEW_SHOP}</p></header><main>${content}</main></body></html>`;
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
    ["path_prefix", APP_PROXY_PATH],
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
