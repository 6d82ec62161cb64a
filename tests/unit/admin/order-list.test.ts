// The Orders page's URL, cursors and search, stuck cutoffs and the unified timeline (pure).
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { daysSince, isOrderStuck, stuckCandidatesBefore } from "~/domain/admin/business-days";
import { DEFAULT_CALENDAR, type WorkCalendar } from "~/domain/automation/business-days";
import { isStuck } from "~/domain/automation/schedule";
import {
  decodeCursor,
  encodeCursor,
  orderSearch,
  parseOrderListQuery,
} from "~/domain/admin/order-list";
import { latestReturnStatus } from "~/domain/admin/order-statuses";
import { buildAdminTimeline } from "~/domain/admin/order-timeline";
import { emptyFacts } from "~/domain/facts";
import { en } from "~/i18n/en";
import { sv } from "~/i18n/sv";

describe("parseOrderListQuery", () => {
  it("reads filters, search, sort and cursor from the URL", () => {
    const after = encodeCursor({
      value: "2026-03-01T00:00:00.000Z",
      orderGid: "gid://shopify/Order/1",
    });
    expect(
      parseOrderListQuery(
        new URLSearchParams({
          stage: "in_production",
          payment: "paid",
          stuck: "1",
          q: " #1001 ",
          sort: "oldest",
          after,
        }),
      ),
    ).toEqual({
      stage: "in_production",
      payment: "paid",
      fulfillment: undefined,
      return: undefined,
      stuck: true,
      q: "#1001",
      sort: "oldest",
      after: { value: "2026-03-01T00:00:00.000Z", orderGid: "gid://shopify/Order/1" },
    });
  });

  it("drops what is malformed instead of failing", () => {
    expect(
      parseOrderListQuery(new URLSearchParams({ sort: "price", after: "%%%", stage: "'; DROP" })),
    ).toMatchObject({ sort: "newest", after: undefined, stuck: false });
    expect(
      decodeCursor(encodeCursor({ value: "not a date", orderGid: "gid://shopify/Order/1" })),
    ).toBeUndefined();
    expect(
      decodeCursor(encodeCursor({ value: "2026-01-01T00:00:00Z", orderGid: "x" })),
    ).toBeUndefined();
  });
});

describe("orderSearch", () => {
  it.each([
    ["#1001", { kind: "name", prefix: "1001" }],
    ["1001", { kind: "name", prefix: "1001" }],
    ["#EU-1001", { kind: "name", prefix: "eu1001" }],
    ["＃１００１", { kind: "name", prefix: "1001" }],
    ["Jon@Example", { kind: "email", prefix: "jon@example" }],
    ["ada", { kind: "email", prefix: "ada" }],
    [undefined, { kind: "none" }],
  ])("%s → %o", (q, search) => {
    expect(orderSearch(q)).toEqual(search);
  });
});

describe("stuckCandidatesBefore", () => {
  const calendars: WorkCalendar[] = [
    DEFAULT_CALENDAR,
    { timeZone: "Europe/Stockholm", workingDays: [1, 2, 3, 4, 5] },
    { timeZone: "America/Los_Angeles", workingDays: [2, 3, 4, 5, 6] },
  ];

  it("never leaves out an order the automation's isStuck calls stuck", () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date("2026-01-01T00:00:00Z"),
          max: new Date("2027-12-31T00:00:00Z"),
          noInvalidDate: true,
        }),
        fc.integer({ min: 1, max: 10 }),
        fc.constantFrom(...calendars),
        fc.integer({ min: 0, max: 30 * 86_400_000 }),
        (now, days, calendar, ago) => {
          const entered = new Date(now.getTime() - ago);
          if (isOrderStuck(entered, days, now, calendar)) {
            expect(entered.getTime()).toBeLessThan(stuckCandidatesBefore(now, days)!.getTime());
          }
          expect(isOrderStuck(entered, days, now, calendar)).toBe(
            isStuck(entered, days, now, calendar),
          );
        },
      ),
      { numRuns: 500 },
    );
  });

  it("is null for stages without a bound", () => {
    const now = new Date("2026-03-04T15:00:00Z");
    expect(stuckCandidatesBefore(now, null)).toBeNull();
    expect(stuckCandidatesBefore(now, 0)).toBeNull();
  });

  it("counts whole days in stage", () => {
    expect(daysSince(new Date("2026-03-01T10:00:00Z"), new Date("2026-03-04T09:00:00Z"))).toBe(2);
    expect(daysSince(new Date("2026-03-05T10:00:00Z"), new Date("2026-03-04T09:00:00Z"))).toBe(0);
  });
});

describe("latestReturnStatus", () => {
  it("takes the newest return, lower case", () => {
    expect(latestReturnStatus([])).toBeNull();
    expect(
      latestReturnStatus([
        { at: "2026-03-02T00:00:00Z", status: "CLOSED" },
        { at: "2026-03-05T00:00:00Z", status: "REQUESTED" },
      ]),
    ).toBe("requested");
  });
});

describe("buildAdminTimeline", () => {
  it("merges Shopify facts, carrier events, stage changes and emails, newest first", () => {
    const facts = emptyFacts();
    facts.fulfillments.push({
      gid: "gid://shopify/Fulfillment/1",
      at: "2026-03-03T00:00:00.000Z",
      status: "success",
      shipmentStatus: null,
      trackingCompany: "UPS",
      trackingNumbers: [],
      trackingUrls: [],
      estimatedDeliveryAt: null,
      events: [
        {
          gid: "gid://shopify/FulfillmentEvent/9",
          status: "IN_TRANSIT",
          happenedAt: "2026-03-04T00:00:00.000Z",
          estimatedDeliveryAt: null,
          message: "Left the hub",
        },
      ],
    });
    const items = buildAdminTimeline({
      placedAt: new Date("2026-03-01T00:00:00.000Z"),
      facts,
      events: [
        {
          id: 1,
          fromKey: "confirmed",
          toKey: "in_production",
          source: "merchant",
          actor: "Staff member 1",
          note: "Engraving",
          occurredAt: new Date("2026-03-02T00:00:00.000Z"),
          customerNotified: true,
        },
      ],
      emails: [
        {
          id: 5,
          stageKey: "in_production",
          status: "sent",
          recipient: "a@example.com",
          lastError: null,
          createdAt: new Date("2026-03-02T00:00:00.000Z"),
          sentAt: new Date("2026-03-02T00:02:00.000Z"),
          isTest: false,
        },
        {
          id: 6,
          stageKey: "in_production",
          status: "sent",
          recipient: "merchant@example.com",
          lastError: null,
          createdAt: new Date("2026-03-02T00:00:00.000Z"),
          sentAt: null,
          isTest: true,
        },
      ],
    });
    expect(items.map((i) => [i.kind, i.source, i.status ?? i.toKey])).toEqual([
      ["carrier", "carrier", "in_transit"],
      ["email", "app", "sent"],
      ["stage", "merchant", "in_production"],
      ["shopify", "shopify", "placed"],
    ]);
    expect(items[0]!.detail).toBe("UPS · Left the hub");
  });
});

describe("admin strings", () => {
  it("has every English string in Swedish, with the same placeholders", () => {
    // The set of names used (a string with a singular and a plural form names them twice).
    const placeholders = (text: string) =>
      [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort();
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(sv[key], key).toBeTruthy();
      expect(placeholders(sv[key]), key).toEqual(placeholders(en[key]));
    }
  });
});
