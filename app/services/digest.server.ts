// The daily digest of stuck orders (SPEC §4): for each shop that turned it on, once per local
// day (the shop's calendar zone) from DIGEST_LOCAL_HOUR on, one email listing the orders past
// their stage's expected business days (the Orders page's "stuck" filter) and the orders time
// rules flagged ("alert me") since the previous digest, with links to their admin pages. It is
// rendered here and queued in the email outbox under the dedupe key "digest:<local date>": the
// outbox's unique (shop, dedupeKey) makes it one per shop per day on any number of workers, and
// the dispatcher sends it with its leases and retries. Nothing to report: no email.
import { daysSince, isOrderStuck, stuckCandidatesBefore } from "~/domain/admin/business-days";
import { calendarOf, localDate, localHour } from "~/domain/automation/business-days";
import {
  DIGEST_STAGE_KEY,
  digestDedupeKey,
  renderDigest,
  type DigestOrder,
} from "~/domain/email/digest";
import { env } from "~/env.server";
import { clientOr } from "~/models/client.server";
import { enqueueEmail } from "~/models/email-outbox.server";
import { listOrdersPage } from "~/models/order-list.server";
import { listTimeRuleAlerts } from "~/models/time-rules.server";
import { loadAdminStages } from "./stage-admin.server";

/** Digests go out from this local hour on (a digest at midnight is read hours later). */
export const DIGEST_LOCAL_HOUR = 7;
/** Orders listed in one digest (the rest are a link to the Orders page). */
export const DIGEST_MAX_ORDERS = 50;
const STUCK_SCAN = 1000;

function adminUrl(shop: string, path: string) {
  return `https://${shop}/admin/apps/${env().SHOPIFY_API_KEY}${path}`;
}

const orderPath = (orderGid: string) => `/app/orders/${orderGid.split("/").pop()}`;

type ShopRow = {
  shop: string;
  name: string | null;
  locale: string;
  accountEmail: string | null;
  digestRecipient: string | null;
  timeZone: string | null;
  ianaTimezone: string | null;
  workingDays: string;
};

export type DigestOutcome = "queued" | "already" | "nothing" | "no_recipient" | "not_yet";

async function stuckOrders(shop: string, now: Date, calendar: ReturnType<typeof calendarOf>) {
  const stages = await loadAdminStages(shop);
  const expected = new Map(stages.map((s) => [s.key, s.expectedBusinessDays]));
  const label = (key: string) => {
    const stage = stages.find((s) => s.key === key);
    return stage?.labels.en ?? Object.values(stage?.labels ?? {})[0] ?? key;
  };
  const cutoffs = stages
    .map((s) => ({
      stageKey: s.key,
      enteredBefore: stuckCandidatesBefore(now, s.expectedBusinessDays),
    }))
    .filter((c): c is { stageKey: string; enteredBefore: Date } => c.enteredBefore !== null);
  if (cutoffs.length === 0) return { listed: [], total: 0, label };
  const rows = await listOrdersPage(shop, {
    search: { kind: "none" },
    stuckCutoffs: cutoffs,
    sort: "longest_in_stage",
    limit: STUCK_SCAN,
  });
  const stuck = rows.filter((row) =>
    isOrderStuck(row.stageEnteredAt, expected.get(row.stageKey) ?? null, now, calendar),
  );
  return { listed: stuck.slice(0, DIGEST_MAX_ORDERS), total: stuck.length, label };
}

/** Queues the shop's digest of the local day of `now`, unless it has one or nothing to say. */
export async function sendDigest(shopRow: ShopRow, now: Date): Promise<DigestOutcome> {
  const { shop } = shopRow;
  const calendar = calendarOf(shopRow);
  if (localHour(now, calendar.timeZone) < DIGEST_LOCAL_HOUR) return "not_yet";
  const date = localDate(now, calendar.timeZone);
  const dedupeKey = digestDedupeKey(date);
  const c = clientOr();
  if (await c.emailOutbox.findFirst({ where: { shop, dedupeKey }, select: { id: true } })) {
    return "already";
  }
  const recipient = shopRow.digestRecipient || shopRow.accountEmail;
  if (!recipient) return "no_recipient";
  const previous = await c.emailOutbox.findFirst({
    where: { shop, stageKey: DIGEST_STAGE_KEY },
    orderBy: { dueAt: "desc" },
    select: { dueAt: true },
  });
  const [stuck, alertRows] = await Promise.all([
    stuckOrders(shop, now, calendar),
    listTimeRuleAlerts(shop, previous?.dueAt ?? new Date(0), now, DIGEST_MAX_ORDERS),
  ]);
  if (stuck.total === 0 && alertRows.length === 0) return "nothing";
  const names = new Map(
    (
      await c.order.findMany({
        where: { shop, orderGid: { in: alertRows.map((a) => a.orderGid) } },
        select: { orderGid: true, name: true },
      })
    ).map((o) => [o.orderGid, o.name]),
  );
  const listed: DigestOrder[] = stuck.listed.map((row) => ({
    name: row.name ?? row.orderGid,
    stage: stuck.label(row.stageKey),
    days: daysSince(row.stageEnteredAt, now),
    adminUrl: adminUrl(shop, orderPath(row.orderGid)),
  }));
  const content = renderDigest({
    shopName: shopRow.name ?? shop,
    date,
    locale: shopRow.locale,
    stuck: listed,
    stuckTotal: stuck.total,
    alerts: alertRows.map((a) => ({
      name: names.get(a.orderGid) ?? a.orderGid,
      rule: a.ruleName,
      adminUrl: adminUrl(shop, orderPath(a.orderGid)),
    })),
    stuckListUrl: adminUrl(shop, "/app/orders?stuck=1"),
  });
  const queued = await enqueueEmail(shop, {
    orderGid: "",
    stageKey: DIGEST_STAGE_KEY,
    dedupeKey,
    timelineEventId: null,
    recipient,
    locale: shopRow.locale,
    dueAt: now,
    ...content,
  });
  return queued ? "queued" : "already";
}

/** Every installed shop with the digest on gets its digest of the day (once). */
export async function sendDigests(now: Date): Promise<Record<DigestOutcome, number>> {
  const report: Record<DigestOutcome, number> = {
    queued: 0,
    already: 0,
    nothing: 0,
    no_recipient: 0,
    not_yet: 0,
  };
  const shops = await clientOr().shop.findMany({
    where: { digestEnabled: true, uninstalledAt: null },
    select: {
      shop: true,
      name: true,
      locale: true,
      accountEmail: true,
      digestRecipient: true,
      timeZone: true,
      ianaTimezone: true,
      workingDays: true,
    },
  });
  for (const shopRow of shops) {
    try {
      report[await sendDigest(shopRow, now)]++;
    } catch (error) {
      console.warn(`stageline: the digest of ${shopRow.shop} failed`, error);
    }
  }
  return report;
}
