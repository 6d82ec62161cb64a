// What the Orders page asks for (SPEC §7), read from its URL so the back button and shared links
// work: filters, search, sort and the cursor of the page. Pure; the model turns it into SQL.
import { z } from "zod";
import { normalizeOrderName } from "../order-names";

export const ORDER_PAGE_SIZE = 50;

export const ORDER_SORTS = ["newest", "oldest", "longest_in_stage"] as const;
export type OrderSort = (typeof ORDER_SORTS)[number];

const optionalToken = z
  .string()
  .trim()
  .max(64)
  .regex(/^[A-Za-z0-9_-]*$/)
  .optional()
  .transform((v) => v || undefined);

const querySchema = z.object({
  stage: optionalToken,
  payment: optionalToken,
  fulfillment: optionalToken,
  return: optionalToken,
  stuck: z
    .enum(["1", "true", ""])
    .optional()
    .transform((v) => v === "1" || v === "true"),
  q: z
    .string()
    .trim()
    .max(100)
    .optional()
    .transform((v) => v || undefined),
  sort: z.enum(ORDER_SORTS).catch("newest"),
  after: z.string().max(300).optional(),
});

export interface OrderListQuery {
  stage?: string;
  payment?: string;
  fulfillment?: string;
  return?: string;
  stuck: boolean;
  /** An order name ("#1001", "1001") or the start of an email address. */
  q?: string;
  sort: OrderSort;
  after?: OrderCursor;
}

/** Where the previous page ended: its last row's sort value and order id. */
export interface OrderCursor {
  value: string;
  orderGid: string;
}

export function encodeCursor(cursor: OrderCursor): string {
  const json = JSON.stringify([cursor.value, cursor.orderGid]);
  return btoa(unescape(encodeURIComponent(json)))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

export function decodeCursor(raw: string): OrderCursor | undefined {
  try {
    const json = decodeURIComponent(escape(atob(raw.replace(/-/g, "+").replace(/_/g, "/"))));
    const [value, orderGid] = JSON.parse(json) as unknown[];
    if (typeof value !== "string" || typeof orderGid !== "string") return undefined;
    if (Number.isNaN(Date.parse(value)) || !/^gid:\/\/shopify\/Order\/\d+$/.test(orderGid)) {
      return undefined;
    }
    return { value, orderGid };
  } catch {
    return undefined;
  }
}

/** The query of a URL's search parameters; anything malformed is dropped, never an error. */
export function parseOrderListQuery(params: URLSearchParams): OrderListQuery {
  const raw = Object.fromEntries(
    ["stage", "payment", "fulfillment", "return", "stuck", "q", "sort", "after"].map((k) => [
      k,
      params.get(k) ?? undefined,
    ]),
  );
  const parsed = querySchema.safeParse(raw);
  const data = parsed.success ? parsed.data : querySchema.parse({});
  return {
    stage: data.stage,
    payment: data.payment,
    fulfillment: data.fulfillment,
    return: data.return,
    stuck: data.stuck,
    q: data.q,
    sort: data.sort,
    after: data.after ? decodeCursor(data.after) : undefined,
  };
}

export type OrderSearch =
  { kind: "name"; prefix: string } | { kind: "email"; prefix: string } | { kind: "none" };

/**
 * "#1001" or "1001" searches the start of order names (by the key the storefront lookup uses,
 * see order-names.ts); anything else the start of an email address.
 */
export function orderSearch(q: string | undefined): OrderSearch {
  if (!q) return { kind: "none" };
  const name = normalizeOrderName(q);
  if (q.trim().startsWith("#") || /^\d+$/.test(name)) return { kind: "name", prefix: name };
  return { kind: "email", prefix: q.toLowerCase() };
}

/** The next string after every string starting with `prefix` (for an index range scan). */
export function prefixUpperBound(prefix: string): string {
  return prefix + "\uffff";
}
