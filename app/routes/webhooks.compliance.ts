import { handleComplianceWebhook } from "~/services/compliance.server";
import { rejectNonPost, webhookAction } from "~/adapters/webhook-request.server";

// customers/data_request, customers/redact, shop/redact. A bad HMAC is answered 401, as
// Shopify's app review requires.
export const action = webhookAction(handleComplianceWebhook);

export const loader = rejectNonPost;
