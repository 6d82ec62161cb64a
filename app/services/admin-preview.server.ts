// The demo's admin preview (`npm run demo`, the browser tests): the real embedded admin pages of
// the simulated shop, opened inside a minimal stand-in of Shopify admin's frame, offline. The
// frame hands the app session tokens signed with the app secret (as Shopify admin does) and the
// app loads the local App Bridge stand-in instead of Shopify's CDN script. Demo only: every entry
// point is refused in production and for non-loopback hosts (docs/decisions/014).
import { sessionToken } from "../../scripts/lib/shopify-signing.mjs";
import { env } from "~/env.server";
import { appBridgeStandIn } from "./app-bridge-standin.server";
import { JOURNEY_EVENTS, journeyOrderNames } from "./journey-simulator.server";
import { PREVIEW_SHOP, previewAllowed } from "./storefront-preview.server";

/** The query parameter the preview frame adds to the admin document it opens. */
export const ADMIN_PREVIEW_PARAM = "stageline_preview";
export const APP_BRIDGE_STANDIN_PATH = "/preview/app-bridge.js";
const TOKEN_TTL_SECONDS = 300;

/** True for an admin document opened by the preview frame (and allowed to be). */
export function isAdminPreviewRequest(request: Request): boolean {
  return (
    previewAllowed(request) &&
    new URL(request.url).searchParams.get(ADMIN_PREVIEW_PARAM) === "admin"
  );
}

/** The App Bridge script the admin document loads: the local stand-in inside the preview. */
export function appBridgeUrlFor(request: Request): string | undefined {
  return isAdminPreviewRequest(request) ? APP_BRIDGE_STANDIN_PATH : undefined;
}

/**
 * Document headers inside the preview: the frame is this origin (Shopify's headers only allow
 * admin.shopify.com to frame the app) and nothing is preloaded from Shopify's CDN.
 */
export function adaptPreviewDocumentHeaders(request: Request, headers: Headers): void {
  if (!isAdminPreviewRequest(request)) return;
  headers.set("Content-Security-Policy", "frame-ancestors 'self';");
  headers.delete("Link");
}

export function appBridgeStandInScript(): string {
  return appBridgeStandIn({ apiKey: env().SHOPIFY_API_KEY, shop: PREVIEW_SHOP });
}

/** A session token for the simulated shop, as Shopify admin would hand it to the app. */
export function previewToken(now = Date.now()): { token: string; expiresAt: number } {
  const token = sessionToken({
    shop: PREVIEW_SHOP,
    apiKey: env().SHOPIFY_API_KEY,
    secret: env().SHOPIFY_API_SECRET,
    ttlSeconds: TOKEN_TTL_SECONDS,
  });
  return { token, expiresAt: now + TOKEN_TTL_SECONDS * 1000 };
}

const ADMIN_PATH = /^\/app(\/[a-z0-9_\-/]*)?$/i;

/** The admin path the frame opens first (`?path=/app/orders`); anything else opens /app. */
export function previewStartPath(url: URL): string {
  const path = url.searchParams.get("path") ?? "/app";
  return ADMIN_PATH.test(path) && !path.includes("..") ? path : "/app";
}

const EVENT_LABELS: Record<(typeof JOURNEY_EVENTS)[number], string> = {
  new_order: "New order (paid)",
  new_tagged_order: "New order tagged made-to-order",
  paid: "Paid",
  partially_fulfilled: "Fulfilled (some items)",
  fulfilled: "Fulfilled (all items)",
  in_transit: "Carrier: in transit",
  out_for_delivery: "Carrier: out for delivery",
  attempted_delivery: "Carrier: attempted delivery",
  delivered: "Carrier: delivered",
  cancelled: "Cancelled",
  refunded: "Refunded",
  return_requested: "Return requested",
  return_approved: "Return approved",
  return_declined: "Return declined",
  return_closed: "Return closed",
};

const option = (value: string, label: string) =>
  `<option value="${escapeHtml(value)}">${escapeHtml(label)}</option>`;

/** The journey simulator's form, in the frame's menu column. */
function journeyForm(): string {
  return `<form id="journey" aria-labelledby="journey-heading"><h2 id="journey-heading">Journey simulator</h2>
<label for="journey-order">Order</label><select id="journey-order" name="order" aria-describedby="journey-order-hint">${journeyOrderNames()
    .map((name) => option(name, name))
    .join(
      "",
    )}</select><small id="journey-order-hint">"New order" events make the next order number.</small>
<label for="journey-event">Shopify event</label><select id="journey-event" name="event">${JOURNEY_EVENTS.map((e) => option(e, EVENT_LABELS[e])).join("")}</select>
<button type="submit">Send as a signed webhook</button>
<p id="journey-result" role="status"></p></form>`;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The admin user's language the frame asks the app for (`?locale=sv`); English otherwise. */
export function previewLocale(url: URL): "en" | "sv" {
  return url.searchParams.get("locale") === "sv" ? "sv" : "en";
}

/** The frame: Shopify admin's top bar and menu, the app in an iframe, tokens on request. */
export function renderAdminFrame(startPath: string, locale: "en" | "sv" = "en"): string {
  const { token, expiresAt } = previewToken();
  const host = Buffer.from(
    `admin.shopify.com/store/${PREVIEW_SHOP.replace(/\.myshopify\.com$/, "")}`,
  ).toString("base64");
  const config = {
    shop: PREVIEW_SHOP,
    host,
    param: ADMIN_PREVIEW_PARAM,
    token,
    expiresAt,
    startPath,
    locale,
    extraLinks: [
      {
        href: "/app/data-requests",
        label: locale === "sv" ? "Dataförfrågningar" : "Data requests",
      },
    ],
  };
  return `<!doctype html>
<html lang="${locale}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Admin preview — ${escapeHtml(PREVIEW_SHOP)} — Stageline</title>
<style>
*{box-sizing:border-box}body{margin:0;font-family:system-ui,sans-serif;background:#1a1a1a;color:#1a1a1a;height:100vh;display:grid;grid-template:"top top" 3rem "nav main" 1fr/14rem 1fr}
header{grid-area:top;display:flex;align-items:center;gap:1rem;padding:0 1rem;color:#e3e3e3;font-size:.9rem}
header strong{color:#fff}header a{color:#b5d0ff;margin-left:auto}
nav{grid-area:nav;background:#ebebeb;padding:.75rem .5rem;border-top-left-radius:12px}
nav h2{font-size:.8rem;margin:.25rem .5rem .5rem;color:#616161}
nav a{display:block;padding:.35rem .6rem;border-radius:8px;color:#303030;text-decoration:none;font-size:.9rem}
nav a[aria-current=page]{background:#fff;font-weight:600}
#journey{margin-top:1.5rem;border-top:1px solid #d4d4d4;padding:.5rem}#journey label{display:block;font-size:.8rem;margin:.4rem 0}#journey small{display:block;color:#616161;font-size:.75rem;margin-top:.2rem}#journey select,#journey button{display:block;width:100%;margin-top:.2rem;font:inherit;font-size:.85rem}#journey-result{font-size:.8rem;color:#303030}
main{grid-area:main;display:flex;flex-direction:column;background:#f1f1f1;border-top-right-radius:12px;overflow:hidden}
#title{margin:0;padding:.6rem 1rem;font-size:1rem;border-bottom:1px solid #ddd;background:#f7f7f7}
iframe{flex:1;border:0;width:100%;background:#f1f1f1}
@media (max-width:700px){body{grid-template:"top" auto "nav" auto "main" 1fr/1fr}header{flex-wrap:wrap;gap:.25rem 1rem;padding:.5rem 1rem}header a{margin-left:0}nav{border-radius:12px 12px 0 0;padding:.25rem .5rem}nav h2,#journey{display:none}#app-links,#extra-links{display:inline-flex;flex-wrap:wrap}main{border-radius:0}}
</style></head>
<body>
<header><strong>Stageline admin preview</strong><span>${escapeHtml(PREVIEW_SHOP)} (simulated shop, demo only)</span><a href="/preview/outbox">Email outbox</a></header>
<nav aria-label="App navigation"><h2>Stageline</h2><div id="app-links"></div><div id="extra-links"></div>${journeyForm()}</nav>
<main><h1 id="title">Stageline</h1><iframe id="app" title="Stageline admin" name="app-iframe"></iframe></main>
<script>
(() => {
  const config = ${JSON.stringify(config).replace(/</g, "\\u003c")};
  let current = { token: config.token, expiresAt: config.expiresAt };
  let pending = null;
  const refresh = () => {
    pending ??= fetch("/preview/admin-token", { method: "POST" })
      .then((r) => {
        if (!r.ok) throw new Error("admin preview: token refresh answered " + r.status);
        return r.json();
      })
      .then((fresh) => (current = fresh))
      .finally(() => (pending = null));
    return pending;
  };
  // Refreshed a minute before it expires, on use and on a timer (as Shopify admin does).
  setInterval(() => { if (current.expiresAt - Date.now() < 60000) refresh(); }, 30000);
  const iframe = document.getElementById("app");
  const documentUrl = (path) => {
    const url = new URL(path, location.origin);
    for (const [k, v] of Object.entries({ embedded: "1", shop: config.shop, host: config.host, locale: config.locale, id_token: current.token, [config.param]: "admin" })) url.searchParams.set(k, v);
    return url.pathname + url.search;
  };
  let shownPath = config.startPath;
  const renderLinks = (box, links) => {
    box.replaceChildren(...links.map(({ href, label }) => {
      const a = document.createElement("a");
      a.href = href;
      a.textContent = label;
      if (href === shownPath || (href !== "/app" && shownPath.startsWith(href + "/"))) a.setAttribute("aria-current", "page");
      a.addEventListener("click", (event) => {
        event.preventDefault();
        const app = iframe.contentWindow && iframe.contentWindow.stagelineAppBridge;
        if (!(app && app.navigate(href))) refresh().then(() => (iframe.src = documentUrl(href)));
      });
      return a;
    }));
  };
  let appLinks = [];
  window.stagelineAdminFrame = {
    idToken: () => (current.expiresAt - Date.now() < 60000 ? refresh() : Promise.resolve(current)).then((c) => c.token),
    update({ path, title, links }) {
      shownPath = path;
      document.getElementById("title").textContent = title || "Stageline";
      if (JSON.stringify(links) !== JSON.stringify(appLinks)) appLinks = links;
      renderLinks(document.getElementById("app-links"), appLinks);
      renderLinks(document.getElementById("extra-links"), config.extraLinks);
    },
  };
  renderLinks(document.getElementById("extra-links"), config.extraLinks);
  iframe.src = documentUrl(config.startPath);
  // The journey simulator: Shopify's event, then the page as the merchant would reload it.
  const journey = document.getElementById("journey");
  const result = document.getElementById("journey-result");
  journey.addEventListener("submit", async (event) => {
    event.preventDefault();
    result.textContent = "Sending…";
    const response = await fetch("/preview/journey", { method: "POST", body: new URLSearchParams(new FormData(journey)) });
    const answer = await response.json();
    if (!response.ok) {
      result.textContent = "Refused: " + answer.error;
      return;
    }
    result.textContent = "Sent " + answer.topic + " for " + answer.order + " (" + answer.status + ")" + (answer.stage ? " — stage: " + answer.stage.label : "");
    const select = journey.elements.namedItem("order");
    if (![...select.options].some((o) => o.value === answer.order)) select.add(new Option(answer.order, answer.order));
    select.value = answer.order;
    await refresh();
    iframe.src = documentUrl(shownPath);
  });
})();
</script>
</body></html>`;
}
