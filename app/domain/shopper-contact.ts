// How the email or phone number a shopper gives is compared with the order's (storefront
// lookup). Pure: the same normalization is stored by ingestion and applied to the input.
import { asciiDigits } from "./order-names";

/** An email address as stored and compared: trimmed, composed (NFC), lower-cased. */
export function normalizeEmail(email: string): string {
  return email.trim().normalize("NFC").toLowerCase();
}

/**
 * A phone number as digits without the international "00" or national trunk "0" prefix, and
 * without a trunk "(0)" written inside an international number ("+46 (0)70-123 45 67" →
 * "46701234567", "070-123 45 67" → "701234567").
 */
export function phoneKey(phone: string): string {
  return asciiDigits(phone.normalize("NFKC"))
    .replace(/\(\s*0\s*\)/g, "")
    .replace(/\D/g, "")
    .replace(/^0+/, "");
}

/** Digits that must agree, at least, for two numbers to be the same one. */
export const MIN_MATCHING_PHONE_DIGITS = 8;
/** The longest country calling code: what an international form may have in front. */
const MAX_COUNTRY_CODE_DIGITS = 3;

/**
 * True when the two numbers are the same line: equal, or one is the national form of the other
 * (the international one is a country code of at most 3 digits followed by it). At least
 * MIN_MATCHING_PHONE_DIGITS digits must agree, so the last 7 digits alone never match.
 */
export function phonesMatch(stored: string | null, given: string): boolean {
  if (!stored) return false;
  const a = phoneKey(stored);
  const b = phoneKey(given);
  const [shorter, longer] = a.length <= b.length ? [a, b] : [b, a];
  if (shorter.length < MIN_MATCHING_PHONE_DIGITS) return false;
  return longer.endsWith(shorter) && longer.length - shorter.length <= MAX_COUNTRY_CODE_DIGITS;
}
