// The status values the Orders page filters on and shows (REST/webhook spelling, lower case:
// what the webhooks store). Shopify's enums are open sets: an unknown value is shown as it is.
export const PAYMENT_STATUSES = [
  "pending",
  "authorized",
  "partially_paid",
  "paid",
  "partially_refunded",
  "refunded",
  "voided",
  "expired",
] as const;

export const FULFILLMENT_STATUSES = ["unfulfilled", "partial", "fulfilled", "restocked"] as const;

/** "none" lists orders without any return. */
export const RETURN_STATUSES = [
  "none",
  "requested",
  "open",
  "declined",
  "canceled",
  "closed",
] as const;

interface ReturnLike {
  at: string;
  status: string;
}

/** The status of the order's most recent return, lower case; null without returns. */
export function latestReturnStatus(returns: readonly ReturnLike[]): string | null {
  let latest: ReturnLike | null = null;
  for (const r of returns) if (!latest || r.at > latest.at) latest = r;
  return latest ? latest.status.toLowerCase() : null;
}
