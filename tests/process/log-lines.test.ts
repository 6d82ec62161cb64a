// What the production server (`npm start`) writes to its log for outside input: payload values
// quoted (no forged lines, no NUL bytes), an unknown status warned once per order and value
// (not per fulfillment and delivery), a stray 404 as one line.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ORDER_ID, orderPayload } from "../fixtures/webhooks/factory";
import { CHROME_UA } from "../helpers/constants";
import { installShop } from "../helpers/db";
import { shopifyJson } from "../helpers/deliver";
import { sendTo, startProductionServer, type RunningServer } from "../helpers/server-process";
import { signedWebhook } from "../helpers/signing";

let server: RunningServer;

beforeAll(async () => {
  server = await startProductionServer();
});

afterAll(async () => {
  await server?.stop();
});

/** What the server logged while `action` ran, once the log has settled on `until`. */
async function logged(action: () => Promise<void>, until: RegExp | null = null) {
  const before = server.output().length;
  await action();
  const deadline = Date.now() + 5000;
  while (until && !until.test(server.output().slice(before)) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return server.output().slice(before);
}

const FORGED = "\r\nstageline: FORGED line\u0000";
const FULFILLMENTS = 40;

function orderWithUnknownShipments(updatedAt: string, status: string) {
  return orderPayload({
    financial_status: "paid",
    updated_at: updatedAt,
    fulfillment_status: "fulfilled",
    fulfillments: Array.from({ length: FULFILLMENTS }, (_, i) => ({
      id: String(7_000_000 + i),
      admin_graphql_api_id: `gid://shopify/Fulfillment/${7_000_000 + i}`,
      order_id: ORDER_ID,
      status: "success",
      shipment_status: status,
      created_at: updatedAt,
      updated_at: updatedAt,
    })),
  });
}

describe("log lines", () => {
  it("warns once per order and unknown value, quoted, whatever the fulfillments and deliveries", async () => {
    const shop = `logs-${Date.now()}.myshopify.com`;
    await installShop(shop);
    const deliver = async (updatedAt: string, status: string) => {
      const body = shopifyJson(orderWithUnknownShipments(updatedAt, status));
      const response = await sendTo(server, signedWebhook({ shop, topic: "orders/updated", body }));
      expect(response.status).toBe(200);
    };
    const first = await logged(
      () => deliver("2026-03-02T10:00:00Z", `teleported${FORGED}`),
      /teleported/,
    );
    const warnings = first.split("\n").filter((line) => line.includes("teleported"));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`(and ${FULFILLMENTS - 1} more like it)`);
    // Quoted as parsed: the body's U+0000 arrives as U+FFFD (app/shopify/json.ts).
    expect(warnings[0]).toContain(
      JSON.stringify(`teleported${FORGED}`.replace("\u0000", "\uFFFD")),
    );
    expect(first).not.toMatch(/^stageline: FORGED/m);
    expect(first).not.toContain("\u0000");

    // A newer delivery with the same unknown value: nothing new to say. (A 404 after it marks
    // where its log lines, if any, would have ended.)
    const second = await logged(async () => {
      await deliver("2026-03-02T11:00:00Z", `teleported${FORGED}`);
      await fetch(`${server.url}/log-marker`, { headers: { "user-agent": CHROME_UA } });
    }, /log-marker/);
    expect(second).toContain("log-marker");
    expect(second).not.toContain("teleported");
  });

  it("logs a request for an unknown path as one line", async () => {
    const output = await logged(async () => {
      const response = await fetch(`${server.url}/no-such-page`, {
        headers: { "user-agent": CHROME_UA },
      });
      expect(response.status).toBe(404);
      await response.text();
    }, /no-such-page/);
    expect(output.trim().split("\n")).toEqual(['stageline: 404 GET "/no-such-page"']);
  });
});
