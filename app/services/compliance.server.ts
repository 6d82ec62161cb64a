// Shopify's mandatory compliance webhooks (GDPR/CCPA).
import { z } from "zod";
import { normalizeEmail } from "~/domain/shopper-contact";
import { db } from "~/db.server";
import {
  deleteDataRequestReports,
  listDataRequestReports,
  recordComplianceRequest,
} from "~/models/compliance-requests.server";
import { redactEmailsOfOrders } from "~/models/email-outbox.server";
import {
  findCustomerOrders,
  redactCustomerOrders,
  type CustomerSelector,
} from "~/models/orders.server";
import { deleteAllShopData } from "~/models/shops.server";
import { listOrderTimeline } from "~/models/timeline.server";
import { parseJsonLossless } from "~/shopify/json";
import type { WebhookDelivery, WebhookOutcome } from "./webhook-delivery";
import { forgetShop } from "./shops.server";

const numericId = z
  .union([z.string().regex(/^\d+$/), z.number().int().nonnegative()])
  .transform(String);

const customerPayload = z.object({
  customer: z.object({
    id: numericId.nullish(),
    email: z.string().nullish(),
    phone: z.string().nullish(),
  }),
  orders_to_redact: z.array(numericId).optional(),
  orders_requested: z.array(numericId).optional(),
});

function selectorFrom(payload: z.output<typeof customerPayload>): CustomerSelector {
  const orderIds = payload.orders_to_redact ?? payload.orders_requested ?? [];
  return {
    customerGid: payload.customer.id ? `gid://shopify/Customer/${payload.customer.id}` : null,
    email: payload.customer.email ? normalizeEmail(payload.customer.email) || null : null,
    orderGids: orderIds.map((id) => `gid://shopify/Order/${id}`),
  };
}

export async function handleComplianceWebhook(delivery: WebhookDelivery): Promise<WebhookOutcome> {
  const { shop, topic } = delivery;
  if (topic === "shop/redact") {
    const deleted = await db().$transaction((tx) => deleteAllShopData(shop, tx));
    forgetShop(shop);
    return { status: "stored", detail: { deleted } };
  }
  if (topic !== "customers/redact" && topic !== "customers/data_request") {
    return { status: "ignored", reason: `not a compliance topic: ${topic}` };
  }
  const parsed = customerPayload.safeParse(parseJsonLossless(delivery.rawBody));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { status: "invalid", error: `${issue?.path.join(".")}: ${issue?.message}` };
  }
  const who = selectorFrom(parsed.data);
  if (topic === "customers/redact") {
    const { count } = await db().$transaction(async (tx) => {
      const orders = await findCustomerOrders(shop, who, tx);
      await redactEmailsOfOrders(
        shop,
        orders.map((o) => o.orderGid),
        tx,
      );
      const result = await redactCustomerOrders(shop, who, new Date(), tx);
      await deleteReportsAbout(shop, who, tx);
      await recordComplianceRequest(
        shop,
        { topic, customerGid: who.customerGid, result: { ordersRedacted: result.count } },
        tx,
      );
      return result;
    });
    return { status: "stored", detail: { ordersRedacted: count } };
  }
  const report = await assembleCustomerData(shop, who);
  await recordComplianceRequest(shop, { topic, customerGid: who.customerGid, result: report });
  return { status: "stored", detail: { orders: report.orders.length } };
}

/** Data-request reports are kept 30 days for the merchant to download, then deleted. */
export const DATA_REQUEST_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;

/** A redacted customer's data-request reports go too: they hold the very data being erased. */
async function deleteReportsAbout(
  shop: string,
  who: CustomerSelector,
  tx: Parameters<typeof listDataRequestReports>[1],
) {
  const reports = await listDataRequestReports(shop, tx);
  const about = reports.filter((report) => {
    if (who.customerGid && report.customerGid === who.customerGid) return true;
    const customer = (JSON.parse(report.result) as { customer?: { email?: string | null } })
      .customer;
    return who.email !== null && customer?.email === who.email;
  });
  if (about.length > 0) {
    await deleteDataRequestReports(
      shop,
      about.map((r) => r.id),
      tx,
    );
  }
}

/** The merchant's view of data requests: what was asked and the report to hand over. */
export async function listDataRequests(shop: string) {
  return (await listDataRequestReports(shop)).map((row) => ({
    id: row.id,
    customerGid: row.customerGid,
    receivedAt: row.receivedAt.toISOString(),
    expiresAt: new Date(row.receivedAt.getTime() + DATA_REQUEST_RETENTION_MS).toISOString(),
    report: JSON.parse(row.result) as unknown,
  }));
}

/** Everything Stageline stores about one customer, for the merchant to hand over. */
export async function assembleCustomerData(shop: string, who: CustomerSelector) {
  const orders = await findCustomerOrders(shop, who);
  return {
    customer: { id: who.customerGid, email: who.email },
    orders: await Promise.all(
      orders.map(async (order) => ({
        id: order.orderGid,
        name: order.name,
        email: order.email,
        phone: order.phoneDigits,
        firstName: order.customerFirstName,
        locale: order.locale,
        stage: order.stageKey,
        placedAt: order.placedAt?.toISOString() ?? null,
        timeline: (await listOrderTimeline(shop, order.orderGid)).map((e) => ({
          from: e.fromKey,
          to: e.toKey,
          source: e.source,
          at: e.occurredAt.toISOString(),
        })),
      })),
    ),
  };
}
