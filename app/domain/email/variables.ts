// What an email template can see (SPEC §6). Names follow Shopify's notification variables where
// they exist, so merchants can reuse what they know. Everything is plain data: strings, nil, lists.

export interface EmailShipment {
  trackingCompany: string | null;
  trackingNumber: string | null;
  trackingUrl: string | null;
  status: string | null;
  estimatedDeliveryAt: string | null;
}

export interface EmailContext {
  shop: {
    name: string;
    email: string | null;
    domain: string;
    accentColor?: string | null;
    logoUrl?: string | null;
    /** IANA zone (e.g. "Europe/Stockholm") the `date` filter uses; UTC when unset. */
    timeZone?: string | null;
  };
  order: { name: string; customerFirstName: string | null; orderStatusUrl: string | null };
  stage: { key: string; label: string; description: string };
  shipments: EmailShipment[];
  /** ISO instant. */
  estimatedDelivery: string | null;
  lookupUrl: string | null;
  /** "en", "sv", "sv-SE"… */
  locale: string;
}

/** Used when the shop has no accent colour (or an invalid one): white text on it reads well. */
export const DEFAULT_ACCENT_COLOR = "#2c6ecb";

export interface EmailVariable {
  name: string;
  description: string;
  example: string;
}

/** Reference list for the template editor; `fulfillments[]` names the keys of each list item. */
export const EMAIL_VARIABLES: EmailVariable[] = [
  { name: "shop.name", description: "Your store's name", example: "Northwind Goods" },
  {
    name: "shop.email",
    description: "Your store's contact email (or nil)",
    example: "hello@example.com",
  },
  {
    name: "shop.domain",
    description: "Your store's Shopify domain",
    example: "northwind-goods.myshopify.com",
  },
  {
    name: "shop.timezone",
    description: "Time zone used by the date filter (or nil: UTC)",
    example: "Europe/Stockholm",
  },
  { name: "order.name", description: "Order name", example: "#1001" },
  {
    name: "order.customer.first_name",
    description: "Customer's first name (or nil)",
    example: "Alex",
  },
  {
    name: "order.order_status_url",
    description: "Shopify order status page (or nil)",
    example:
      "https://northwind-goods.myshopify.com/90123456789/orders/4f1c2e9a7b/authenticate?key=8d2f6a0c1e",
  },
  {
    name: "stage.key",
    description: "Stage key (stable, not shown to customers)",
    example: "out_for_delivery",
  },
  {
    name: "stage.label",
    description: "Stage name, in the customer's language",
    example: "Out for delivery",
  },
  {
    name: "stage.description",
    description: "Stage description, in the customer's language",
    example: "Your package is out for delivery and will arrive soon.",
  },
  {
    name: "fulfillment",
    description: "First shipment with tracking (nil when none): {% if fulfillment %}",
    example: "{% if fulfillment %}…{% endif %}",
  },
  {
    name: "fulfillment.tracking_company",
    description: "Carrier of the first shipment with tracking (or nil)",
    example: "UPS",
  },
  {
    name: "fulfillment.tracking_number",
    description: "Tracking number of the first shipment with tracking (or nil)",
    example: "1Z999AA10123456784",
  },
  {
    name: "fulfillment.tracking_url",
    description: "Tracking link of the first shipment with tracking (or nil)",
    example: "https://www.ups.com/track?tracknum=1Z999AA10123456784",
  },
  {
    name: "fulfillment.status",
    description: "Carrier status of that shipment (or nil)",
    example: "out_for_delivery",
  },
  {
    name: "fulfillment.estimated_delivery_at",
    description: "Carrier's delivery estimate for that shipment, ISO instant (or nil)",
    example: "2026-01-15T12:00:00.000Z",
  },
  {
    name: "fulfillments",
    description: "Every shipment of the order (list, may be empty)",
    example: "{% for f in fulfillments %}…{% endfor %}",
  },
  { name: "fulfillments[].tracking_company", description: "Carrier (or nil)", example: "UPS" },
  {
    name: "fulfillments[].tracking_number",
    description: "Tracking number (or nil)",
    example: "1Z999AA10123456784",
  },
  {
    name: "fulfillments[].tracking_url",
    description: "Tracking link (or nil)",
    example: "https://www.ups.com/track?tracknum=1Z999AA10123456784",
  },
  { name: "fulfillments[].status", description: "Carrier status (or nil)", example: "in_transit" },
  {
    name: "fulfillments[].estimated_delivery_at",
    description: "Carrier's delivery estimate, ISO instant (or nil)",
    example: "2026-01-15T12:00:00.000Z",
  },
  {
    name: "estimated_delivery",
    description:
      "Estimated delivery, ISO instant (or nil): the carrier's estimate, else your stages' expected business days from when the order entered its stage; format it with the date filter",
    example: '{{ estimated_delivery | date: "date" }}',
  },
  {
    name: "lookup_url",
    description: "Your store's order lookup page (or nil)",
    example: "https://northwind-goods.myshopify.com/apps/order-status",
  },
  {
    name: "brand.accent_color",
    description: "Your accent colour (hex)",
    example: DEFAULT_ACCENT_COLOR,
  },
  {
    name: "brand.accent_text_color",
    description: "Text colour that reads well on the accent colour",
    example: "#ffffff",
  },
  {
    name: "brand.logo_url",
    description: "Your logo (or nil)",
    example: "https://cdn.shopify.com/s/files/1/0000/0001/files/logo.png",
  },
  { name: "locale", description: "Customer's language, used by the date filter", example: "en" },
];

/** The variables a template renders with. Unsafe links and colours are replaced, never passed on. */
export function emailVariables(ctx: EmailContext): Record<string, unknown> {
  const fulfillments = ctx.shipments.map((shipment) => ({
    tracking_company: text(shipment.trackingCompany),
    tracking_number: text(shipment.trackingNumber),
    tracking_url: safeUrl(shipment.trackingUrl),
    status: text(shipment.status),
    estimated_delivery_at: isoInstant(shipment.estimatedDeliveryAt),
  }));
  const accentColor = hexColor(ctx.shop.accentColor) ?? DEFAULT_ACCENT_COLOR;
  return {
    shop: {
      name: ctx.shop.name.trim(),
      email: emailAddress(ctx.shop.email),
      domain: ctx.shop.domain.trim(),
      timezone: timeZone(ctx.shop.timeZone),
    },
    order: {
      name: ctx.order.name.trim(),
      customer: { first_name: text(ctx.order.customerFirstName) },
      order_status_url: safeUrl(ctx.order.orderStatusUrl),
    },
    stage: { key: ctx.stage.key, label: ctx.stage.label, description: ctx.stage.description },
    // Liquid treats "" as true, so "no tracking" must be nil for `{% if fulfillment %}` to work.
    fulfillment: fulfillments.find((f) => f.tracking_number || f.tracking_url) ?? null,
    fulfillments,
    estimated_delivery: isoInstant(ctx.estimatedDelivery),
    lookup_url: safeUrl(ctx.lookupUrl),
    brand: {
      accent_color: accentColor,
      accent_text_color: readableTextOn(accentColor),
      logo_url: safeUrl(ctx.shop.logoUrl),
    },
    locale: localeTag(ctx.locale),
  };
}

/**
 * A realistic order for previews and test sends. `now` (ISO instant) dates the delivery estimate
 * two days ahead; without it a fixed date is used, since the domain has no clock.
 */
export function sampleEmailContext(
  stage: { key: string; label: string; description: string },
  locale: string,
  now?: string,
): EmailContext {
  const swedish = localeTag(locale).toLowerCase().startsWith("sv");
  const carrier = swedish
    ? { company: "PostNord", numbers: ["00370730255561234567", "00370730255561234574"] }
    : { company: "UPS", numbers: ["1Z999AA10123456784", "1Z999AA10123456791"] };
  const trackingUrl = (number: string) =>
    swedish
      ? `https://tracking.postnord.com/se/?id=${number}`
      : `https://www.ups.com/track?tracknum=${number}`;
  const estimate = sampleDeliveryEstimate(now);
  return {
    shop: {
      name: "Northwind Goods",
      email: "hello@example.com",
      domain: "northwind-goods.myshopify.com",
      accentColor: null,
      logoUrl: null,
      timeZone: swedish ? "Europe/Stockholm" : null,
    },
    order: {
      name: "#1001",
      customerFirstName: swedish ? "Maja" : "Alex",
      orderStatusUrl:
        "https://northwind-goods.myshopify.com/90123456789/orders/4f1c2e9a7b/authenticate?key=8d2f6a0c1e",
    },
    stage: { key: stage.key, label: stage.label, description: stage.description },
    shipments: carrier.numbers.map((number) => ({
      trackingCompany: carrier.company,
      trackingNumber: number,
      trackingUrl: trackingUrl(number),
      status: "in_transit",
      estimatedDeliveryAt: estimate,
    })),
    estimatedDelivery: estimate,
    lookupUrl: "https://northwind-goods.myshopify.com/apps/order-status",
    locale,
  };
}

function sampleDeliveryEstimate(now: string | undefined): string {
  const start = now === undefined ? NaN : Date.parse(now);
  if (!Number.isFinite(start)) return "2026-01-15T12:00:00.000Z";
  const day = new Date(start);
  day.setUTCDate(day.getUTCDate() + 2);
  day.setUTCHours(12, 0, 0, 0);
  return day.toISOString();
}

// --- sanitising ---------------------------------------------------------------------------------

function text(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

/** An absolute http(s) URL without credentials or whitespace; anything else (javascript:, data:,
 * relative paths) is nil, so a template can put it in an href without checking. */
export function safeUrl(value: string | null | undefined): string | null {
  const candidate = text(value);
  // eslint-disable-next-line no-control-regex
  if (!candidate || /[\s\u0000-\u001f\u007f]/.test(candidate)) return null;
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  if (url.username || url.password || !url.hostname) return null;
  return candidate;
}

/** A CSS hex colour (#rgb, #rgba, #rrggbb, #rrggbbaa), lower-cased; else null. */
export function hexColor(value: string | null | undefined): string | null {
  const candidate = value?.trim() ?? "";
  if (!/^#[0-9a-f]{3,8}$/i.test(candidate) || ![4, 5, 7, 9].includes(candidate.length)) return null;
  return candidate.toLowerCase();
}

/** White or near-black, whichever contrasts more with the (opaque part of the) colour. */
function readableTextOn(hex: string): string {
  const digits = hex.slice(1);
  const full = digits.length <= 4 ? [...digits].map((d) => d + d).join("") : digits;
  const [r, g, b] = [0, 2, 4].map((i) => {
    const channel = parseInt(full.slice(i, i + 2), 16) / 255;
    return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
  });
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  const againstWhite = 1.05 / (luminance + 0.05);
  const againstDark = (luminance + 0.05) / 0.0557; // #111111
  return againstWhite >= againstDark ? "#ffffff" : "#111111";
}

function emailAddress(value: string | null | undefined): string | null {
  const candidate = text(value);
  return candidate &&
    /^[^\s@<>"',;:()[\]\\]+@[^\s@<>"',;:()[\]\\]+\.[^\s@<>"',;:()[\]\\]+$/.test(candidate)
    ? candidate
    : null;
}

function isoInstant(value: string | null | undefined): string | null {
  const candidate = text(value);
  const time = candidate ? Date.parse(candidate) : NaN;
  return Number.isFinite(time) ? new Date(time).toISOString() : null;
}

function timeZone(value: string | null | undefined): string | null {
  const candidate = text(value);
  if (!candidate) return null;
  try {
    return new Intl.DateTimeFormat("en", { timeZone: candidate }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/** A well-formed BCP 47 tag ("sv_SE" → "sv-SE"); "en" when unusable. */
function localeTag(value: string): string {
  try {
    return Intl.getCanonicalLocales(value.trim().replace(/_/g, "-"))[0] ?? "en";
  } catch {
    return "en";
  }
}
