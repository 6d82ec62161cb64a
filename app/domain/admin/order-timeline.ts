// The unified timeline of an order in the admin (SPEC §7): stage changes with their source,
// who and why; carrier events and Shopify facts from the order's facts; emails as they were
// queued, sent or failed. Newest first. Pure: the caller passes stored rows.
import type { OrderFacts } from "../facts";

export type TimelineItemKind = "stage" | "carrier" | "shopify" | "email";

export interface AdminTimelineItem {
  id: string;
  kind: TimelineItemKind;
  /** shopify, carrier, merchant, rule, backfill — or "app" for emails. */
  source: string;
  at: string;
  fromKey?: string | null;
  toKey?: string;
  actor?: string | null;
  note?: string | null;
  customerNotified?: boolean;
  /** Carrier event or email status (lower case), or a Shopify fact ("placed", "cancelled"). */
  status?: string;
  detail?: string | null;
}

export interface TimelineEventRow {
  id: number;
  fromKey: string | null;
  toKey: string;
  source: string;
  actor: string | null;
  note: string | null;
  occurredAt: Date;
  customerNotified: boolean;
}

export interface EmailRowLike {
  id: number;
  stageKey: string;
  status: string;
  recipient: string;
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
  isTest: boolean;
}

function emailStatus(status: string): string {
  if (status === "sent") return "sent";
  if (status === "dead") return "failed";
  if (status === "coalesced" || status === "skipped") return "cancelled";
  return "queued";
}

export function buildAdminTimeline(input: {
  placedAt: Date | null;
  facts: OrderFacts;
  events: readonly TimelineEventRow[];
  emails: readonly EmailRowLike[];
}): AdminTimelineItem[] {
  const items: AdminTimelineItem[] = [];
  if (input.placedAt) {
    items.push({
      id: "placed",
      kind: "shopify",
      source: "shopify",
      at: input.placedAt.toISOString(),
      status: "placed",
    });
  }
  if (input.facts.order?.cancelledAt) {
    items.push({
      id: "cancelled",
      kind: "shopify",
      source: "shopify",
      at: input.facts.order.cancelledAt,
      status: "cancelled",
      detail: input.facts.order.cancelReason,
    });
  }
  for (const fulfillment of input.facts.fulfillments) {
    for (const event of fulfillment.events) {
      items.push({
        id: `carrier:${event.gid}`,
        kind: "carrier",
        source: "carrier",
        at: event.happenedAt,
        status: event.status.toLowerCase(),
        detail: [fulfillment.trackingCompany, event.message].filter(Boolean).join(" · ") || null,
      });
    }
  }
  for (const event of input.events) {
    items.push({
      id: `stage:${event.id}`,
      kind: "stage",
      source: event.source,
      at: event.occurredAt.toISOString(),
      fromKey: event.fromKey,
      toKey: event.toKey,
      actor: event.actor,
      note: event.note,
      customerNotified: event.customerNotified,
    });
  }
  for (const email of input.emails) {
    if (email.isTest) continue;
    items.push({
      id: `email:${email.id}`,
      kind: "email",
      source: "app",
      at: (email.sentAt ?? email.createdAt).toISOString(),
      toKey: email.stageKey,
      status: emailStatus(email.status),
      detail: email.status === "dead" ? email.lastError : null,
    });
  }
  // Newest first; on equal times the later-recorded entry first.
  return items
    .map((item, index) => ({ item, index }))
    .sort((a, b) => Date.parse(b.item.at) - Date.parse(a.item.at) || b.index - a.index)
    .map(({ item }) => item);
}
