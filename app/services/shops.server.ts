import { DEFAULT_STAGES } from "~/domain/stages";
import { findShop, upsertShop } from "~/models/shops.server";
import { insertMissingStages } from "~/models/stages.server";
import { isUniqueViolation } from "~/models/client.server";

// Shops known (in this process) to have their row and default stages.
const preparedShops = new Set<string>();

/**
 * Makes sure the shop row and its default stages exist. Called by install and by every
 * webhook, because Shopify may deliver a webhook before the install callback ran.
 */
export async function ensureShop(shop: string, { installed = false } = {}) {
  if (!installed && preparedShops.has(shop)) return;
  for (let attempt = 1; ; attempt++) {
    try {
      await upsertShop(shop, { installed });
      await insertMissingStages(shop, DEFAULT_STAGES);
      break;
    } catch (error) {
      // First deliveries for a new shop race to create its rows; a loser re-checks what exists.
      if (!isUniqueViolation(error) || attempt >= 5) throw error;
    }
  }
  preparedShops.add(shop);
}

/** Forgets the per-process cache entry (after the shop's data was deleted). */
export function forgetShop(shop: string) {
  preparedShops.delete(shop);
}

/**
 * True when the shop uninstalled the app and has not installed it again since. A shop Stageline
 * has not seen, or that installed but whose merchant has not opened the app yet (no session),
 * is not: Shopify sends webhooks only to shops that have the app.
 */
export async function shopUninstalled(shop: string): Promise<boolean> {
  const row = await findShop(shop);
  if (!row?.uninstalledAt) return false;
  return !row.installedAt || row.installedAt < row.uninstalledAt;
}
