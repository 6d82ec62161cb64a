import { handleScopesUpdate } from "~/services/app-lifecycle.server";
import { rejectNonPost, webhookAction } from "~/adapters/webhook-request.server";

export const action = webhookAction(handleScopesUpdate);

export const loader = rejectNonPost;
