import { handleScopesUpdate } from "~/services/app-lifecycle.server";
import { rejectNonPost, webhookAction } from "~/shopify/webhook-request.server";

export const action = webhookAction(handleScopesUpdate);

export const loader = rejectNonPost;
