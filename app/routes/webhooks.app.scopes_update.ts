import type { ActionFunctionArgs } from "@remix-run/node";
import { handleScopesUpdate } from "~/services/app-lifecycle.server";
import { authenticateWebhook, rejectNonPost, webhookResponse } from "~/shopify/webhook-request.server";

export async function action({ request }: ActionFunctionArgs) {
  const delivery = await authenticateWebhook(request);
  return webhookResponse(await handleScopesUpdate(delivery));
}

export const loader = rejectNonPost;
