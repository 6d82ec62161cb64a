// The admin user's language for every component: strings, dates in the shop's time zone, numbers.
import { createContext, useContext, useMemo, type ReactNode } from "react";
import { isMessageKey, translate, type AdminLocale, type MessageKey } from "~/i18n";

interface I18n {
  locale: AdminLocale;
  t: (key: MessageKey, values?: Record<string, string | number>) => string;
  /** A message key carried in data (e.g. a validation error); unknown keys are shown as they are. */
  tKey: (key: string) => string;
  formatDateTime: (iso: string, timeZone: string) => string;
  formatDate: (iso: string, timeZone: string) => string;
  formatNumber: (value: number) => string;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ locale, children }: { locale: AdminLocale; children: ReactNode }) {
  const value = useMemo<I18n>(() => {
    const tag = locale === "sv" ? "sv-SE" : "en-US";
    const numbers = new Intl.NumberFormat(tag);
    return {
      locale,
      t: (key, values) => translate(locale, key, values),
      tKey: (key) => (isMessageKey(key) ? translate(locale, key) : key),
      formatDateTime: (iso, timeZone) =>
        new Intl.DateTimeFormat(tag, { dateStyle: "medium", timeStyle: "short", timeZone }).format(
          new Date(iso),
        ),
      formatDate: (iso, timeZone) =>
        new Intl.DateTimeFormat(tag, { dateStyle: "medium", timeZone }).format(new Date(iso)),
      formatNumber: (value) => numbers.format(value),
    };
  }, [locale]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error("useI18n outside I18nProvider");
  return value;
}

/** A stage's text in the admin's language (English when missing). */
export function useLocalized() {
  const { locale } = useI18n();
  return (texts: Record<string, string> | undefined, fallback = "") =>
    texts?.[locale] || texts?.en || fallback;
}
