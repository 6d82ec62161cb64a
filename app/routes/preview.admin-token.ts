import type { ActionFunctionArgs } from "@remix-run/node";
import { previewToken } from "~/services/admin-preview.server";
import { previewAllowed } from "~/services/storefront-preview.server";

// Demo/test only: a fresh session token for the admin preview frame.
export function loader() {
  return new Response("Not found", { status: 404 });
}

export function action({ request }: ActionFunctionArgs) {
  if (!previewAllowed(request)) return new Response("Not found", { status: 404 });
  return Response.json(previewToken(), { headers: { "Cache-Control": "no-store" } });
}
