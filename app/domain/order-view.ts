// What a shopper sees of an order (SPEC §5): the stage, a timeline of visible stages, shipments.
// Pure: the caller passes stored rows and the locale; nothing personal goes in or out.
import type { IsoTime, OrderFacts } from "./facts";
import { safeUrl } from "./email/variables";
import type { WorkCalendar } from "./automation/business-days";
import { estimateDelivery } from "./automation/schedule";
import { estimatedDeliveryFromFacts, shipmentsFromFacts } from "./stage-engine";

export interface ViewStage {
  key: string;
  labels: Record<string, string>;
  descriptions: Record<string, string>;
  position: number;
  exception: boolean;
  visibleToCustomer: boolean;
  /** How long the stage usually takes, in business days (null: no estimate). */
  expectedBusinessDays?: number | null;
}

export interface ViewStageEvent {
  toKey: string;
  source: string;
  occurredAt: IsoTime;
}

export interface OrderViewInput {
  name: string;
  placedAt: IsoTime | null;
  stageKey: string;
  facts: OrderFacts;
  events: readonly ViewStageEvent[];
  stages: readonly ViewStage[];
  locale: string;
  lineItems: readonly { variantId: string; quantity: number }[];
  /** When the order entered its stage and the shop's calendar: the estimate without a carrier's. */
  stageEnteredAt?: IsoTime | null;
  calendar?: WorkCalendar;
}

export interface TimelineEntry {
  key: string;
  label: string;
  at: IsoTime | null;
  source: string | null;
  current: boolean;
}

export interface OrderView {
  name: string;
  placedAt: IsoTime | null;
  stage: { key: string; label: string; description: string };
  timeline: TimelineEntry[];
  shipments: {
    trackingCompany: string | null;
    trackingNumber: string | null;
    trackingUrl: string | null;
    status: string | null;
    estimatedDeliveryAt: IsoTime | null;
  }[];
  estimatedDelivery: IsoTime | null;
  /** Cart permalink path to buy the same items again; only for cancelled orders. */
  reorderPath?: string;
}

// Side branches shown only once reached; everything else after the current stage is "upcoming".
const SIDE_BRANCHES = new Set(["awaiting_payment", "partially_shipped", "ready_for_pickup"]);

/** Text in `locale` ("sv-SE" → "sv"), else English, else any. */
export function localized(texts: Record<string, string>, locale: string): string {
  const language = locale.toLowerCase().split("-")[0]!;
  return texts[locale] ?? texts[language] ?? texts.en ?? Object.values(texts)[0] ?? "";
}

function sameSecond(a: IsoTime | null, b: IsoTime): boolean {
  return a !== null && Math.floor(Date.parse(a) / 1000) === Math.floor(Date.parse(b) / 1000);
}

function trailingDigits(id: string): string | null {
  return /(\d+)$/.exec(id)?.[1] ?? null;
}

export function reorderPath(lineItems: OrderViewInput["lineItems"]): string | undefined {
  const parts = lineItems
    .map((item) => {
      const id = trailingDigits(item.variantId);
      return id && item.quantity > 0 ? `${id}:${Math.floor(item.quantity)}` : null;
    })
    .filter((part): part is string => part !== null);
  return parts.length ? `/cart/${parts.join(",")}` : undefined;
}

/**
 * The carrier's estimate when there is one; otherwise, given when the order entered its stage
 * and the shop's calendar, the expected business days of that stage and those still ahead.
 */
export function estimatedDeliveryOf(input: OrderViewInput): IsoTime | null {
  const carrierEstimate = estimatedDeliveryFromFacts(input.facts);
  if (carrierEstimate || !input.stageEnteredAt || !input.calendar) return carrierEstimate;
  return estimateDelivery({
    carrierEstimate: null,
    currentStageKey: input.stageKey,
    enteredAt: new Date(input.stageEnteredAt),
    stages: input.stages.map((s) => ({
      key: s.key,
      position: s.position,
      exception: s.exception,
      expectedBusinessDays: s.expectedBusinessDays ?? null,
    })),
    calendar: input.calendar,
  });
}

export function buildOrderView(input: OrderViewInput): OrderView {
  const stages = new Map(input.stages.map((s) => [s.key, s]));
  const label = (key: string) => localized(stages.get(key)?.labels ?? { en: key }, input.locale);
  const visible = (key: string) => stages.get(key)?.visibleToCustomer ?? false;

  const passed: TimelineEntry[] = [];
  for (const event of input.events) {
    if (!visible(event.toKey)) continue;
    const previous = passed.at(-1);
    if (previous?.key === event.toKey) continue;
    // A stage left at the very moment it was entered (e.g. "partially shipped" between
    // fulfillments/create and orders/fulfilled of one parcel) is noise for the shopper.
    if (previous && sameSecond(previous.at, event.occurredAt)) passed.pop();
    passed.push({
      key: event.toKey,
      label: label(event.toKey),
      at: event.occurredAt,
      source: event.source,
      current: false,
    });
  }
  // A hidden current stage shows the shopper the last visible one.
  const current = passed.at(-1);
  if (current) current.current = true;
  const currentStage = current ? stages.get(current.key) : undefined;

  const upcoming: TimelineEntry[] =
    currentStage && !currentStage.exception
      ? input.stages
          .filter(
            (s) =>
              s.visibleToCustomer &&
              !s.exception &&
              !SIDE_BRANCHES.has(s.key) &&
              s.position > currentStage.position,
          )
          .sort((a, b) => a.position - b.position)
          .map((s) => ({ key: s.key, label: label(s.key), at: null, source: null, current: false }))
      : [];

  const currentKey = current?.key ?? input.stageKey;
  const view: OrderView = {
    name: input.name,
    placedAt: input.placedAt,
    stage: {
      key: currentKey,
      label: label(currentKey),
      description: localized(stages.get(currentKey)?.descriptions ?? { en: "" }, input.locale),
    },
    timeline: [...passed, ...upcoming],
    shipments: shipmentsFromFacts(input.facts).map((s) => ({
      trackingCompany: s.trackingCompany,
      trackingNumber: s.trackingNumber,
      // Shown as a link: only http(s), as in the block and the emails.
      trackingUrl: safeUrl(s.trackingUrl),
      status: s.status,
      estimatedDeliveryAt: s.estimatedDeliveryAt,
    })),
    estimatedDelivery: estimatedDeliveryOf(input),
  };
  if (input.stageKey === "cancelled") {
    const path = reorderPath(input.lineItems);
    if (path) view.reorderPath = path;
  }
  return view;
}
