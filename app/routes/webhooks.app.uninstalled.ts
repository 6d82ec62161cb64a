import { handleAppUninstalled } from "~/services/app-lifecycle.server";
import { rejectNonPost, webhookAction } from "~/adapters/webhook-request.server";

export const action = webhookAction(handleAppUninstalled);

export const loader = rejectNonPost;
