import { recordBulkOperationFinished } from "~/services/app-lifecycle.server";
import { rejectNonPost, webhookAction } from "~/shopify/webhook-request.server";

export const action = webhookAction(recordBulkOperationFinished);

export const loader = rejectNonPost;
