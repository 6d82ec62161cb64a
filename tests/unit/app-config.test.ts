// shopify.app.toml is the deployable truth: every topic SPEC §3 names is subscribed, on API
// 2026-10, at a route that exists in app/routes.
import fs from "node:fs";
import path from "node:path";
import { parse } from "smol-toml";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const config = parse(fs.readFileSync(path.join(root, "shopify.app.toml"), "utf8")) as {
  access_scopes: { scopes: string };
  webhooks: {
    api_version: string;
    subscriptions: { topics?: string[]; compliance_topics?: string[]; uri: string }[];
  };
  app_proxy: { url: string; subpath: string; prefix: string };
  application_url: string;
};

const SPEC_TOPICS = [
  "orders/create",
  "orders/updated",
  "orders/paid",
  "orders/cancelled",
  "orders/fulfilled",
  "orders/partially_fulfilled",
  "orders/edited",
  "orders/delete",
  "fulfillments/create",
  "fulfillments/update",
  "fulfillment_events/create",
  "refunds/create",
  "returns/request",
  "returns/approve",
  "returns/decline",
  "returns/cancel",
  "returns/close",
  "returns/reopen",
  "fulfillment_orders/placed_on_hold",
  "fulfillment_orders/hold_released",
  "fulfillment_orders/scheduled_fulfillment_order_ready",
  "app/uninstalled",
  "app/scopes_update",
  "bulk_operations/finish",
  "shop/update",
];
const COMPLIANCE = ["customers/data_request", "customers/redact", "shop/redact"];

/** Remix flat-route file name for a URL path: "/webhooks/app/uninstalled" → "webhooks.app.uninstalled". */
function routeFileExists(uri: string): boolean {
  const base = uri.replace(/^\//, "").replaceAll("/", ".");
  return ["ts", "tsx"].some((ext) =>
    fs.existsSync(path.join(root, "app/routes", `${base}.${ext}`)),
  );
}

describe("shopify.app.toml", () => {
  const subscriptions = config.webhooks.subscriptions;

  it("uses API version 2026-10", () => {
    expect(config.webhooks.api_version).toBe("2026-10");
  });

  it("subscribes to every SPEC topic exactly once", () => {
    const topics = subscriptions.flatMap((s) => s.topics ?? []);
    expect([...topics].sort()).toEqual([...SPEC_TOPICS].sort());
  });

  it("subscribes to the compliance topics", () => {
    expect(subscriptions.flatMap((s) => s.compliance_topics ?? []).sort()).toEqual(
      [...COMPLIANCE].sort(),
    );
  });

  it.each(subscriptions.map((s) => [s.uri]))("routes %s to an existing route module", (uri) => {
    expect(routeFileExists(uri)).toBe(true);
  });

  it("declares the scopes of SPEC §3", () => {
    expect(config.access_scopes.scopes.split(",").sort()).toEqual(
      [
        "read_orders",
        "write_orders",
        "read_fulfillments",
        "read_returns",
        "read_merchant_managed_fulfillment_orders",
        "write_app_proxy",
      ].sort(),
    );
  });

  it("declares the app proxy at /apps/order-status → <application_url>/proxy", () => {
    expect(config.app_proxy).toEqual({
      prefix: "apps",
      subpath: "order-status",
      url: `${config.application_url}/proxy`,
    });
  });
});
