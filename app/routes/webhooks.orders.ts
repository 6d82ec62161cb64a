import { ingestOrderWebhook } from "~/services/order-ingestion.server";
import { rejectNonPost, webhookAction } from "~/adapters/webhook-request.server";

// orders/*, fulfillments/*, fulfillment_events/create, refunds/create, returns/*,
// fulfillment_orders/* (see shopify.app.toml).
export const action = webhookAction(ingestOrderWebhook);

export const loader = rejectNonPost;
