import type { LoaderFunctionArgs } from "@remix-run/node";
import { previewLocale, previewStartPath, renderAdminFrame } from "~/services/admin-preview.server";
import { previewAllowed } from "~/services/storefront-preview.server";

// Demo/test only: the embedded admin inside a stand-in of Shopify admin's frame
// (see admin-preview.server.ts).
export function loader({ request }: LoaderFunctionArgs) {
  if (!previewAllowed(request)) return new Response("Not found", { status: 404 });
  const url = new URL(request.url);
  return new Response(renderAdminFrame(previewStartPath(url), previewLocale(url)), {
    headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" },
  });
}
