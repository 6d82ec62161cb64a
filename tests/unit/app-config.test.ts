// shopify.app.toml is the deployable truth: it subscribes exactly the topics of the one topic
// table (app/shopify/webhook-topics.ts), on API 2026-10, at routes that exist; every topic has
// a fixture, and the order topics are the ones ingestion reads.
import fs from "node:fs";
import path from "node:path";
import { parse } from "smol-toml";
import { describe, expect, it } from "vitest";
import { APP_PROXY, APP_PROXY_PATH } from "~/shopify/app-proxy";
import { ORDER_FACT_TOPICS } from "~/shopify/webhook-payloads";
import { topicsOfKind, WEBHOOK_SUBSCRIPTIONS } from "~/shopify/webhook-topics";

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

  it("subscribes exactly the topic table, each topic once, at the table's route", () => {
    const subscribed = subscriptions.flatMap((s) =>
      [...(s.topics ?? []), ...(s.compliance_topics ?? [])].map((topic) => `${topic} → ${s.uri}`),
    );
    const table = WEBHOOK_SUBSCRIPTIONS.map((s) => `${s.topic} → ${s.uri}`);
    expect([...subscribed].sort()).toEqual([...table].sort());
  });

  it("declares the compliance topics as compliance_topics", () => {
    expect(subscriptions.flatMap((s) => s.compliance_topics ?? []).sort()).toEqual(
      topicsOfKind("compliance").sort(),
    );
  });

  it("ingests exactly the order topics of the table", () => {
    expect([...ORDER_FACT_TOPICS].sort()).toEqual(topicsOfKind("order").sort());
  });

  it.each(WEBHOOK_SUBSCRIPTIONS.map((s) => [s.topic, s.uri]))(
    "%s: route %s exists and a fixture of the topic is kept",
    (topic, uri) => {
      expect(routeFileExists(uri)).toBe(true);
      expect(fs.existsSync(path.join(root, "tests/fixtures/webhooks", `${topic}.json`))).toBe(true);
    },
  );

  it("has no webhook route outside the table", () => {
    const routes = fs
      .readdirSync(path.join(root, "app/routes"))
      .filter((file) => file.startsWith("webhooks."))
      .map((file) => `/${file.replace(/\.tsx?$/, "").replaceAll(".", "/")}`);
    const uris = new Set(WEBHOOK_SUBSCRIPTIONS.map((s) => s.uri));
    expect(routes.filter((uri) => !uris.has(uri))).toEqual([]);
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

  it("declares the proxy path the app links to (emails, status page, preview)", () => {
    expect(APP_PROXY).toEqual({
      prefix: config.app_proxy.prefix,
      subpath: config.app_proxy.subpath,
    });
    expect(APP_PROXY_PATH).toBe(`/${config.app_proxy.prefix}/${config.app_proxy.subpath}`);
  });
});
