import type { LoaderFunctionArgs } from "@remix-run/node";
import { readExtensionAsset } from "~/services/storefront-block.server";

// GET /apps/order-status/assets/<name>: the lookup block's script and stylesheet for the order
// status page. Public files, the same for every shop.
export async function loader({ params }: LoaderFunctionArgs) {
  const asset = readExtensionAsset(params.name ?? "");
  if (!asset) return new Response("Not found", { status: 404 });
  return new Response(new Uint8Array(asset.body), {
    headers: {
      "Content-Type": asset.type,
      "Cache-Control": "public, max-age=3600",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
