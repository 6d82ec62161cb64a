// The order fields Stageline reads from the Admin API (backfill and reconciliation), written
// once: everything app/shopify/admin-orders.ts turns into facts, except the connections, whose
// shape differs between a bulk query (flattened into JSONL lines) and a paginated one.

/** Fields of Order that are not connections. */
export const ORDER_SCALAR_FIELDS = `
      id
      name
      email
      phone
      customerLocale
      statusPageUrl
      createdAt
      processedAt
      updatedAt
      cancelledAt
      cancelReason
      closedAt
      displayFinancialStatus
      displayFulfillmentStatus
      customer {
        id
        firstName
      }
      fulfillments {
        id
        status
        displayStatus
        createdAt
        updatedAt
        trackingInfo {
          company
          number
          url
        }
      }
      refunds {
        id
        createdAt
        updatedAt
      }`;

export const LINE_ITEM_FIELDS = `
          id
          quantity
          variant {
            id
          }`;

export const FULFILLMENT_EVENT_FIELDS = `
          id
          status
          happenedAt
          estimatedDeliveryAt
          message`;

export const FULFILLMENT_ORDER_FIELDS = `
          id
          status
          updatedAt
          fulfillAt
          fulfillmentHolds {
            reason
          }`;

export const RETURN_FIELDS = `
          id
          status`;
