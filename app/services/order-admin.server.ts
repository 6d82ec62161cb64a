// The Orders and Order detail pages (SPEC §7): the list with filters and keyset pages, one
// order's history, merchant stage changes with undo, and resending a stage email.
import { z } from "zod";
import { daysSince, isOrderStuck, stuckCandidatesBefore } from "~/domain/admin/business-days";
import { calendarOf, type WorkCalendar } from "~/domain/automation/business-days";
import {
  encodeCursor,
  ORDER_PAGE_SIZE,
  orderSearch,
  parseOrderListQuery,
} from "~/domain/admin/order-list";
import { latestReturnStatus } from "~/domain/admin/order-statuses";
import { buildAdminTimeline } from "~/domain/admin/order-timeline";
import type { OrderFacts } from "~/domain/facts";
import { shipmentsFromFacts } from "~/domain/stage-engine";
import { listEmails } from "~/models/email-outbox.server";
import { recordOrderChange } from "~/models/order-deliveries.server";
import { findAdminOrder, findOrderStages, listOrdersPage } from "~/models/order-list.server";
import { findShop } from "~/models/shops.server";
import { cancelQueuedStageEmails } from "~/models/stage-undo.server";
import { listOrderTimeline } from "~/models/timeline.server";
import { resendEmail } from "./email-admin.server";
import { ShopStageCache } from "~/models/stage-cache.server";
import { loadAdminStages, type AdminStage } from "./stage-admin.server";
import { setOrderStages, StageChangeError, type StageChangeResult } from "./stage-changes.server";

const ORDER_GID_PREFIX = "gid://shopify/Order/";

/** "gid://shopify/Order/123" → "123" (what URLs and Shopify admin links use). */
export function orderIdOf(orderGid: string): string {
  return orderGid.slice(ORDER_GID_PREFIX.length);
}

/** A URL's order id → its GraphQL id; null for anything that is not one. */
export function orderGidOf(id: string | undefined): string | null {
  return id && /^\d{1,20}$/.test(id) ? `${ORDER_GID_PREFIX}${id}` : null;
}

async function shopCalendarOf(shop: string): Promise<WorkCalendar> {
  return calendarOf(await findShop(shop));
}

// What every Orders page request needs of the shop besides its orders, cached for a few seconds
// per process (stage writes forget it at once): the page is reloaded on every filter and page.
const listContext = new ShopStageCache<{
  stages: Pick<AdminStage, "key" | "labels" | "color" | "expectedBusinessDays">[];
  calendar: WorkCalendar;
}>();

function listPageContext(shop: string) {
  return listContext.through(shop, async () => {
    const [stages, calendar] = await Promise.all([loadAdminStages(shop), shopCalendarOf(shop)]);
    return {
      stages: stages.map(({ key, labels, color, expectedBusinessDays }) => ({
        key,
        labels,
        color,
        expectedBusinessDays,
      })),
      calendar,
    };
  });
}

export async function loadOrdersPage(shop: string, params: URLSearchParams, now: Date) {
  const query = parseOrderListQuery(params);
  const { stages, calendar } = await listPageContext(shop);
  const { timeZone } = calendar;
  const stuckCutoffs = stages
    .filter((s) => !query.stage || s.key === query.stage)
    .map((s) => ({
      stageKey: s.key,
      enteredBefore: stuckCandidatesBefore(now, s.expectedBusinessDays),
    }))
    .filter((c): c is { stageKey: string; enteredBefore: Date } => c.enteredBefore !== null);
  const rows = await listOrdersPage(shop, {
    stage: query.stage,
    payment: query.payment,
    fulfillment: query.fulfillment,
    return: query.return,
    search: orderSearch(query.q),
    stuckCutoffs: query.stuck ? stuckCutoffs : undefined,
    sort: query.sort,
    after: query.after,
    limit: ORDER_PAGE_SIZE + 1,
  });
  const scanned = rows.slice(0, ORDER_PAGE_SIZE);
  // The cursor follows what the database read; "stuck" keeps only what isStuck confirms.
  const last = scanned.at(-1);
  const sortValue = (row: (typeof scanned)[number]) =>
    (query.sort === "longest_in_stage" ? row.stageEnteredAt : row.placedAt!).toISOString();
  const expectedDays = new Map(stages.map((s) => [s.key, s.expectedBusinessDays]));
  const stuck = (row: (typeof scanned)[number]) =>
    isOrderStuck(row.stageEnteredAt, expectedDays.get(row.stageKey) ?? null, now, calendar);
  const page = query.stuck ? scanned.filter(stuck) : scanned;
  return {
    timeZone,
    stages: stages.map((s) => ({ key: s.key, labels: s.labels, color: s.color })),
    orders: page.map((row) => {
      const facts = JSON.parse(row.facts) as OrderFacts;
      return {
        id: orderIdOf(row.orderGid),
        orderGid: row.orderGid,
        name: row.name ?? orderIdOf(row.orderGid),
        placedAt: row.placedAt?.toISOString() ?? null,
        customer: row.customerFirstName ?? null,
        email: row.email,
        stageKey: row.stageKey,
        payment: row.financialStatus?.toLowerCase() ?? null,
        fulfillment: row.fulfillmentStatus?.toLowerCase() ?? "unfulfilled",
        returnStatus: latestReturnStatus(facts.returns ?? []),
        daysInStage: daysSince(row.stageEnteredAt, now),
        stuck: stuck(row),
      };
    }),
    nextCursor:
      rows.length > ORDER_PAGE_SIZE && last
        ? encodeCursor({ value: sortValue(last), orderGid: last.orderGid })
        : null,
  };
}

export async function loadOrderDetail(shop: string, orderGid: string) {
  const order = await findAdminOrder(shop, orderGid);
  if (!order) return null;
  const [stages, events, emails, timeZone] = await Promise.all([
    loadAdminStages(shop),
    listOrderTimeline(shop, orderGid),
    listEmails(shop, { orderGid, take: 100 }),
    shopCalendarOf(shop).then((c) => c.timeZone),
  ]);
  const facts = JSON.parse(order.facts) as OrderFacts;
  return {
    timeZone,
    stages: stages.map((s) => ({
      key: s.key,
      labels: s.labels,
      descriptions: s.descriptions,
      color: s.color,
    })),
    order: {
      id: orderIdOf(order.orderGid),
      orderGid: order.orderGid,
      name: order.name ?? orderIdOf(order.orderGid),
      placedAt: order.placedAt?.toISOString() ?? null,
      customer: order.customerFirstName,
      email: order.email,
      stageKey: order.stageKey,
      stageEnteredAt: order.stageEnteredAt.toISOString(),
      payment: order.financialStatus?.toLowerCase() ?? null,
      fulfillment: order.fulfillmentStatus?.toLowerCase() ?? "unfulfilled",
      deleted: order.deletedAt !== null,
    },
    shipments: shipmentsFromFacts(facts),
    timeline: buildAdminTimeline({ placedAt: order.placedAt, facts, events, emails }),
    canResend: emails.some((e) => !e.isTest && e.recipient),
  };
}

const changeInput = z.object({
  orderIds: z.array(z.string().regex(/^\d{1,20}$/)).min(1),
  stageKey: z.string().min(1).max(64),
  notify: z.boolean(),
  note: z.string().max(1000).nullable(),
});

/** What the page needs to undo a change: each changed order's stage before it. */
export interface StageUndo {
  stageKey: string;
  at: string;
  orders: { orderGid: string; fromKey: string; fromSource: string; fromEnteredAt: string }[];
}

export type ChangeStagesResult =
  | {
      ok: true;
      changed: number;
      unchanged: number;
      failed: number;
      notFound: number;
      undo: StageUndo | null;
    }
  | { ok: false; error: string };

/** A merchant's "Set stage…" on one or many orders, through setOrderStages. */
export async function changeOrderStages(
  shop: string,
  input: unknown,
  actor: string | null,
  now: Date,
): Promise<ChangeStagesResult> {
  const parsed = changeInput.safeParse(input);
  if (!parsed.success) return { ok: false, error: "errors.invalid" };
  const orderGids = parsed.data.orderIds.map((id) => `${ORDER_GID_PREFIX}${id}`);
  const before = new Map((await findOrderStages(shop, orderGids)).map((o) => [o.orderGid, o]));
  let results: StageChangeResult[];
  try {
    results = await setOrderStages(shop, orderGids, {
      stageKey: parsed.data.stageKey,
      notify: parsed.data.notify,
      actor,
      note: parsed.data.note,
      now,
    });
  } catch (error) {
    if (error instanceof StageChangeError) return { ok: false, error: error.message };
    throw error;
  }
  const changed = results.filter((r) => r.status === "changed");
  const count = (status: string) => results.filter((r) => r.status === status).length;
  return {
    ok: true,
    changed: changed.length,
    unchanged: count("unchanged"),
    failed: count("failed"),
    notFound: count("not_found"),
    undo: changed.length
      ? {
          stageKey: parsed.data.stageKey,
          at: now.toISOString(),
          orders: changed.map((r) => {
            const was = before.get(r.orderGid)!;
            return {
              orderGid: r.orderGid,
              fromKey: was.stageKey,
              fromSource: was.stageSource,
              fromEnteredAt: was.stageEnteredAt.toISOString(),
            };
          }),
        }
      : null,
  };
}

const undoInput = z.object({
  stageKey: z.string().min(1).max(64),
  at: z.string().datetime(),
  orders: z
    .array(
      z.object({
        orderGid: z.string().regex(/^gid:\/\/shopify\/Order\/\d{1,20}$/),
        fromKey: z.string().min(1).max(64),
        fromSource: z.enum(["shopify", "carrier", "merchant", "rule", "backfill"]),
        fromEnteredAt: z.string().datetime(),
      }),
    )
    .min(1)
    .max(250),
});

/**
 * Puts each order back where it was before the change (if nothing moved it since), with a
 * timeline entry, and cancels the change's emails not sent yet.
 */
export async function undoOrderStages(
  shop: string,
  input: unknown,
  actor: string | null,
  now: Date,
): Promise<{ ok: true; reverted: number; emailsCancelled: number } | { ok: false; error: string }> {
  const parsed = undoInput.safeParse(input);
  if (!parsed.success) return { ok: false, error: "errors.invalid" };
  const { stageKey, orders } = parsed.data;
  let reverted = 0;
  for (const entry of orders) {
    const result = await recordOrderChange(shop, entry.orderGid, (order, stages) => {
      if (!order || order.deleted || order.stageKey !== stageKey) {
        return { write: "none", result: false };
      }
      if (!stages.some((s) => s.key === entry.fromKey)) return { write: "none", result: false };
      return {
        write: "update",
        fields: {
          stageKey: entry.fromKey,
          stageSource: entry.fromSource,
          stageEnteredAt: new Date(entry.fromEnteredAt),
        },
        event: {
          fromKey: stageKey,
          toKey: entry.fromKey,
          source: "merchant",
          occurredAt: now,
          actor,
          note: "Undo",
          email: null,
        },
        result: true,
      };
    });
    if (result) reverted++;
  }
  const emailsCancelled = await cancelQueuedStageEmails(
    shop,
    orders.map((o) => o.orderGid),
    stageKey,
    new Date(parsed.data.at),
  );
  return { ok: true, reverted, emailsCancelled };
}

/** Sends the order's most recent stage email again; false when it never had one. */
export async function resendLastStageEmail(
  shop: string,
  orderGid: string,
): Promise<boolean | null> {
  if (!(await findAdminOrder(shop, orderGid))) return null;
  const [last] = (await listEmails(shop, { orderGid, take: 20 })).filter(
    (e) => !e.isTest && e.status !== "coalesced" && e.status !== "skipped",
  );
  return last ? resendEmail(shop, last.id) : false;
}

/** Order ids named in a form ("orderIds" repeated or comma-separated). */
export function orderIdsOf(values: FormDataEntryValue[]): string[] {
  return values.flatMap((v) => String(v).split(",")).filter(Boolean);
}
