import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import {
  previewAllowed,
  renderInThemeLayout,
  signAsAppProxy,
} from "~/services/storefront-preview.server";
import { loader as pageLoader } from "./proxy._index";
import { loader as assetLoader } from "./proxy.assets.$name";
import { action as lookupAction } from "./proxy.lookup";
import { loader as ordersLoader } from "./proxy.orders";

// Demo/test only: plays Shopify's app proxy for the local storefront preview.
function forward(args: LoaderFunctionArgs | ActionFunctionArgs) {
  const { request, params } = args;
  if (!previewAllowed(request)) return null;
  const subpath = params["*"] ?? "";
  const customer = new URL(request.headers.get("referer") ?? request.url).searchParams.get(
    "customer",
  );
  const signed = signAsAppProxy(
    request,
    subpath,
    customer && /^\d+$/.test(customer) ? customer : null,
  );
  return { ...args, request: signed, subpath };
}

export async function loader(args: LoaderFunctionArgs) {
  const forwarded = forward(args);
  if (!forwarded) return new Response("Not found", { status: 404 });
  const { subpath } = forwarded;
  if (subpath === "orders") return ordersLoader(forwarded);
  if (subpath.startsWith("assets/"))
    return assetLoader({ ...forwarded, params: { name: subpath.slice("assets/".length) } });
  if (subpath === "") {
    const page = await pageLoader(forwarded);
    if (page.headers.get("content-type") !== "application/liquid") return page;
    return new Response(await renderInThemeLayout(await page.text()), {
      headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" },
    });
  }
  return new Response("Not found", { status: 404 });
}

export async function action(args: ActionFunctionArgs) {
  const forwarded = forward(args);
  if (forwarded?.subpath === "lookup") return lookupAction(forwarded);
  return new Response("Not found", { status: 404 });
}
