// The default stages every shop starts with (SPEC §4). Keys and English labels are a public
// contract (storefront JSON, metafield write-back, email templates): never rename them.

/** Keys of the default stages, in pipeline (table) order. */
export const STAGE_KEYS = [
  "placed",
  "awaiting_payment",
  "payment_issue",
  "confirmed",
  "processing",
  "on_hold",
  "partially_shipped",
  "shipped",
  "in_transit",
  "out_for_delivery",
  "ready_for_pickup",
  "delivery_issue",
  "delivered",
  "cancelled",
  "refunded",
  "return_requested",
  "return_in_progress",
  "return_declined",
  "returned",
] as const;

export type DefaultStageKey = (typeof STAGE_KEYS)[number];

/** Any stage key: merchants add their own, so the defaults are not a closed set. */
export type StageKey = string;

/** A Polaris Badge tone. */
export type StageColor =
  | "info"
  | "success"
  | "warning"
  | "critical"
  | "attention"
  | "new"
  | "magic"
  | "read-only"
  | "enabled";

/** Text per locale; `en` and `sv` always exist, merchants may add more. */
export interface LocalizedText {
  en: string;
  sv: string;
  [locale: string]: string;
}

export type StageKind = "mirrored" | "custom";

export interface StageDefinition {
  key: StageKey;
  labels: LocalizedText;
  descriptions: LocalizedText;
  position: number;
  kind: StageKind;
  /** Exception stages (cancelled, returns, problems…) override progress; see decideStageChange. */
  exception: boolean;
  visibleToCustomer: boolean;
  notifyCustomer: boolean;
  /** Typical time spent in the stage, for the estimated date; null when open-ended or final. */
  expectedBusinessDays: number | null;
  color: StageColor;
  icon: string;
}

type DefaultStageSpec = Omit<StageDefinition, "key" | "position" | "kind" | "visibleToCustomer">;

const DEFAULT_STAGE_SPECS: Record<DefaultStageKey, DefaultStageSpec> = {
  placed: {
    labels: { en: "Order placed", sv: "Beställning mottagen" },
    descriptions: {
      en: "We've received your order.",
      sv: "Vi har tagit emot din beställning.",
    },
    exception: false,
    notifyCustomer: false, // Shopify sends its own order confirmation
    expectedBusinessDays: 1,
    color: "new",
    icon: "receipt",
  },
  awaiting_payment: {
    labels: { en: "Awaiting payment", sv: "Inväntar betalning" },
    descriptions: {
      en: "We're waiting for your payment to go through.",
      sv: "Vi väntar på att din betalning ska gå igenom.",
    },
    exception: false,
    notifyCustomer: true,
    expectedBusinessDays: 3,
    color: "attention",
    icon: "clock",
  },
  payment_issue: {
    labels: { en: "Payment issue", sv: "Problem med betalningen" },
    descriptions: {
      en: "There was a problem with your payment. Please get in touch so we can sort it out.",
      sv: "Det uppstod ett problem med din betalning. Kontakta oss så hjälper vi dig att lösa det.",
    },
    exception: true,
    notifyCustomer: true,
    expectedBusinessDays: null,
    color: "critical",
    icon: "credit-card-alert",
  },
  confirmed: {
    labels: { en: "Order confirmed", sv: "Beställning bekräftad" },
    descriptions: {
      en: "Your order is confirmed and will be prepared soon.",
      sv: "Din beställning är bekräftad och förbereds inom kort.",
    },
    exception: false,
    notifyCustomer: false,
    expectedBusinessDays: 2,
    color: "info",
    icon: "check-circle",
  },
  processing: {
    labels: { en: "Preparing your order", sv: "Vi förbereder din beställning" },
    descriptions: {
      en: "We're preparing your order right now.",
      sv: "Just nu håller vi på att göra i ordning din beställning.",
    },
    exception: false,
    notifyCustomer: true,
    expectedBusinessDays: 3,
    color: "info",
    icon: "package",
  },
  on_hold: {
    labels: { en: "On hold", sv: "Pausad" },
    descriptions: {
      en: "Your order is on hold for the moment. We'll let you know if we need anything from you.",
      sv: "Din beställning är pausad för tillfället. Vi hör av oss om vi behöver något från dig.",
    },
    exception: true,
    notifyCustomer: true,
    expectedBusinessDays: null,
    color: "warning",
    icon: "pause-circle",
  },
  partially_shipped: {
    labels: { en: "Partially shipped", sv: "Delvis skickad" },
    descriptions: {
      en: "Part of your order is on its way. The rest will follow.",
      sv: "En del av din beställning är på väg. Resten skickas så snart som möjligt.",
    },
    exception: false,
    notifyCustomer: false,
    expectedBusinessDays: 5,
    color: "attention",
    icon: "package-split",
  },
  shipped: {
    labels: { en: "Shipped", sv: "Skickad" },
    descriptions: {
      en: "Your order has been handed over for delivery.",
      sv: "Din beställning har lämnats över för leverans.",
    },
    exception: false,
    notifyCustomer: false, // Shopify sends its own shipping confirmation
    expectedBusinessDays: 1,
    color: "info",
    icon: "package-fulfilled",
  },
  in_transit: {
    labels: { en: "In transit", sv: "På väg" },
    descriptions: {
      en: "Your package is on its way to you.",
      sv: "Ditt paket är på väg till dig.",
    },
    exception: false,
    notifyCustomer: false,
    expectedBusinessDays: 3,
    color: "info",
    icon: "delivery",
  },
  out_for_delivery: {
    labels: { en: "Out for delivery", sv: "Ute för leverans" },
    descriptions: {
      en: "Your package is out for delivery and will arrive soon.",
      sv: "Ditt paket är ute för leverans och kommer fram inom kort.",
    },
    exception: false,
    notifyCustomer: true,
    expectedBusinessDays: 1,
    color: "success",
    icon: "truck",
  },
  ready_for_pickup: {
    labels: { en: "Ready for pickup", sv: "Redo att hämtas" },
    descriptions: {
      en: "Your order is ready to be picked up.",
      sv: "Din beställning finns nu att hämta.",
    },
    exception: false,
    notifyCustomer: true,
    expectedBusinessDays: 5,
    color: "success",
    icon: "store",
  },
  delivery_issue: {
    labels: { en: "Delivery issue", sv: "Leveransproblem" },
    descriptions: {
      en: "Something went wrong with the delivery. We or the carrier will be in touch.",
      sv: "Något gick fel med leveransen. Vi eller transportören hör av oss till dig.",
    },
    exception: true,
    notifyCustomer: true,
    expectedBusinessDays: 2,
    color: "critical",
    icon: "alert-triangle",
  },
  delivered: {
    labels: { en: "Delivered", sv: "Levererad" },
    descriptions: {
      en: "Your order has been delivered. Enjoy!",
      sv: "Din beställning har levererats. Hoppas att du blir nöjd!",
    },
    exception: false,
    notifyCustomer: true,
    expectedBusinessDays: null,
    color: "success",
    icon: "home",
  },
  cancelled: {
    labels: { en: "Cancelled", sv: "Avbruten" },
    descriptions: {
      en: "Your order has been cancelled.",
      sv: "Din beställning har avbrutits.",
    },
    exception: true,
    notifyCustomer: false, // Shopify sends its own cancellation notice
    expectedBusinessDays: null,
    color: "read-only",
    icon: "x-circle",
  },
  refunded: {
    labels: { en: "Refunded", sv: "Återbetald" },
    descriptions: {
      en: "Your payment has been refunded.",
      sv: "Din betalning har betalats tillbaka.",
    },
    exception: true,
    notifyCustomer: false, // Shopify sends its own refund notice
    expectedBusinessDays: null,
    color: "read-only",
    icon: "cash-refund",
  },
  return_requested: {
    labels: { en: "Return requested", sv: "Retur begärd" },
    descriptions: {
      en: "We've received your return request and will review it shortly.",
      sv: "Vi har tagit emot din returbegäran och går igenom den inom kort.",
    },
    exception: true,
    notifyCustomer: true,
    expectedBusinessDays: 2,
    color: "attention",
    icon: "return",
  },
  return_in_progress: {
    labels: { en: "Return in progress", sv: "Retur pågår" },
    descriptions: {
      en: "Your return has been approved. Please send the items back as instructed.",
      sv: "Din retur är godkänd. Skicka tillbaka varorna enligt instruktionerna du har fått.",
    },
    exception: true,
    notifyCustomer: true,
    expectedBusinessDays: 7,
    color: "attention",
    icon: "return",
  },
  return_declined: {
    labels: { en: "Return declined", sv: "Retur nekad" },
    descriptions: {
      en: "Your return request was declined. Contact us if you have any questions.",
      sv: "Din returbegäran har tyvärr nekats. Kontakta oss om du har några frågor.",
    },
    exception: true,
    notifyCustomer: true,
    expectedBusinessDays: null,
    color: "warning",
    icon: "return-declined",
  },
  returned: {
    labels: { en: "Returned", sv: "Returnerad" },
    descriptions: {
      en: "Your return is complete.",
      sv: "Din retur är klar.",
    },
    exception: true,
    notifyCustomer: true,
    expectedBusinessDays: null,
    color: "read-only",
    icon: "return-complete",
  },
};

/** The 19 default stages in pipeline order; `processing` is the only custom (merchant-set) one. */
export const DEFAULT_STAGES: readonly (StageDefinition & { key: DefaultStageKey })[] =
  STAGE_KEYS.map((key, position) =>
    deepFreeze<StageDefinition & { key: DefaultStageKey }>({
      key,
      ...DEFAULT_STAGE_SPECS[key],
      position,
      kind: key === "processing" ? "custom" : "mirrored",
      visibleToCustomer: true,
    }),
  );

const DEFAULT_KEY_SET: ReadonlySet<string> = new Set(STAGE_KEYS);

/** True when `key` names one of the default stages. */
export function isDefaultStageKey(key: string): key is DefaultStageKey {
  return DEFAULT_KEY_SET.has(key);
}

/** The default definition of a default stage. */
export function defaultStage(key: DefaultStageKey): StageDefinition & { key: DefaultStageKey } {
  return DEFAULT_STAGES[STAGE_KEYS.indexOf(key)];
}

function deepFreeze<T extends object>(value: T): T {
  for (const child of Object.values(value)) {
    if (child && typeof child === "object") deepFreeze(child);
  }
  return Object.freeze(value);
}
