// The stage editor's rules (SPEC §4, §7): one schema for the form in the browser and the action
// on the server, and the pure checks of creating, reordering and deleting stages. Messages are
// keys of the admin's string files (app/i18n), so both sides show them in the merchant's language.
import { z } from "zod";
import { isDefaultStageKey, type StageColor } from "../stages";

/** Polaris Badge tones a stage may use. */
export const STAGE_COLORS = [
  "info",
  "success",
  "warning",
  "critical",
  "attention",
  "new",
  "magic",
  "read-only",
  "enabled",
] as const satisfies readonly StageColor[];

/** Icons the storefront block and the admin know. */
export const STAGE_ICONS = [
  "receipt",
  "clock",
  "credit-card-alert",
  "check-circle",
  "package",
  "pause-circle",
  "package-split",
  "package-fulfilled",
  "delivery",
  "truck",
  "store",
  "alert-triangle",
  "home",
  "x-circle",
  "cash-refund",
  "return",
  "return-declined",
  "return-complete",
  "hammer",
  "star",
] as const;

/** Locales every stage has text in; merchants may add more. */
export const REQUIRED_STAGE_LOCALES = ["en", "sv"] as const;

export const STAGE_KEY_PATTERN = /^[a-z][a-z0-9_]{0,63}$/;

// "/app/stages/new" is the create page.
const RESERVED_KEYS: ReadonlySet<string> = new Set(["new"]);

const text = (max: number, required: boolean) =>
  z
    .string({ invalid_type_error: "errors.required" })
    .trim()
    .max(max, "errors.tooLong")
    .refine((value) => !required || value.length > 0, "errors.required");

/** The stage form as submitted (every value a string, as a form posts it). */
export const stageFormSchema = z.object({
  key: z.string().trim().regex(STAGE_KEY_PATTERN, "errors.keyFormat"),
  labelEn: text(80, true),
  labelSv: text(80, true),
  descriptionEn: text(500, false),
  descriptionSv: text(500, false),
  internalName: text(80, true),
  color: z.enum(STAGE_COLORS, { errorMap: () => ({ message: "errors.color" }) }),
  icon: z.enum(STAGE_ICONS, { errorMap: () => ({ message: "errors.icon" }) }),
  visibleToCustomer: z.enum(["true", "false"]).transform((v) => v === "true"),
  notifyCustomer: z.enum(["true", "false"]).transform((v) => v === "true"),
  expectedBusinessDays: z
    .string()
    .trim()
    .refine((v) => v === "" || /^\d{1,3}$/.test(v), "errors.days")
    .transform((v) => (v === "" ? null : Number(v))),
  position: z
    .string()
    .trim()
    .regex(/^\d{1,4}$/, "errors.position")
    .transform(Number),
});

export type StageFormInput = z.input<typeof stageFormSchema>;
export type StageForm = z.output<typeof stageFormSchema>;

/** Field name → message key of the first problem with it. */
export type FieldErrors = Partial<Record<keyof StageFormInput, string>>;

export type StageFormResult = { ok: true; form: StageForm } | { ok: false; errors: FieldErrors };

/**
 * Parses the submitted form. `existingKeys` are the shop's stage keys; `editing` the key of the
 * stage being edited (null when creating: the key must then be new).
 */
export function parseStageForm(
  input: Record<string, unknown>,
  existingKeys: readonly string[],
  editing: string | null,
): StageFormResult {
  const parsed = stageFormSchema.safeParse(input);
  const errors: FieldErrors = {};
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path[0] as keyof StageFormInput;
      errors[field] ??= issue.message.startsWith("errors.") ? issue.message : "errors.invalid";
    }
  }
  const key = typeof input.key === "string" ? input.key.trim() : "";
  if (editing === null && !errors.key && (existingKeys.includes(key) || RESERVED_KEYS.has(key))) {
    errors.key = "errors.keyTaken";
  }
  if (editing !== null && key !== editing) errors.key = "errors.keyFixed";
  if (!parsed.success || Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, form: parsed.data };
}

/** A key for a new stage from its English label: "In production" → "in_production". */
export function suggestStageKey(label: string, existingKeys: readonly string[]): string {
  const base =
    label
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "_")
      .replace(/^_+|_+$/g, "")
      .replace(/^(\d)/, "s_$1")
      .slice(0, 56) || "stage";
  if (!existingKeys.includes(base)) return base;
  for (let n = 2; ; n++) if (!existingKeys.includes(`${base}_${n}`)) return `${base}_${n}`;
}

export interface OrderedStage {
  key: string;
  kind: string;
}

/**
 * Checks a new order of the shop's stages: the same keys, each once, and the stages Shopify's
 * facts drive (kind "mirrored") still in their relative order — the stage engine reads progress
 * from positions, so only the merchant's own stages may move between them.
 */
export function checkStageOrder(
  current: readonly OrderedStage[],
  proposedKeys: readonly string[],
): "ok" | "errors.orderKeys" | "errors.orderMirrored" {
  if (
    proposedKeys.length !== current.length ||
    new Set(proposedKeys).size !== proposedKeys.length ||
    !current.every((s) => proposedKeys.includes(s.key))
  ) {
    return "errors.orderKeys";
  }
  const mirrored = new Set(current.filter((s) => s.kind === "mirrored").map((s) => s.key));
  const before = current.filter((s) => mirrored.has(s.key)).map((s) => s.key);
  const after = proposedKeys.filter((k) => mirrored.has(k));
  return before.every((k, i) => after[i] === k) ? "ok" : "errors.orderMirrored";
}

/** Keys in their new order after moving `key` one place up (-1) or down (+1). */
export function moveStage(keys: readonly string[], key: string, by: -1 | 1): string[] {
  const from = keys.indexOf(key);
  const to = from + by;
  if (from < 0 || to < 0 || to >= keys.length) return [...keys];
  const next = [...keys];
  [next[from], next[to]] = [next[to]!, next[from]!];
  return next;
}

/** Default stages are edited, never deleted; custom ones go only with a target for their orders. */
export function checkStageDeletion(
  key: string,
  target: string | null,
  existingKeys: readonly string[],
): "ok" | "errors.deleteDefault" | "errors.deleteTarget" {
  if (isDefaultStageKey(key)) return "errors.deleteDefault";
  if (!target || target === key || !existingKeys.includes(target)) return "errors.deleteTarget";
  return "ok";
}
