import { z } from "zod";
import type { AdminOperation } from "../admin-graphql.server";
import {
  FULFILLMENT_EVENT_FIELDS,
  FULFILLMENT_ORDER_FIELDS,
  LINE_ITEM_FIELDS,
  ORDER_SCALAR_FIELDS,
  RETURN_FIELDS,
} from "./order-fields";

const document = `#graphql
  query OrdersUpdatedSince($query: String!, $after: String) {
    orders(first: 50, after: $after, query: $query, sortKey: UPDATED_AT) {
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {${ORDER_SCALAR_FIELDS}
          lineItems(first: 100) {
            edges {
              node {${LINE_ITEM_FIELDS}
              }
            }
          }
          fulfillmentOrders(first: 20) {
            edges {
              node {${FULFILLMENT_ORDER_FIELDS}
              }
            }
          }
          returns(first: 20) {
            edges {
              node {${RETURN_FIELDS}
              }
            }
          }
          fulfillmentEvents: fulfillments(first: 20) {
            id
            events(first: 50) {
              edges {
                node {${FULFILLMENT_EVENT_FIELDS}
                }
              }
            }
          }
        }
      }
    }
  }
`;

const edges = z.object({ edges: z.array(z.object({ node: z.record(z.unknown()) })) });

const result = z.object({
  orders: z.object({
    pageInfo: z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullable() }),
    edges: z.array(
      z.object({
        node: z
          .object({
            lineItems: edges,
            fulfillmentOrders: edges,
            returns: edges,
            fulfillmentEvents: z.array(z.object({ id: z.string(), events: edges })),
          })
          .passthrough(),
      }),
    ),
  }),
});

export type OrdersPage = z.infer<typeof result>;

/**
 * One page of the orders matching `query` (reconciliation: "updated_at:>…"), oldest update
 * first, each with what app/shopify/admin-orders.ts reads (its own schema checks the fields).
 */
export const ORDERS_UPDATED_SINCE: AdminOperation<
  { query: string; after: string | null },
  OrdersPage
> = {
  name: "OrdersUpdatedSince",
  document,
  result,
};

/** Shopify's search for orders updated after `since`. */
export function updatedSinceSearch(since: Date): string {
  return `updated_at:>'${since.toISOString()}'`;
}
