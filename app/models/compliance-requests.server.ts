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
