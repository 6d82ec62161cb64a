import {
  FULFILLMENT_EVENT_FIELDS,
  FULFILLMENT_ORDER_FIELDS,
  LINE_ITEM_FIELDS,
  ORDER_SCALAR_FIELDS,
  RETURN_FIELDS,
} from "./order-fields";

const SEARCH_PLACEHOLDER = '"__SEARCH__"';

// A bulk query: connections carry no page size, and their nodes come back as JSONL lines of
// their own after their parent, linked by `__parentId` (fulfillment events under their
// fulfillment, the others under the order).
const document = `#graphql
  query BackfillOrders {
    orders(query: ${SEARCH_PLACEHOLDER}) {
      edges {
        node {${ORDER_SCALAR_FIELDS}
          lineItems {
            edges {
              node {${LINE_ITEM_FIELDS}
              }
            }
          }
          fulfillmentOrders {
            edges {
              node {${FULFILLMENT_ORDER_FIELDS}
              }
            }
          }
          returns {
            edges {
              node {${RETURN_FIELDS}
              }
            }
          }
          fulfillmentEvents: fulfillments {
            id
            events {
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

/** The backfill's bulk query (run with BulkOperationRunQuery); its search is filled in. */
export const BACKFILL_ORDERS = {
  name: "BackfillOrders",
  document,
  /** The document with `search` (Shopify's order search syntax) as the orders query. */
  withSearch(search: string): string {
    return document.replace(SEARCH_PLACEHOLDER, JSON.stringify(search));
  },
};

/** Open orders, and every order created on or after `since` (SPEC §3: open + last 60 days). */
export function backfillSearch(since: Date): string {
  return `status:open OR created_at:>='${since.toISOString()}'`;
}
