// The Settings form (SPEC §6 coalescing, §7 "Settings") as the browser submits it: flat strings.
// One parser for the browser and the server; errors are message keys per field, so both sides
// show them in the merchant's language. Empty optional fields mean "not set" (null): the shop's
// own value or the app's default applies.
import { z } from "zod";
import {
  formatWorkingDays,
  isValidTimeZone,
  parseWorkingDays,
  type Weekday,
} from "../automation/business-days";

export const WEEKDAYS: readonly Weekday[] = [1, 2, 3, 4, 5, 6, 7];
/** Days after which closed or cancelled orders may be deleted; "" keeps them. */
export const RETENTION_CHOICES = ["90", "180", "365", "730"] as const;
export const MAX_COALESCE_SECONDS = 3600;

export interface SettingsFormInput {
  senderName: string;
  replyTo: string;
  coalesceSeconds: string;
  /** ISO weekdays, comma-separated ("1,2,3,4,5"). */
  workingDays: string;
  timeZone: string;
  digestEnabled: "true" | "false";
  digestRecipient: string;
  retentionDays: "" | (typeof RETENTION_CHOICES)[number];
  writeBackMetafield: "true" | "false";
  writeBackTag: "true" | "false";
}

export interface ShopSettings {
  senderName: string | null;
  replyTo: string | null;
  emailCoalesceSeconds: number | null;
  workingDays: string;
  timeZone: string | null;
  digestEnabled: boolean;
  digestRecipient: string | null;
  retentionDays: number | null;
  writeBackMetafield: boolean;
  writeBackTag: boolean;
}

export type SettingsFieldErrors = Partial<Record<keyof SettingsFormInput, string>>;
export type SettingsFormResult =
  { ok: true; settings: ShopSettings } | { ok: false; errors: SettingsFieldErrors };

const str = z.preprocess((v) => (typeof v === "string" ? v : ""), z.string());
const optionalText = (max: number) =>
  str.pipe(
    z
      .string()
      .trim()
      .max(max, "settings.error.tooLong")
      .refine((v) => !/[\r\n]/.test(v), "settings.error.lineBreak")
      .transform((v) => (v === "" ? null : v)),
  );
const optionalEmail = (message: string) =>
  str.pipe(
    z
      .string()
      .trim()
      .refine((v) => v === "" || (v.length <= 254 && z.string().email().safeParse(v).success), {
        message,
      })
      .transform((v) => (v === "" ? null : v)),
  );
const flag = z.preprocess((v) => v === "true" || v === true || v === "on", z.boolean());

export const settingsFormSchema = z.object({
  senderName: optionalText(100),
  replyTo: optionalEmail("settings.error.replyTo"),
  coalesceSeconds: str.pipe(
    z
      .string()
      .trim()
      .refine(
        (v) => v === "" || (/^\d{1,4}$/.test(v) && Number(v) <= MAX_COALESCE_SECONDS),
        "settings.error.coalesce",
      )
      .transform((v) => (v === "" ? null : Number(v))),
  ),
  workingDays: str.pipe(
    z
      .string()
      .refine((v) => v.split(",").every((d) => /^\s*[1-7]\s*$/.test(d)), "settings.error.days")
      .transform((v) => parseWorkingDays(v))
      .refine((days) => days.length > 0, "settings.error.days")
      .transform((days) => formatWorkingDays(days)),
  ),
  timeZone: str.pipe(
    z
      .string()
      .trim()
      .refine((v) => v === "" || isValidTimeZone(v), "settings.error.timeZone")
      .transform((v) => (v === "" ? null : v)),
  ),
  digestEnabled: flag,
  digestRecipient: optionalEmail("settings.error.digestRecipient"),
  retentionDays: str.pipe(
    z
      .enum(["", ...RETENTION_CHOICES], {
        errorMap: () => ({ message: "settings.error.retention" }),
      })
      .transform((v) => (v === "" ? null : Number(v))),
  ),
  writeBackMetafield: flag,
  writeBackTag: flag,
});

/** The form's values of a shop's stored settings. */
export function settingsFormOf(shop: ShopSettings): SettingsFormInput {
  const retention = String(shop.retentionDays ?? "");
  return {
    senderName: shop.senderName ?? "",
    replyTo: shop.replyTo ?? "",
    coalesceSeconds: shop.emailCoalesceSeconds == null ? "" : String(shop.emailCoalesceSeconds),
    workingDays: formatWorkingDays(parseWorkingDays(shop.workingDays)),
    timeZone: shop.timeZone ?? "",
    digestEnabled: shop.digestEnabled ? "true" : "false",
    digestRecipient: shop.digestRecipient ?? "",
    retentionDays: (RETENTION_CHOICES as readonly string[]).includes(retention)
      ? (retention as SettingsFormInput["retentionDays"])
      : "",
    writeBackMetafield: shop.writeBackMetafield ? "true" : "false",
    writeBackTag: shop.writeBackTag ? "true" : "false",
  };
}

/** Parses a submitted Settings form (every value a string, as a form posts it). */
export function parseSettingsForm(input: Record<string, unknown>): SettingsFormResult {
  const parsed = settingsFormSchema.safeParse(input);
  if (!parsed.success) {
    const errors: SettingsFieldErrors = {};
    for (const issue of parsed.error.issues) {
      const field = issue.path[0] as keyof SettingsFormInput;
      errors[field] ??= issue.message.startsWith("settings.")
        ? issue.message
        : "settings.error.invalid";
    }
    return { ok: false, errors };
  }
  const { coalesceSeconds, ...rest } = parsed.data;
  return { ok: true, settings: { ...rest, emailCoalesceSeconds: coalesceSeconds } };
}

/** "1,2,3" with `day` switched on or off. */
export function toggleWorkingDay(stored: string, day: Weekday, on: boolean): string {
  const days = new Set(parseWorkingDays(stored === "" ? "" : stored));
  if (on) days.add(day);
  else days.delete(day);
  return formatWorkingDays([...days]);
}
