import { clientOr, type Client } from "./client.server";

export function findEmailTemplate(shop: string, stageKey: string, locale: string, client?: Client) {
  return clientOr(client).emailTemplate.findUnique({
    where: { shop_stageKey_locale: { shop, stageKey, locale } },
  });
}

export function listEmailTemplates(shop: string, client?: Client) {
  return clientOr(client).emailTemplate.findMany({
    where: { shop },
    orderBy: [{ stageKey: "asc" }, { locale: "asc" }],
  });
}

export function saveEmailTemplate(
  shop: string,
  key: { stageKey: string; locale: string },
  content: { subject: string; html: string; text: string },
  client?: Client,
) {
  return clientOr(client).emailTemplate.upsert({
    where: { shop_stageKey_locale: { shop, ...key } },
    create: { shop, ...key, ...content },
    update: content,
  });
}

export function deleteEmailTemplate(
  shop: string,
  key: { stageKey: string; locale: string },
  client?: Client,
) {
  return clientOr(client).emailTemplate.deleteMany({ where: { shop, ...key } });
}
