// What an outbox row says, rendered from the order's current facts and the shop's template.
import { renderEmail, type EmailTemplateSource } from "~/domain/email/render";
import { defaultTemplate } from "~/domain/email/default-templates";
import { emailVariables, type EmailContext } from "~/domain/email/variables";
import type { OrderFacts } from "~/domain/facts";
import { localized } from "~/domain/order-view";
import { estimatedDeliveryFromFacts, shipmentsFromFacts } from "~/domain/stage-engine";
import { findEmailTemplate } from "~/models/email-templates.server";
import type { EmailOrder } from "~/models/orders.server";
import type { StageRow } from "~/models/stages.server";

/** What an email says of the order and of its stage. */
export type OrderForEmail = Pick<
  EmailOrder,
  "name" | "customerFirstName" | "orderStatusUrl" | "facts"
>;
export type StageForEmail = Pick<StageRow, "key" | "labels" | "descriptions">;

export interface ShopIdentity {
  shop: string;
  name: string | null;
  email: string | null;
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
    estimatedDelivery: estimatedDeliveryFromFacts(facts),
    lookupUrl: `https://${shop.shop}/apps/order-status`,
    locale,
  };
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
  return renderEmail(template, emailVariables(emailContext(shop, order, stage, locale)));
}
