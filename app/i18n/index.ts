// The admin's languages (SPEC §7): the admin user's `locale` picks English or Swedish for every
// app string; strings live in one file per locale, and Swedish must have every English key.
import { en, type MessageKey } from "./en";
import { sv } from "./sv";

export const ADMIN_LOCALES = ["en", "sv"] as const;
export type AdminLocale = (typeof ADMIN_LOCALES)[number];
export type { MessageKey };

const MESSAGES: Record<AdminLocale, Record<MessageKey, string>> = { en, sv };

/** Shopify's `locale` ("sv", "sv-SE", "en-US") → a locale the admin speaks; English otherwise. */
export function adminLocale(raw: string | null | undefined): AdminLocale {
  const language = (raw ?? "").trim().toLowerCase().split(/[-_]/)[0];
  return ADMIN_LOCALES.find((l) => l === language) ?? "en";
}

export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(en, key);
}

const pluralRules = new Map<AdminLocale, Intl.PluralRules>();

/**
 * A message with a count may have two forms, "one|other" ("{count} order|{count} orders"): the
 * locale's plural rule picks one by `count` (a number, or one already formatted: "1 000").
 */
function pluralForm(locale: AdminLocale, template: string, count: string | number | undefined) {
  const bar = template.indexOf("|");
  if (bar === -1) return template;
  const n = typeof count === "number" ? count : Number(String(count).replace(/[^\d.-]/g, ""));
  let rules = pluralRules.get(locale);
  if (!rules) pluralRules.set(locale, (rules = new Intl.PluralRules(locale)));
  return Number.isFinite(n) && rules.select(n) === "one"
    ? template.slice(0, bar)
    : template.slice(bar + 1);
}

/** The string of `key` in `locale`, with `{name}` placeholders filled. */
export function translate(
  locale: AdminLocale,
  key: MessageKey,
  values: Record<string, string | number> = {},
): string {
  const template = pluralForm(locale, MESSAGES[locale][key] ?? en[key], values.count);
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in values ? String(values[name]) : whole,
  );
}
