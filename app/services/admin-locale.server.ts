// Polaris' own strings in the admin user's language (Polaris ships them per locale).
import type { AppProviderProps } from "@shopify/polaris";
import polarisEn from "@shopify/polaris/locales/en.json";
import polarisSv from "@shopify/polaris/locales/sv.json";
import { adminLocale, type AdminLocale } from "~/i18n";

type PolarisStrings = NonNullable<AppProviderProps["i18n"]>;

const POLARIS: Record<AdminLocale, PolarisStrings> = {
  en: polarisEn as PolarisStrings,
  sv: polarisSv as PolarisStrings,
};

/** The admin locale Shopify asked for (the `locale` query parameter) and Polaris' strings. */
export function adminLanguage(request: Request) {
  const locale = adminLocale(new URL(request.url).searchParams.get("locale"));
  return { locale, polarisTranslations: POLARIS[locale] };
}
