import type { LoaderFunctionArgs } from "@remix-run/node";
import { authenticate, isBadAuthRequest } from "~/shopify.server";

export async function loader({ request }: LoaderFunctionArgs) {
  try {
    await authenticate.admin(request);
  } catch (error) {
    // An untrusted exit-iframe destination or a malformed shop is the caller's mistake.
    if (isBadAuthRequest(error)) throw new Response("Bad Request", { status: 400 });
    throw error;
  }
  return null;
}
