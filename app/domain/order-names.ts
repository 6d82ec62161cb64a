// How a shopper's typed order name is matched to the stored one (webhooks store the key, the
// storefront lookup searches by it).

/** "#1001", "1001" and " #1001 " all become "1001". */
export function normalizeOrderName(name: string): string {
  return name.trim().replace(/^#/, "").trim().toLowerCase();
}
