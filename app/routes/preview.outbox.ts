import type { LoaderFunctionArgs } from "@remix-run/node";
import { renderOutboxPage } from "~/services/outbox-preview.server";
import { previewAllowed } from "~/services/storefront-preview.server";

// Demo/test only: the simulated shop's emails (see outbox-preview.server.ts).
export async function loader({ request }: LoaderFunctionArgs) {
  if (!previewAllowed(request)) return new Response("Not found", { status: 404 });
  return new Response(await renderOutboxPage(), {
    headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" },
  });
}
