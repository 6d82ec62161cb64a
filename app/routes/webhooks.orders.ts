import type { ActionFunctionArgs } from "@remix-run/node";
import { ingestOrderWebhook } from "~/services/order-ingestion.server";
import { authenticateWebhook, rejectNonPost, webhookResponse } from "~/shopify/webhook-request.server";

// orders/*, fulfillments/*, fulfillment_events/create, refunds/create, returns/*,
// fulfillment_orders/* (see shopify.app.toml).
export async function action({ request }: ActionFunctionArgs) {
  const delivery = await authenticateWebhook(request);
  return webhookResponse(await ingestOrderWebhook(delivery));
}

export const loader = rejectNonPost;
