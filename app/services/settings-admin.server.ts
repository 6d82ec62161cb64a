// The Settings admin page (SPEC §7 "Settings"): a shop's email, calendar, digest, write-back and
// retention settings; its backfill and reconciliation runs; the lookup block's theme-editor link.
import {
  parseSettingsForm,
  settingsFormOf,
  type SettingsFieldErrors,
} from "~/domain/admin/settings-form";
import { addAppBlockLink } from "~/domain/admin/theme-editor-link";
import { isValidTimeZone } from "~/domain/automation/business-days";
import { env } from "~/env.server";
import { findShop, updateShopSettings } from "~/models/shops.server";
import {
  latestSyncRun,
  recentSyncRuns,
  unfinishedSyncRun,
  updateSyncRun,
  type SyncRunRow,
} from "~/models/sync-runs.server";
import type { AdminGraphql } from "~/shopify/admin-graphql.server";
import { startBackfill } from "./backfill.server";
import { ensureShop } from "./shops.server";

const RECONCILIATIONS_SHOWN = 3;

function runView(run: SyncRunRow) {
  return {
    id: run.id,
    status: run.status,
    ordersRead: run.ordersRead,
    ordersApplied: run.ordersApplied,
    ordersHealed: run.ordersHealed,
    errors: run.errors,
    lastError: run.lastError,
    startedAt: run.startedAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
    active: !run.finishedAt && run.status !== "finished" && run.status !== "failed",
  };
}
export type SyncRunView = ReturnType<typeof runView>;

/** Every IANA zone the runtime knows (with `extra` when it is a valid zone it does not list). */
function timeZones(...extra: (string | null | undefined)[]): string[] {
  const zones = new Set(Intl.supportedValuesOf("timeZone"));
  zones.add("UTC");
  for (const zone of extra) if (zone && isValidTimeZone(zone)) zones.add(zone);
  return [...zones].sort();
}

/** The backfill under way for the shop (for the dashboard's banner), or null. */
export async function activeBackfill(shop: string) {
  const run = await unfinishedSyncRun(shop, "backfill");
  return run ? runView(run) : null;
}

export async function loadSettingsPage(shop: string) {
  await ensureShop(shop);
  const [row, backfill, reconciliations] = await Promise.all([
    findShop(shop),
    latestSyncRun(shop, "backfill"),
    recentSyncRuns(shop, "reconcile", RECONCILIATIONS_SHOWN),
  ]);
  if (!row) throw new Error(`${shop}: no shop row after ensureShop`);
  const shopZone = row.ianaTimezone && isValidTimeZone(row.ianaTimezone) ? row.ianaTimezone : "UTC";
  return {
    form: settingsFormOf(row),
    defaults: {
      senderName: row.name ?? shop.replace(/\.myshopify\.com$/, ""),
      replyTo: row.email ?? "",
      coalesceSeconds: env().EMAIL_COALESCE_SECONDS,
      timeZone: shopZone,
      digestRecipient: row.accountEmail ?? row.email ?? "",
    },
    timeZones: timeZones(shopZone, row.timeZone),
    themeEditorUrl: addAppBlockLink(shop, env().SHOPIFY_API_KEY),
    backfill: backfill ? runView(backfill) : null,
    reconciliations: reconciliations.map(runView),
  };
}

export type SaveSettingsResult = { ok: true } | { ok: false; errors: SettingsFieldErrors };

/** Validates and stores the whole form; nothing is stored when any field is wrong. */
export async function saveSettings(
  shop: string,
  input: Record<string, unknown>,
): Promise<SaveSettingsResult> {
  const parsed = parseSettingsForm(input);
  if (!parsed.ok) return parsed;
  await ensureShop(shop);
  const row = await findShop(shop);
  const { settings } = parsed;
  // The shop's own zone is the default: stored as "not set", so it follows the shop's changes.
  if (settings.timeZone && settings.timeZone === (row?.ianaTimezone || "UTC")) {
    settings.timeZone = null;
  }
  await updateShopSettings(shop, settings);
  return { ok: true };
}

export type ResyncResult =
  { ok: true; runId: number } | { ok: false; error: "running" | "notInstalled" | "refused" };

/**
 * Starts a backfill of the shop's orders, unless one is under way (refused: one at a time).
 * `admin` is null when the shop has no offline session.
 */
export async function resyncOrders(
  shop: string,
  admin: AdminGraphql | null,
): Promise<ResyncResult> {
  if (await unfinishedSyncRun(shop, "backfill")) return { ok: false, error: "running" };
  if (!admin) return { ok: false, error: "notInstalled" };
  const startedAt = new Date();
  try {
    const run = await startBackfill(admin, { now: startedAt });
    if (run.status === "failed") return { ok: false, error: "refused" };
    return { ok: true, runId: run.id };
  } catch (error) {
    // Shopify could not be reached: the run it began ends as failed, so another can start.
    console.warn(`stageline: ${shop}: starting a backfill failed`, error);
    const run = await unfinishedSyncRun(shop, "backfill");
    if (run?.status === "starting" && run.startedAt.getTime() === startedAt.getTime()) {
      await updateSyncRun(shop, run.id, null, {
        status: "failed",
        lastError: error instanceof Error ? error.message : String(error),
        finishedAt: new Date(),
      });
    }
    return { ok: false, error: "refused" };
  }
}
