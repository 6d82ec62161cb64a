import type { LoaderFunctionArgs } from "@remix-run/node";
import { readExtensionAsset } from "~/services/storefront-block.server";
import { previewAllowed } from "~/services/storefront-preview.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const asset = previewAllowed(request) ? readExtensionAsset(params.name ?? "") : null;
  if (!asset) return new Response("Not found", { status: 404 });
  return new Response(new Uint8Array(asset.body), {
    headers: { "Content-Type": asset.type, "Cache-Control": "no-store" },
  });
}
