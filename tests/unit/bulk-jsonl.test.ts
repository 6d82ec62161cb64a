// Assembling orders from a bulk operation's JSONL lines: children follow their parent by
// __parentId; a resume skips lines up to an order boundary.
import { describe, expect, it } from "vitest";
import { bulkOrders, type BulkOrderLine } from "~/shopify/bulk-jsonl.server";
import { readAdminOrder } from "~/shopify/admin-orders";
import { corpusLines, corpusOrder } from "../helpers/order-corpus";

async function collect(lines: Iterable<string>, skip = 0) {
  const out: BulkOrderLine[] = [];
  async function* source() {
    yield* lines;
  }
  for await (const entry of bulkOrders(source(), skip)) out.push(entry);
  return out;
}

describe("bulkOrders", () => {
  it("assembles each order with its line items, fulfillment orders, returns and events", async () => {
    const lines = [...corpusLines(16)];
    const entries = await collect(lines);
    expect(entries.every((e) => e.kind === "order")).toBe(true);
    expect(entries).toHaveLength(16);
    const delivered = entries[7] as Extract<BulkOrderLine, { kind: "order" }>;
    expect(delivered.order.lineItems).toHaveLength(2);
    expect(delivered.order.fulfillmentOrders).toHaveLength(1);
    expect(delivered.order.fulfillmentEvents).toEqual([
      {
        id: expect.stringContaining("Fulfillment/"),
        events: [expect.objectContaining({ status: "DELIVERED" })],
      },
    ]);
    const facts = readAdminOrder(delivered.order, "2026-12-01T00:00:00.000Z");
    expect(facts.orderGid).toBe(corpusOrder(7).gid);
    expect(facts.patch.fulfillmentEvents?.[0]?.event.status).toBe("delivered");
    expect(facts.patch.order?.fulfillmentStatus).toBe("fulfilled");
    expect(entries.at(-1)!.endLine).toBe(lines.length);
  });

  it("resumes after `skipLines` with the next order", async () => {
    const lines = [...corpusLines(5)];
    const all = await collect(lines);
    const resumed = await collect(lines, all[1]!.endLine);
    expect(resumed.map((e) => (e.kind === "order" ? e.order.id : e.error))).toEqual(
      all.slice(2).map((e) => (e.kind === "order" ? e.order.id : null)),
    );
  });

  it("reports a line that is not JSON, or a child whose parent is not the current order", async () => {
    const [root, ...children] = corpusOrder(0).jsonl;
    const stray = JSON.stringify({
      id: "gid://shopify/LineItem/1",
      __parentId: "gid://shopify/Order/9",
    });
    const entries = await collect([root!, "{oops", stray, ...children]);
    expect(entries.map((e) => e.kind)).toEqual(["error", "error", "order"]);
    expect(entries[1]).toMatchObject({
      error: expect.stringContaining("does not follow its parent"),
    });
  });
});
