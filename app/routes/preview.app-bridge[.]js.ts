import type { LoaderFunctionArgs } from "@remix-run/node";
import { appBridgeStandInScript } from "~/services/admin-preview.server";
import { previewAllowed } from "~/services/storefront-preview.server";

// Demo/test only: the local App Bridge stand-in the admin preview loads instead of Shopify's CDN.
export function loader({ request }: LoaderFunctionArgs) {
  if (!previewAllowed(request)) return new Response("Not found", { status: 404 });
  return new Response(appBridgeStandInScript(), {
    headers: { "Content-Type": "text/javascript; charset=utf-8", "Cache-Control": "no-store" },
  });
}
