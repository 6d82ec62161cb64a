import { clientOr, type Client } from "./client.server";

export function recordComplianceRequest(
  shop: string,
  input: { topic: string; customerGid: string | null; result: unknown },
  client?: Client,
) {
  return clientOr(client).complianceRequest.create({
    data: {
      shop,
      topic: input.topic,
      customerGid: input.customerGid,
      result: JSON.stringify(input.result),
    },
  });
}

export const DATA_REQUEST_TOPIC = "customers/data_request";

/** The shop's data-request reports (customers/data_request), newest first. */
export function listDataRequestReports(shop: string, client?: Client) {
  return clientOr(client).complianceRequest.findMany({
    where: { shop, topic: DATA_REQUEST_TOPIC },
    orderBy: { id: "desc" },
  });
}

export function deleteDataRequestReports(shop: string, ids: number[], client?: Client) {
  return clientOr(client).complianceRequest.deleteMany({
    where: { shop, topic: DATA_REQUEST_TOPIC, id: { in: ids } },
  });
}

/** Every shop's data-request reports received before `before` (retention). */
export function deleteDataRequestReportsBefore(before: Date, client?: Client) {
  return clientOr(client).complianceRequest.deleteMany({
    where: { topic: DATA_REQUEST_TOPIC, receivedAt: { lt: before } },
  });
}
