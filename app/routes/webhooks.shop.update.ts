import { recordShopUpdate } from "~/services/shop-identity.server";
import { rejectNonPost, webhookAction } from "~/adapters/webhook-request.server";

export const action = webhookAction(recordShopUpdate);

export const loader = rejectNonPost;
