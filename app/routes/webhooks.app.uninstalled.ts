import { handleAppUninstalled } from "~/services/app-lifecycle.server";
import { rejectNonPost, webhookAction } from "~/shopify/webhook-request.server";

export const action = webhookAction(handleAppUninstalled);

export const loader = rejectNonPost;
