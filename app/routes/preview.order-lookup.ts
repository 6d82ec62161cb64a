import type { LoaderFunctionArgs } from "@remix-run/node";
import { previewAllowed, renderPreviewPage } from "~/services/storefront-preview.server";

// Demo/test only: the storefront block rendered locally (see storefront-preview.server.ts).
export async function loader({ request }: LoaderFunctionArgs) {
  if (!previewAllowed(request)) return new Response("Not found", { status: 404 });
  const url = new URL(request.url);
  const locale = /^[a-z]{2}(-[A-Z]{2})?$/.test(url.searchParams.get("locale") ?? "")
    ? url.searchParams.get("locale")!
    : "en";
  const askFor = url.searchParams.get("ask_for") === "phone" ? "phone" : "email";
  const html = await renderPreviewPage({
    locale,
    loggedIn: url.searchParams.has("customer"),
    settings: {
      ask_for: askFor,
      ...(url.searchParams.get("heading") ? { heading: url.searchParams.get("heading")! } : {}),
    },
  });
  return new Response(html, {
    headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" },
  });
}
