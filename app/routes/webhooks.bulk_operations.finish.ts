import { recordBulkOperationFinished } from "~/services/app-lifecycle.server";
import { rejectNonPost, webhookAction } from "~/adapters/webhook-request.server";

export const action = webhookAction(recordBulkOperationFinished);

export const loader = rejectNonPost;
