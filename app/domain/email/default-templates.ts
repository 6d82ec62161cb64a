// The templates every stage email starts from, in English and Swedish. One shared layout: the
// stage decides only the opening sentence. Email clients ignore or strip <style>, so every rule
// that matters is inline; the one media query only tightens padding on small screens.
import type { EmailTemplateSource } from "./render";

export const DEFAULT_TEMPLATE_LOCALES = ["en", "sv"] as const;

export type DefaultTemplateLocale = (typeof DEFAULT_TEMPLATE_LOCALES)[number];

/** "sv-SE" → "sv"; a language without default templates → "en". */
export function defaultTemplateLocale(locale: string): DefaultTemplateLocale {
  const language = locale.trim().toLowerCase().split(/[-_]/)[0];
  return DEFAULT_TEMPLATE_LOCALES.find((l) => l === language) ?? "en";
}

/** The default template of a stage (custom stages get the generic opening) in a locale. */
export function defaultTemplate(stageKey: string, locale: string): EmailTemplateSource {
  const copy = COPY[defaultTemplateLocale(locale)];
  const opening = Object.hasOwn(copy.openings, stageKey)
    ? copy.openings[stageKey]!
    : copy.genericOpening;
  return {
    subject: copy.subject,
    html: htmlTemplate(copy, opening),
    text: textTemplate(copy, opening),
  };
}

interface Copy {
  lang: DefaultTemplateLocale;
  subject: string;
  greeting: string;
  /** Liquid; one sentence or two, complementing (not repeating) the stage description. */
  openings: Record<string, string>;
  genericOpening: string;
  orderHeading: string;
  trackingHeading: string;
  shipment: string;
  trackingNumber: string;
  trackPackage: string;
  estimatedDelivery: string;
  viewOrder: string;
  followOrder: string;
  alsoFollow: (link: string) => string;
  lookupLinkText: string;
  regards: string;
  questions: string;
  reason: string;
}

const ORDER = "{{ order.name }}";

const COPY: Record<DefaultTemplateLocale, Copy> = {
  en: {
    lang: "en",
    subject: "Order {{ order.name }}: {{ stage.label }}",
    greeting:
      "{% if order.customer.first_name %}Hi {{ order.customer.first_name }},{% else %}Hi,{% endif %}",
    openings: {
      placed: `Thank you for your order ${ORDER}!`,
      awaiting_payment: `Thank you for your order ${ORDER}! We'll start preparing it as soon as your payment has gone through.`,
      payment_issue: `Unfortunately, something went wrong with the payment for your order ${ORDER}.`,
      confirmed: `Thank you for your order ${ORDER}!`,
      processing: `Good news: we've started preparing your order ${ORDER}.`,
      on_hold: `We've paused your order ${ORDER} for the moment.`,
      partially_shipped: `Part of your order ${ORDER} has been sent.`,
      shipped: `Your order ${ORDER} is on its way!`,
      in_transit: `Your order ${ORDER} is on its way to you.`,
      out_for_delivery: `Your order ${ORDER} is on the last leg of its journey.`,
      ready_for_pickup: `Your order ${ORDER} is ready and waiting for you.`,
      delivery_issue: `We're sorry: there's a problem with the delivery of your order ${ORDER}.`,
      delivered: `Your order ${ORDER} has arrived. Thank you for shopping with us!`,
      return_requested: `Thanks for letting us know about your return for order ${ORDER}.`,
      return_in_progress: `Good news about your return for order ${ORDER}.`,
      return_declined: `We've reviewed your return request for order ${ORDER}.`,
      returned: `Your returned items from order ${ORDER} have reached us.`,
    },
    genericOpening: `We have an update about your order ${ORDER}.`,
    orderHeading: `Order ${ORDER}`,
    trackingHeading: "Tracking information",
    shipment: "Shipment",
    trackingNumber: "Tracking number",
    trackPackage: "Track package",
    estimatedDelivery: "Estimated delivery",
    viewOrder: "View your order",
    followOrder: "Follow your order",
    alsoFollow: (link) => `You can also follow your order on ${link}.`,
    lookupLinkText: "our order status page",
    regards: "Best regards,",
    questions: "Questions? Contact us at",
    reason: "You're receiving this email because you placed an order with {{ shop.name }}.",
  },
  sv: {
    lang: "sv",
    subject: "Beställning {{ order.name }}: {{ stage.label }}",
    greeting:
      "{% if order.customer.first_name %}Hej {{ order.customer.first_name }}!{% else %}Hej!{% endif %}",
    openings: {
      placed: `Tack för din beställning ${ORDER}!`,
      awaiting_payment: `Tack för din beställning ${ORDER}! Vi börjar förbereda den så snart din betalning har gått igenom.`,
      payment_issue: `Tyvärr gick något fel med betalningen för din beställning ${ORDER}.`,
      confirmed: `Tack för din beställning ${ORDER}!`,
      processing: `Goda nyheter: vi har börjat förbereda din beställning ${ORDER}.`,
      on_hold: `Vi har pausat din beställning ${ORDER} för tillfället.`,
      partially_shipped: `En del av din beställning ${ORDER} har skickats.`,
      shipped: `Din beställning ${ORDER} är på väg!`,
      in_transit: `Din beställning ${ORDER} är på väg till dig.`,
      out_for_delivery: `Nu är din beställning ${ORDER} på sista biten av resan.`,
      ready_for_pickup: `Din beställning ${ORDER} är klar och väntar på dig.`,
      delivery_issue: `Vi beklagar, men det har uppstått ett problem med leveransen av din beställning ${ORDER}.`,
      delivered: `Din beställning ${ORDER} har kommit fram. Tack för att du handlar hos oss!`,
      return_requested: `Tack för att du meddelade oss om din retur för beställning ${ORDER}.`,
      return_in_progress: `Goda nyheter om din retur för beställning ${ORDER}.`,
      return_declined: `Vi har gått igenom din returbegäran för beställning ${ORDER}.`,
      returned: `Dina returnerade varor från beställning ${ORDER} har kommit fram till oss.`,
    },
    genericOpening: `Vi har en uppdatering om din beställning ${ORDER}.`,
    orderHeading: `Beställning ${ORDER}`,
    trackingHeading: "Spårningsinformation",
    shipment: "Försändelse",
    trackingNumber: "Spårningsnummer",
    trackPackage: "Spåra paketet",
    estimatedDelivery: "Beräknad leverans",
    viewOrder: "Visa din beställning",
    followOrder: "Följ din beställning",
    alsoFollow: (link) => `Du kan också följa din beställning på ${link}.`,
    lookupLinkText: "vår orderstatussida",
    regards: "Vänliga hälsningar,",
    questions: "Har du frågor? Kontakta oss på",
    reason: "Du får det här mejlet eftersom du har lagt en beställning hos {{ shop.name }}.",
  },
};

// --- HTML ---------------------------------------------------------------------------------------

const FONT =
  "font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;";
const PAGE_BACKGROUND = "#f4f5f7";
const TABLE = 'role="presentation" cellpadding="0" cellspacing="0" border="0"';
// The cards are fluid up to 600px; Outlook for Windows ignores max-width, so it gets a fixed
// 600px wrapper that every other client skips.
const MSO_OPEN = `<!--[if mso]><table ${TABLE} width="600" align="center"><tr><td><![endif]-->`;
const MSO_CLOSE = "<!--[if mso]></td></tr></table><![endif]-->";
// Keeps inbox previews from pulling body text in after the preheader.
const PREHEADER_FILL = "&#847;&zwnj;&nbsp;".repeat(30);

function htmlTemplate(copy: Copy, opening: string): string {
  return `<!DOCTYPE html>
<html lang="${copy.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="x-apple-disable-message-reformatting">
<meta name="color-scheme" content="light">
<title>{{ stage.label }}</title>
<style>
@media only screen and (max-width: 620px) {
  .sl-card { border-radius: 0 !important; }
  .sl-pad { padding-left: 20px !important; padding-right: 20px !important; }
}
</style>
</head>
<body style="margin:0;padding:0;width:100%;background-color:${PAGE_BACKGROUND};-webkit-text-size-adjust:100%;">
<div style="display:none;max-height:0;max-width:0;overflow:hidden;opacity:0;mso-hide:all;font-size:1px;line-height:1px;color:${PAGE_BACKGROUND};">{{ stage.description }}${PREHEADER_FILL}</div>
<table ${TABLE} width="100%" style="width:100%;background-color:${PAGE_BACKGROUND};">
<tr><td align="center" style="padding:24px 12px;">
${MSO_OPEN}
<table ${TABLE} class="sl-card" width="100%" style="width:100%;max-width:600px;background-color:#ffffff;border-radius:8px;">
<tr><td style="height:6px;line-height:6px;font-size:6px;background-color:{{ brand.accent_color }};border-radius:8px 8px 0 0;">&nbsp;</td></tr>
<tr><td class="sl-pad" style="padding:24px 32px 8px 32px;${FONT}">
{%- if brand.logo_url %}
<img src="{{ brand.logo_url }}" alt="{{ shop.name }}" height="40" style="display:block;height:40px;width:auto;max-width:200px;border:0;outline:none;text-decoration:none;">
{%- else %}
<span style="font-size:20px;line-height:28px;font-weight:700;color:#111827;">{{ shop.name }}</span>
{%- endif %}
</td></tr>
<tr><td class="sl-pad" style="padding:16px 32px 0 32px;${FONT}font-size:16px;line-height:24px;color:#1f2937;">
<p style="margin:0 0 16px 0;">${copy.greeting}</p>
<p style="margin:0 0 24px 0;">${opening}</p>
</td></tr>
<tr><td class="sl-pad" style="padding:0 32px;">
<table ${TABLE} width="100%" style="width:100%;background-color:#f9fafb;border-left:4px solid {{ brand.accent_color }};border-radius:4px;">
<tr><td style="padding:16px 20px;${FONT}">
<p style="margin:0 0 4px 0;font-size:13px;line-height:18px;color:#6b7280;">${copy.orderHeading}</p>
<p style="margin:0;font-size:20px;line-height:28px;font-weight:700;color:#111827;">{{ stage.label }}</p>
{%- if stage.description %}
<p style="margin:4px 0 0 0;font-size:15px;line-height:22px;color:#374151;">{{ stage.description }}</p>
{%- endif %}
</td></tr>
</table>
</td></tr>
{%- if fulfillment %}
<tr><td class="sl-pad" style="padding:24px 32px 0 32px;${FONT}">
<p style="margin:0 0 8px 0;font-size:16px;line-height:24px;font-weight:700;color:#111827;">${copy.trackingHeading}</p>
<table ${TABLE} width="100%" style="width:100%;border:1px solid #e5e7eb;border-radius:6px;border-collapse:separate;">
{%- assign listed = false %}
{%- for shipment in fulfillments %}
{%- if shipment.tracking_number or shipment.tracking_url %}
<tr><td style="padding:12px 16px;{% if listed %}border-top:1px solid #e5e7eb;{% endif %}${FONT}font-size:15px;line-height:22px;color:#1f2937;">
<strong>{% if shipment.tracking_company %}{{ shipment.tracking_company }}{% else %}${copy.shipment}{% endif %}</strong>
{%- if shipment.tracking_number %}
<br><span style="color:#6b7280;">${copy.trackingNumber}:</span> {{ shipment.tracking_number }}
{%- endif %}
{%- if shipment.tracking_url %}
<br><a href="{{ shipment.tracking_url }}" target="_blank" style="display:inline-block;margin-top:8px;padding:6px 14px;background-color:{{ brand.accent_color }};color:{{ brand.accent_text_color }};border-radius:4px;font-size:14px;line-height:20px;font-weight:600;text-decoration:none;">${copy.trackPackage}</a>
{%- endif %}
</td></tr>
{%- assign listed = true %}
{%- endif %}
{%- endfor %}
</table>
</td></tr>
{%- endif %}
{%- if estimated_delivery %}
<tr><td class="sl-pad" style="padding:20px 32px 0 32px;${FONT}font-size:16px;line-height:24px;color:#1f2937;">
<p style="margin:0;">${copy.estimatedDelivery}: <strong>{{ estimated_delivery | date: "date" }}</strong></p>
</td></tr>
{%- endif %}
{%- if order.order_status_url or lookup_url %}
<tr><td class="sl-pad" align="left" style="padding:28px 32px 0 32px;">
<table ${TABLE}><tr>
<td align="center" bgcolor="{{ brand.accent_color }}" style="border-radius:6px;background-color:{{ brand.accent_color }};">
<a href="{% if order.order_status_url %}{{ order.order_status_url }}{% else %}{{ lookup_url }}{% endif %}" target="_blank" style="display:inline-block;padding:12px 24px;${FONT}font-size:16px;line-height:20px;font-weight:600;color:{{ brand.accent_text_color }};text-decoration:none;border-radius:6px;">{% if order.order_status_url %}${copy.viewOrder}{% else %}${copy.followOrder}{% endif %}</a>
</td>
</tr></table>
{%- if order.order_status_url and lookup_url %}
<p style="margin:16px 0 0 0;${FONT}font-size:14px;line-height:20px;color:#4b5563;">${copy.alsoFollow(`<a href="{{ lookup_url }}" target="_blank" style="color:#1f2937;text-decoration:underline;">${copy.lookupLinkText}</a>`)}</p>
{%- endif %}
</td></tr>
{%- endif %}
<tr><td class="sl-pad" style="padding:28px 32px 32px 32px;${FONT}font-size:16px;line-height:24px;color:#1f2937;">
<p style="margin:0;">${copy.regards}<br>{{ shop.name }}</p>
</td></tr>
</table>
<table ${TABLE} class="sl-card" width="100%" style="width:100%;max-width:600px;">
<tr><td class="sl-pad" align="center" style="padding:20px 32px;${FONT}font-size:13px;line-height:20px;color:#6b7280;">
<p style="margin:0 0 4px 0;font-weight:600;">{{ shop.name }}</p>
{%- if shop.email %}
<p style="margin:0 0 4px 0;">${copy.questions} <a href="mailto:{{ shop.email }}" style="color:#6b7280;text-decoration:underline;">{{ shop.email }}</a></p>
{%- endif %}
<p style="margin:0;">${copy.reason}</p>
</td></tr>
</table>
${MSO_CLOSE}
</td></tr>
</table>
</body>
</html>
`;
}

// --- plain text ---------------------------------------------------------------------------------

function textTemplate(copy: Copy, opening: string): string {
  return `${copy.greeting}

${opening}

${copy.orderHeading}: {{ stage.label }}
{%- if stage.description %}
{{ stage.description }}
{%- endif %}
{%- if fulfillment %}

${copy.trackingHeading}
{%- for shipment in fulfillments %}
{%- if shipment.tracking_number or shipment.tracking_url %}

- {% if shipment.tracking_company %}{{ shipment.tracking_company }}{% else %}${copy.shipment}{% endif %}
{%- if shipment.tracking_number %}
  ${copy.trackingNumber}: {{ shipment.tracking_number }}
{%- endif %}
{%- if shipment.tracking_url %}
  ${copy.trackPackage}: {{ shipment.tracking_url }}
{%- endif %}
{%- endif %}
{%- endfor %}
{%- endif %}
{%- if estimated_delivery %}

${copy.estimatedDelivery}: {{ estimated_delivery | date: "date" }}
{%- endif %}
{%- if order.order_status_url %}

${copy.viewOrder}: {{ order.order_status_url }}
{%- endif %}
{%- if lookup_url %}

${copy.followOrder}: {{ lookup_url }}
{%- endif %}

${copy.regards}
{{ shop.name }}

--
{%- if shop.email %}
${copy.questions} {{ shop.email }}
{%- endif %}
${copy.reason}
`;
}
