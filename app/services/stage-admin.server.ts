// The Stages page (SPEC §4, §7): list, create, edit, reorder, delete with reassignment. The
// rules are pure (domain/admin/stage-form); this loads, checks and stores.
import {
  checkStageDeletion,
  checkStageOrder,
  parseStageForm,
  type FieldErrors,
  type StageForm,
} from "~/domain/admin/stage-form";
import { isDefaultStageKey, type StageColor } from "~/domain/stages";
import { countOrdersInStage, listOrderGidsInStage } from "~/models/order-list.server";
import { countOrdersByStage } from "~/models/orders.server";
import {
  createCustomStage,
  deleteCustomStage,
  reorderStages,
  updateStage,
  type StageWrite,
} from "~/models/stage-admin.server";
import { listStages, type StageRow } from "~/models/stages.server";
import { ensureShop } from "./shops.server";
import { setOrderStages, STAGE_CHANGE_LIMITS } from "./stage-changes.server";

export interface AdminStage {
  key: string;
  labels: Record<string, string>;
  descriptions: Record<string, string>;
  internalName: string;
  color: StageColor;
  icon: string;
  kind: string;
  isDefault: boolean;
  position: number;
  visibleToCustomer: boolean;
  notifyCustomer: boolean;
  expectedBusinessDays: number | null;
}

export function adminStage(row: StageRow): AdminStage {
  return {
    key: row.key,
    labels: JSON.parse(row.labels) as Record<string, string>,
    descriptions: JSON.parse(row.descriptions) as Record<string, string>,
    internalName: row.internalName,
    color: row.color as StageColor,
    icon: row.icon,
    kind: row.kind,
    isDefault: isDefaultStageKey(row.key),
    position: row.position,
    visibleToCustomer: row.visibleToCustomer,
    notifyCustomer: row.notifyCustomer,
    expectedBusinessDays: row.expectedBusinessDays,
  };
}

/** The shop's stages by position, as the admin shows them. */
export async function loadAdminStages(shop: string): Promise<AdminStage[]> {
  await ensureShop(shop);
  return (await listStages(shop)).map(adminStage);
}

export async function loadStagesPage(shop: string) {
  const [stages, counts] = await Promise.all([loadAdminStages(shop), countOrdersByStage(shop)]);
  return { stages: stages.map((s) => ({ ...s, orderCount: counts.get(s.key) ?? 0 })) };
}

/** The editor of one stage (`key` null: a new one); null when the shop has no such stage. */
export async function loadStageEditor(shop: string, key: string | null) {
  const stages = await loadAdminStages(shop);
  const stage = key === null ? null : stages.find((s) => s.key === key);
  if (stage === undefined) return null;
  return {
    stage,
    stages: stages.map((s) => ({ key: s.key, labels: s.labels, position: s.position })),
  };
}

function stageWrite(form: StageForm, existing: AdminStage | null): StageWrite {
  return {
    // Locales beyond en and sv that the stage already had are kept.
    labels: { ...existing?.labels, en: form.labelEn, sv: form.labelSv },
    descriptions: { ...existing?.descriptions, en: form.descriptionEn, sv: form.descriptionSv },
    internalName: form.internalName,
    color: form.color,
    icon: form.icon,
    visibleToCustomer: form.visibleToCustomer,
    notifyCustomer: form.notifyCustomer,
    expectedBusinessDays: form.expectedBusinessDays,
  };
}

export type SaveStageResult = { ok: true; key: string } | { ok: false; errors: FieldErrors };

/** Creates (`editing` null) or edits a stage from the submitted form; nothing is saved on error. */
export async function saveStage(
  shop: string,
  editing: string | null,
  input: Record<string, unknown>,
): Promise<SaveStageResult | null> {
  const stages = await loadAdminStages(shop);
  const existing = editing === null ? null : (stages.find((s) => s.key === editing) ?? null);
  if (editing !== null && !existing) return null;
  const parsed = parseStageForm(
    input,
    stages.map((s) => s.key),
    editing,
  );
  if (!parsed.ok) return parsed;
  const write = stageWrite(parsed.form, existing);
  if (existing) {
    if (!(await updateStage(shop, existing.key, parsed.form.position, write))) return null;
    return { ok: true, key: existing.key };
  }
  await createCustomStage(shop, parsed.form.key, parsed.form.position, write);
  return { ok: true, key: parsed.form.key };
}

/** Stores a new order of the shop's stages; answers the message key of what is wrong, if any. */
export async function saveStageOrder(shop: string, keys: unknown): Promise<string | null> {
  const stages = await loadAdminStages(shop);
  const proposed = Array.isArray(keys) && keys.every((k) => typeof k === "string") ? keys : [];
  const verdict = checkStageOrder(stages, proposed);
  if (verdict !== "ok") return verdict;
  await reorderStages(shop, proposed);
  return null;
}

export type DeleteStageResult = { ok: true; moved: number } | { ok: false; error: string };

/**
 * Moves the stage's orders to `target` (a timeline entry each; an email only with `notify`),
 * then deletes the stage. Null when the shop has no such stage.
 */
export async function deleteStage(
  shop: string,
  key: string,
  request: { target: string | null; notify: boolean; actor: string | null; now: Date },
): Promise<DeleteStageResult | null> {
  const stages = await loadAdminStages(shop);
  const stage = stages.find((s) => s.key === key);
  if (!stage) return null;
  const verdict = checkStageDeletion(
    key,
    request.target,
    stages.map((s) => s.key),
  );
  if (verdict !== "ok") return { ok: false, error: verdict };
  let moved = 0;
  // Batches through the merchant's write path until the stage is empty; an order that cannot
  // be moved stops the deletion rather than being left on a stage that no longer exists.
  for (;;) {
    const batch = await listOrderGidsInStage(shop, key, STAGE_CHANGE_LIMITS.orders);
    if (batch.length === 0) break;
    const results = await setOrderStages(shop, batch, {
      stageKey: request.target!,
      notify: request.notify,
      actor: request.actor,
      note: `Stage “${stage.internalName}” deleted`,
      now: request.now,
    });
    const changed = results.filter((r) => r.status === "changed").length;
    if (changed < batch.length) return { ok: false, error: "errors.deleteFailed" };
    moved += changed;
  }
  if ((await countOrdersInStage(shop, key)) > 0) return { ok: false, error: "errors.deleteFailed" };
  await deleteCustomStage(shop, key);
  return { ok: true, moved };
}
