import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { previewAllowed, signAsAppProxy } from "~/services/storefront-preview.server";
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
  if (forwarded?.subpath === "orders") return ordersLoader(forwarded);
  return new Response("Not found", { status: 404 });
}

export async function action(args: ActionFunctionArgs) {
  const forwarded = forward(args);
  if (forwarded?.subpath === "lookup") return lookupAction(forwarded);
  return new Response("Not found", { status: 404 });
}
