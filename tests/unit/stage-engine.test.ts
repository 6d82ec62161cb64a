import { describe, expect, it } from "vitest";
import { emptyFacts } from "~/domain/facts";
import type { OrderFacts } from "~/domain/facts";
import {
  computeCandidateStage,
  estimatedDeliveryFromFacts,
  shipmentsFromFacts,
} from "~/domain/stage-engine";
import type { DefaultStageKey } from "~/domain/stages";
import {
  deliveredOrderFacts,
  factsOf,
  fulfillment,
  fulfillmentEvent,
  fulfillmentOrder,
  minute,
  returnSection,
} from "./support/facts-builders";

const F1 = "gid://shopify/Fulfillment/1";
const F2 = "gid://shopify/Fulfillment/2";

function twoShipments(first: string | null, second: string | null): OrderFacts {
  return factsOf({
    order: { fulfillmentStatus: "fulfilled" },
    fulfillments: [
      fulfillment({ gid: F1, shipmentStatus: first }),
      fulfillment({ gid: F2, shipmentStatus: second }),
    ],
  });
}

const PRECEDENCE: [string, OrderFacts, DefaultStageKey][] = [
  ["no facts at all", emptyFacts(), "placed"],
  ["an order without a financial status", factsOf({ order: { financialStatus: null } }), "placed"],
  [
    "cancelled beats refunded, returns, delivery issues and holds",
    deliveredOrderFacts({
      order: {
        ...factsOf().order!,
        financialStatus: "refunded",
        fulfillmentStatus: "fulfilled",
        cancelledAt: minute(50),
      },
      returns: [returnSection({ status: "open" })],
      fulfillmentOrders: [fulfillmentOrder({ status: "on_hold" })],
    }),
    "cancelled",
  ],
  [
    "a cancelled order with a voided payment is cancelled, not a payment issue",
    factsOf({ order: { financialStatus: "voided", cancelledAt: minute(3) } }),
    "cancelled",
  ],
  [
    "refunded beats returns",
    deliveredOrderFacts({
      order: { ...factsOf().order!, financialStatus: "refunded", fulfillmentStatus: "fulfilled" },
      returns: [returnSection({ status: "closed" })],
    }),
    "refunded",
  ],
  [
    "an open return beats a requested one",
    deliveredOrderFacts({
      returns: [
        returnSection({ gid: "gid://shopify/Return/1", status: "requested" }),
        returnSection({ gid: "gid://shopify/Return/2", status: "open" }),
      ],
    }),
    "return_in_progress",
  ],
  [
    "a requested return beats a closed one",
    deliveredOrderFacts({
      returns: [
        returnSection({ gid: "gid://shopify/Return/1", status: "closed" }),
        returnSection({ gid: "gid://shopify/Return/2", status: "requested" }),
      ],
    }),
    "return_requested",
  ],
  [
    "a closed return beats a declined one",
    deliveredOrderFacts({
      returns: [
        returnSection({ gid: "gid://shopify/Return/1", status: "declined" }),
        returnSection({ gid: "gid://shopify/Return/2", status: "closed" }),
      ],
    }),
    "returned",
  ],
  [
    "a return beats a delivery issue",
    deliveredOrderFacts({
      fulfillments: [fulfillment({ shipmentStatus: "failure" })],
      returns: [returnSection({ status: "requested" })],
    }),
    "return_requested",
  ],
  [
    "a delivery issue beats a payment issue and a hold",
    factsOf({
      order: { financialStatus: "expired", fulfillmentStatus: "partial" },
      fulfillments: [fulfillment({ shipmentStatus: "attempted_delivery" })],
      fulfillmentOrders: [fulfillmentOrder({ status: "on_hold" })],
    }),
    "delivery_issue",
  ],
  [
    "a payment issue beats a hold",
    factsOf({
      order: { financialStatus: "voided" },
      fulfillmentOrders: [fulfillmentOrder({ status: "on_hold" })],
    }),
    "payment_issue",
  ],
  [
    "a hold beats progress",
    factsOf({
      order: { fulfillmentStatus: "partial" },
      fulfillments: [fulfillment({ shipmentStatus: "in_transit" })],
      fulfillmentOrders: [
        fulfillmentOrder({ gid: "gid://shopify/FulfillmentOrder/2", status: "on_hold" }),
      ],
    }),
    "on_hold",
  ],
  [
    "a released hold no longer counts",
    factsOf({ fulfillmentOrders: [fulfillmentOrder({ status: "open" })] }),
    "confirmed",
  ],
  [
    "progress beats a pending payment",
    factsOf({
      order: { financialStatus: "pending", fulfillmentStatus: "fulfilled" },
      fulfillments: [fulfillment({ shipmentStatus: "in_transit" })],
    }),
    "in_transit",
  ],
  [
    "a partially fulfilled order stops at partially shipped, whatever its shipments say",
    factsOf({
      order: { fulfillmentStatus: "partial" },
      fulfillments: [fulfillment({ shipmentStatus: "delivered" })],
    }),
    "partially_shipped",
  ],
  [
    "a standing fulfillment on an order not yet marked fulfilled is partially shipped",
    factsOf({ fulfillments: [fulfillment()] }),
    "partially_shipped",
  ],
  [
    "events for a fulfillment known only from its events (no order section yet)",
    factsOf({
      order: null,
      fulfillments: [
        {
          ...fulfillment({ at: "", status: null, trackingNumbers: [], trackingUrls: [] }),
          events: [fulfillmentEvent()],
        },
      ],
    }),
    "partially_shipped",
  ],
  [
    "a restocked order (items back in stock) is not fulfilled",
    factsOf({ order: { fulfillmentStatus: "restocked" } }),
    "confirmed",
  ],
  [
    "a fulfilled order whose only fulfillment was cancelled is still shipped",
    factsOf({
      order: { fulfillmentStatus: "fulfilled" },
      fulfillments: [fulfillment({ status: "cancelled", shipmentStatus: "delivered" })],
    }),
    "shipped",
  ],
  ["one shipment delivered, one in transit", twoShipments("delivered", "in_transit"), "in_transit"],
  ["one shipment delivered, one not yet moving", twoShipments("delivered", null), "shipped"],
  ["both shipments delivered or picked up", twoShipments("delivered", "picked_up"), "delivered"],
  [
    "out for delivery and ready for pickup",
    twoShipments("ready_for_pickup", "out_for_delivery"),
    "out_for_delivery",
  ],
  [
    "ready for pickup and in transit",
    twoShipments("in_transit", "ready_for_pickup"),
    "ready_for_pickup",
  ],
  [
    "a cancelled fulfillment does not hold back delivery",
    factsOf({
      order: { fulfillmentStatus: "fulfilled" },
      fulfillments: [
        fulfillment({ gid: F1, shipmentStatus: "delivered" }),
        fulfillment({ gid: F2, status: "cancelled", shipmentStatus: null }),
      ],
    }),
    "delivered",
  ],
  [
    "a delivery issue on a cancelled fulfillment does not count",
    factsOf({
      order: { fulfillmentStatus: "fulfilled" },
      fulfillments: [fulfillment({ status: "failure", shipmentStatus: "failure" })],
    }),
    "shipped",
  ],
];

describe("computeCandidateStage precedence", () => {
  it.each(PRECEDENCE)("%s → %s", (_name, facts, expected) => {
    expect(computeCandidateStage(facts)).toEqual({ key: expected, warnings: [] });
  });
});

describe("effective shipment status", () => {
  function fulfilledWith(shipment: Partial<Parameters<typeof fulfillment>[0]>): OrderFacts {
    return factsOf({
      order: { fulfillmentStatus: "fulfilled" },
      fulfillments: [fulfillment(shipment)],
    });
  }

  it("a newer event beats the fulfillment's older shipment status", () => {
    const facts = fulfilledWith({
      at: minute(10),
      shipmentStatus: "in_transit",
      events: [fulfillmentEvent({ status: "delivered", happenedAt: minute(20) })],
    });
    expect(computeCandidateStage(facts).key).toBe("delivered");
  });

  it("the fulfillment's newer shipment status beats an older event", () => {
    const facts = fulfilledWith({
      at: minute(30),
      shipmentStatus: "out_for_delivery",
      events: [fulfillmentEvent({ status: "in_transit", happenedAt: minute(20) })],
    });
    expect(computeCandidateStage(facts).key).toBe("out_for_delivery");
  });

  it("a late-arriving in_transit event that happened earlier does not undo delivered", () => {
    const facts = fulfilledWith({
      events: [
        fulfillmentEvent({
          gid: "gid://shopify/FulfillmentEvent/9",
          status: "delivered",
          happenedAt: minute(50),
        }),
        fulfillmentEvent({
          gid: "gid://shopify/FulfillmentEvent/3",
          status: "in_transit",
          happenedAt: minute(20),
        }),
      ],
    });
    expect(computeCandidateStage(facts).key).toBe("delivered");
  });

  it("a fulfillment updated later without a shipment status does not hide its events", () => {
    const facts = fulfilledWith({
      at: minute(90),
      shipmentStatus: null,
      events: [fulfillmentEvent({ status: "out_for_delivery", happenedAt: minute(20) })],
    });
    expect(computeCandidateStage(facts).key).toBe("out_for_delivery");
  });

  it("a delivered event after an attempted delivery clears the delivery issue", () => {
    const facts = fulfilledWith({
      events: [
        fulfillmentEvent({
          gid: "gid://shopify/FulfillmentEvent/1",
          status: "attempted_delivery",
          happenedAt: minute(20),
        }),
        fulfillmentEvent({
          gid: "gid://shopify/FulfillmentEvent/2",
          status: "delivered",
          happenedAt: minute(40),
        }),
      ],
    });
    expect(computeCandidateStage(facts).key).toBe("delivered");
  });
});

describe("shipmentsFromFacts", () => {
  it("lists one entry per tracking number of each standing fulfillment", () => {
    const facts = factsOf({
      order: { fulfillmentStatus: "fulfilled" },
      fulfillments: [
        fulfillment({
          gid: F1,
          trackingCompany: "DHL",
          trackingNumbers: ["A1", "A2"],
          trackingUrls: ["https://dhl.example/A1"],
          events: [
            fulfillmentEvent({
              status: "IN_TRANSIT",
              estimatedDeliveryAt: minute(600),
            }),
          ],
        }),
        fulfillment({ gid: F2, trackingCompany: null, trackingNumbers: [], trackingUrls: [] }),
        fulfillment({ gid: "gid://shopify/Fulfillment/3", status: "cancelled" }),
      ],
    });
    expect(shipmentsFromFacts(facts)).toEqual([
      {
        fulfillmentGid: F1,
        trackingCompany: "DHL",
        trackingNumber: "A1",
        trackingUrl: "https://dhl.example/A1",
        status: "in_transit",
        estimatedDeliveryAt: minute(600),
      },
      {
        fulfillmentGid: F1,
        trackingCompany: "DHL",
        trackingNumber: "A2",
        trackingUrl: null,
        status: "in_transit",
        estimatedDeliveryAt: minute(600),
      },
      {
        fulfillmentGid: F2,
        trackingCompany: null,
        trackingNumber: null,
        trackingUrl: null,
        status: null,
        estimatedDeliveryAt: null,
      },
    ]);
  });

  it("lists nothing for an order without fulfillments", () => {
    expect(shipmentsFromFacts(factsOf())).toEqual([]);
  });
});

describe("estimatedDeliveryFromFacts", () => {
  it("is the latest estimate among shipments not yet delivered", () => {
    const facts = factsOf({
      order: { fulfillmentStatus: "fulfilled" },
      fulfillments: [
        fulfillment({
          gid: F1,
          events: [
            fulfillmentEvent({
              gid: "gid://shopify/FulfillmentEvent/1",
              estimatedDeliveryAt: minute(900),
              happenedAt: minute(20),
            }),
            // A newer report revises the estimate earlier: the newest report wins.
            fulfillmentEvent({
              gid: "gid://shopify/FulfillmentEvent/2",
              estimatedDeliveryAt: minute(700),
              happenedAt: minute(30),
            }),
          ],
        }),
        fulfillment({ gid: F2, estimatedDeliveryAt: minute(800), shipmentStatus: "in_transit" }),
        fulfillment({
          gid: "gid://shopify/Fulfillment/3",
          shipmentStatus: "delivered",
          estimatedDeliveryAt: minute(5000),
        }),
      ],
    });
    expect(estimatedDeliveryFromFacts(facts)).toBe(minute(800));
  });

  it("is null when nothing is under way", () => {
    expect(estimatedDeliveryFromFacts(deliveredOrderFacts())).toBeNull();
    expect(estimatedDeliveryFromFacts(emptyFacts())).toBeNull();
  });
});
