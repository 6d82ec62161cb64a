import type { AdminApiContext } from "@shopify/shopify-app-remix/server";
import { z } from "zod";

export const FULFILLMENT_ORDER_ORDER_QUERY = `#graphql
  query FulfillmentOrderOrder($id: ID!) {
    fulfillmentOrder(id: $id) {
      id
      order {
        id
      }
    }
  }
`;

const responseSchema = z.object({
  data: z.object({
    fulfillmentOrder: z.object({ id: z.string(), order: z.object({ id: z.string() }) }).nullable(),
  }),
});

/** The order a fulfillment order belongs to, or null when Shopify does not know it. */
export async function fetchOrderGidOfFulfillmentOrder(
  admin: AdminApiContext,
  fulfillmentOrderGid: string,
): Promise<string | null> {
  const response = await admin.graphql(FULFILLMENT_ORDER_ORDER_QUERY, {
    variables: { id: fulfillmentOrderGid },
  });
  const parsed = responseSchema.parse(await response.json());
  return parsed.data.fulfillmentOrder?.order.id ?? null;
}
