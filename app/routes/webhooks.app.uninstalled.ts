import type { ActionFunctionArgs } from "@remix-run/node";
import { handleAppUninstalled } from "~/services/app-lifecycle.server";
import { authenticateWebhook, rejectNonPost, webhookResponse } from "~/shopify/webhook-request.server";

export async function action({ request }: ActionFunctionArgs) {
  const delivery = await authenticateWebhook(request);
  return webhookResponse(await handleAppUninstalled(delivery));
}

export const loader = rejectNonPost;
