// Hourly housekeeping deletes what can no longer matter, and nothing else.
import { describe, expect, it } from "vitest";
import { runHousekeeping } from "~/services/housekeeping.server";
import { LOOKUP_LIMITS } from "~/services/order-lookup.server";
import { testDb } from "../helpers/db";

const HOUR = 60 * 60 * 1000;

describe("housekeeping", () => {
  it("deletes receipts after 48 hours and rate-limit windows no decision reads", async () => {
    const db = testDb();
    const shop = `housekeeping-${Date.now()}.myshopify.com`;
    const now = new Date("2030-01-01T12:05:00.000Z");
    const ago = (ms: number) => new Date(now.getTime() - ms);
    await db.webhookReceipt.createMany({
      data: [
        { shop, eventId: "old", topic: "orders/updated", receivedAt: ago(49 * HOUR) },
        { shop, eventId: "recent", topic: "orders/updated", receivedAt: ago(47 * HOUR) },
      ],
    });
    const window = LOOKUP_LIMITS.windowMs;
    const current = new Date(Math.floor(now.getTime() / window) * window);
    await db.rateLimitCounter.createMany({
      data: [
        { shop, key: "shop", windowStart: current, count: 3 },
        { shop, key: "shop", windowStart: new Date(current.getTime() - window), count: 5 },
        { shop, key: "shop", windowStart: new Date(current.getTime() - 2 * window), count: 7 },
        { shop, key: "order:1001", windowStart: ago(5 * HOUR), count: 9 },
      ],
    });

    await runHousekeeping(now);

    const receipts = await db.webhookReceipt.findMany({ where: { shop } });
    expect(receipts.map((r) => r.eventId)).toEqual(["recent"]);
    const counters = await db.rateLimitCounter.findMany({
      where: { shop },
      orderBy: { windowStart: "desc" },
    });
    expect(counters.map((c) => c.count)).toEqual([3, 5]);
  });

  it("deletes data-request reports after 30 days and keeps other compliance records", async () => {
    const db = testDb();
    const shop = `housekeeping-reports-${Date.now()}.myshopify.com`;
    const now = new Date("2030-01-01T12:05:00.000Z");
    const ago = (days: number) => new Date(now.getTime() - days * 24 * HOUR);
    await db.complianceRequest.createMany({
      data: [
        { shop, topic: "customers/data_request", result: "{}", receivedAt: ago(31) },
        { shop, topic: "customers/data_request", result: "{}", receivedAt: ago(29) },
        { shop, topic: "customers/redact", result: "{}", receivedAt: ago(31) },
      ],
    });
    await runHousekeeping(now);
    const left = await db.complianceRequest.findMany({ where: { shop }, orderBy: { id: "asc" } });
    expect(left.map((r) => [r.topic, r.receivedAt])).toEqual([
      ["customers/data_request", ago(29)],
      ["customers/redact", ago(31)],
    ]);
  });
});
