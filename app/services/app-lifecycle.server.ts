// Install, app/uninstalled, app/scopes_update and bulk_operations/finish.
import { z } from "zod";
import { db } from "~/db.server";
import { upsertBulkOperation } from "~/models/bulk-operations.server";
import { cancelPendingEmails } from "~/models/email-outbox.server";
import { deleteShopSessions, updateShopSessionScopes } from "~/models/sessions.server";
import { markShopUninstalled } from "~/models/shops.server";
import { parseJsonLossless } from "~/shopify/json";
import type { AdminGraphql } from "~/shopify/admin-graphql.server";
import type { WebhookDelivery, WebhookOutcome } from "./webhook-delivery";
import { startBackfill } from "./backfill.server";
import { refreshShopIdentity } from "./shop-identity.server";

/** After install (afterAuth): the shop's identity, then the day-one backfill. */
export async function onShopInstalled(admin: AdminGraphql) {
  try {
    await refreshShopIdentity(admin);
  } finally {
    await startBackfill(admin);
  }
}

/**
 * Keeps the shop's data (until shop/redact) but forgets its sessions (tokens are now invalid)
 * and cancels the emails that have not gone out: a merchant who removed the app sends no more.
 */
export async function handleAppUninstalled(delivery: WebhookDelivery): Promise<WebhookOutcome> {
  const at = delivery.triggeredAt ?? new Date();
  const [sessions, emails] = await db().$transaction(async (tx) => {
    await markShopUninstalled(delivery.shop, at, tx);
    return Promise.all([
      deleteShopSessions(delivery.shop, tx),
      cancelPendingEmails(delivery.shop, "the app was uninstalled", tx),
    ]);
  });
  return {
    status: "stored",
    detail: { sessionsDeleted: sessions.count, emailsCancelled: emails.count },
  };
}

const scopesPayload = z.object({ current: z.array(z.string()) });

export async function handleScopesUpdate(delivery: WebhookDelivery): Promise<WebhookOutcome> {
  const parsed = scopesPayload.safeParse(parseJsonLossless(delivery.rawBody));
  if (!parsed.success) return { status: "invalid", error: "current: expected a list of scopes" };
  await updateShopSessionScopes(delivery.shop, parsed.data.current.join(","));
  return { status: "stored" };
}

const bulkOperationPayload = z.object({
  admin_graphql_api_id: z.string().min(1),
  status: z.string().min(1),
  error_code: z.string().nullish(),
  type: z.string().nullish(),
  completed_at: z.string().datetime({ offset: true }).nullish(),
});

/** Remembers that a bulk operation finished; the backfill reads its result from Shopify. */
export async function recordBulkOperationFinished(
  delivery: WebhookDelivery,
): Promise<WebhookOutcome> {
  const parsed = bulkOperationPayload.safeParse(parseJsonLossless(delivery.rawBody));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { status: "invalid", error: `${issue?.path.join(".")}: ${issue?.message}` };
  }
  const p = parsed.data;
  await upsertBulkOperation(delivery.shop, {
    operationGid: p.admin_graphql_api_id,
    status: p.status.toUpperCase(),
    errorCode: p.error_code ?? null,
    type: p.type ?? null,
    completedAt: p.completed_at ? new Date(p.completed_at) : null,
  });
  return { status: "stored" };
}
