// What an outbox row says, rendered from the order's current facts and the shop's template.
import { renderEmail, type EmailTemplateSource } from "~/domain/email/render";
import { defaultTemplate } from "~/domain/email/default-templates";
import { emailVariables, type EmailContext } from "~/domain/email/variables";
import type { OrderFacts } from "~/domain/facts";
import type { WorkCalendar } from "~/domain/automation/business-days";
import { estimatedDeliveryOf, localized, type OrderViewInput } from "~/domain/order-view";
import { estimatedDeliveryFromFacts, shipmentsFromFacts } from "~/domain/stage-engine";
import { findEmailTemplate } from "~/models/email-templates.server";
import type { EmailOrder } from "~/models/orders.server";
import { findShop } from "~/models/shops.server";
import { orderStatusPageUrl } from "~/shopify/app-proxy";
import type { StageRow } from "~/models/stages.server";

/** What an email says of the order and of its stage. */
export type OrderForEmail = Pick<
  EmailOrder,
  "name" | "customerFirstName" | "orderStatusUrl" | "facts"
> & {
  /**
   * The estimated delivery date (`estimated_delivery`): the carrier's, else from the stages'
   * expected business days (see estimatedDeliveryForEmail); undefined: the carrier's alone.
   */
  estimatedDelivery?: string | null;
};
export type StageForEmail = Pick<StageRow, "key" | "labels" | "descriptions">;

export interface ShopIdentity {
  shop: string;
  name: string | null;
  /** Where shoppers write to: the Reply-To of stage emails. */
  email: string | null;
  /** IANA zone dates are shown in; undefined: read from the shop's row. */
  timeZone?: string | null;
  /** Host of the primary domain links point at; undefined: read from the shop's row. */
  primaryDomain?: string | null;
  /** Where the storefront serves the app proxy; undefined: read from the shop's row. */
  proxyPathPrefix?: string | null;
}

const IDENTITY_TTL_MS = 5000;
const identities = new Map<string, { at: number; identity: Promise<ShopIdentity> }>();

/** The shop's identity as stored (read at most every few seconds per shop and process). */
export function storedShopIdentity(shop: string, now = Date.now()): Promise<ShopIdentity> {
  const hit = identities.get(shop);
  if (hit && now - hit.at < IDENTITY_TTL_MS) return hit.identity;
  const identity = findShop(shop).then((row) => ({
    shop,
    name: row?.name ?? null,
    email: row?.email ?? null,
    timeZone: row?.ianaTimezone ?? null,
    primaryDomain: row?.primaryDomain ?? null,
    proxyPathPrefix: row?.proxyPathPrefix ?? null,
  }));
  identity.catch(() => identities.delete(shop));
  identities.set(shop, { at: now, identity });
  return identity;
}

/**
 * The From header of a shop's stage emails: the shop's name as display name, on the address of
 * EMAIL_FROM (the app's verified sender), so shoppers see who writes to them.
 */
export function senderAddress(shopName: string | null, emailFrom: string): string {
  const address = /<([^<>]+)>\s*$/.exec(emailFrom)?.[1] ?? emailFrom.trim();
  const name = shopName?.replace(/[\r\n"\\<>]/g, " ").trim();
  return name ? `"${name}" <${address}>` : emailFrom;
}

/**
 * The Reply-To of a shop's stage emails: the merchant's address from Settings, else the shop's
 * email. Only a bare address on one line is used (never anything that could add a header).
 */
export function replyToAddress(...candidates: (string | null | undefined)[]): string | null {
  for (const candidate of candidates) {
    const address = candidate?.trim();
    if (address && /^[^\s@<>",;]+@[^\s@<>",;]+$/.test(address)) return address;
  }
  return null;
}

/** "sv-SE" → "sv"; the language templates are stored under. */
export function templateLanguage(locale: string | null | undefined): string {
  return (
    (locale || "en")
      .toLowerCase()
      .split("-")[0]!
      .replace(/[^a-z]/g, "") || "en"
  );
}

export async function templateFor(shop: string, stageKey: string, locale: string) {
  const language = templateLanguage(locale);
  const custom = await findEmailTemplate(shop, stageKey, language);
  return custom
    ? { subject: custom.subject, html: custom.html, text: custom.text, custom: true }
    : { ...defaultTemplate(stageKey, language), custom: false };
}

export function emailContext(
  shop: ShopIdentity,
  order: OrderForEmail,
  stage: StageForEmail,
  locale: string,
): EmailContext {
  const facts = JSON.parse(order.facts) as OrderFacts;
  const labels = JSON.parse(stage.labels) as Record<string, string>;
  const descriptions = JSON.parse(stage.descriptions) as Record<string, string>;
  return {
    shop: {
      name: shop.name ?? shop.shop.replace(/\.myshopify\.com$/, ""),
      email: shop.email,
      domain: shop.shop,
      timeZone: shop.timeZone ?? null,
    },
    order: {
      name: order.name ?? "",
      customerFirstName: order.customerFirstName,
      orderStatusUrl: order.orderStatusUrl,
    },
    stage: {
      key: stage.key,
      label: localized(labels, locale),
      description: localized(descriptions, locale),
    },
    shipments: shipmentsFromFacts(facts).map((s) => ({
      trackingCompany: s.trackingCompany,
      trackingNumber: s.trackingNumber,
      trackingUrl: s.trackingUrl,
      status: s.status,
      estimatedDeliveryAt: s.estimatedDeliveryAt,
    })),
    estimatedDelivery:
      order.estimatedDelivery !== undefined
        ? order.estimatedDelivery
        : estimatedDeliveryFromFacts(facts),
    // The status page on the shop's own domain when it has one (Shopify serves the app proxy
    // there too), at the proxy path the shop's storefront uses.
    lookupUrl: orderStatusPageUrl(shop),
    locale,
  };
}

/**
 * The order's estimated delivery date for its emails: the carrier's estimate when there is one,
 * else the expected business days of its stage and of the stages ahead, counted from when it
 * entered its stage in the shop's calendar.
 */
export function estimatedDeliveryForEmail(
  order: Pick<EmailOrder, "facts" | "stageKey" | "stageEnteredAt">,
  stages: OrderViewInput["stages"],
  calendar: WorkCalendar,
): string | null {
  return estimatedDeliveryOf({
    facts: JSON.parse(order.facts) as OrderFacts,
    stageKey: order.stageKey,
    stageEnteredAt: order.stageEnteredAt?.toISOString() ?? null,
    stages,
    calendar,
    name: "",
    placedAt: null,
    events: [],
    locale: "en",
    lineItems: [],
  });
}

/** Renders the email for an order in a stage; throws EmailRenderError for a broken template. */
export async function renderStageEmail(
  shop: ShopIdentity,
  order: OrderForEmail,
  stage: StageForEmail,
  locale: string,
  template?: EmailTemplateSource,
) {
  template ??= await templateFor(shop.shop, stage.key, locale);
  if (
    shop.timeZone === undefined ||
    shop.primaryDomain === undefined ||
    shop.proxyPathPrefix === undefined
  ) {
    const stored = await storedShopIdentity(shop.shop);
    shop = { ...stored, ...definedFields(shop) };
  }
  return renderEmail(template, emailVariables(emailContext(shop, order, stage, locale)));
}

function definedFields(shop: ShopIdentity): Partial<ShopIdentity> {
  return Object.fromEntries(Object.entries(shop).filter(([, value]) => value !== undefined));
}
