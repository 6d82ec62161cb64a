import { clientOr, type Client } from "./client.server";

export async function findOrderGidOfFulfillmentOrder(
  shop: string,
  fulfillmentOrderGid: string,
  client?: Client,
) {
  const link = await clientOr(client).fulfillmentOrderLink.findUnique({
    where: { shop_fulfillmentOrderGid: { shop, fulfillmentOrderGid } },
    select: { orderGid: true },
  });
  return link?.orderGid ?? null;
}

export function linkFulfillmentOrder(
  shop: string,
  fulfillmentOrderGid: string,
  orderGid: string,
  client?: Client,
) {
  return clientOr(client).fulfillmentOrderLink.upsert({
    where: { shop_fulfillmentOrderGid: { shop, fulfillmentOrderGid } },
    create: { shop, fulfillmentOrderGid, orderGid },
    update: { orderGid },
  });
}
