import type { ActionFunctionArgs } from "@remix-run/node";
import { handleComplianceWebhook } from "~/services/compliance.server";
import { authenticateWebhook, rejectNonPost, webhookResponse } from "~/shopify/webhook-request.server";

// customers/data_request, customers/redact, shop/redact. A bad HMAC is answered 401 by
// authenticateWebhook, as Shopify's app review requires.
export async function action({ request }: ActionFunctionArgs) {
  const delivery = await authenticateWebhook(request);
  return webhookResponse(await handleComplianceWebhook(delivery));
}

export const loader = rejectNonPost;
