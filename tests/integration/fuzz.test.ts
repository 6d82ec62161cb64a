// Fuzzing the storefront and webhook boundaries with fast-check (seeded, so a failure replays):
// signed webhook payloads mutated every way Shopify's could arrive broken, app-proxy parameters
// and lookup bodies. The app may refuse them (4xx) or store them, never answer 5xx while the
// database is up, never store a corrupted order, and never give hostile strings back as markup:
// not in the status page, not to the block that renders the lookup JSON.
import crypto from "node:crypto";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import {
  ORDER_GID,
  OrderSimulation,
  loadWebhookFixture,
  orderPayload,
} from "../fixtures/webhooks/factory";
import { appFetch } from "../helpers/app";
import { installShop, testDb } from "../helpers/db";
import { deliverAll } from "../helpers/deliver";
import { mockShopifyOperation } from "../helpers/shopify-mock";
import { signedProxyRequest, signedWebhook } from "../helpers/signing";
import { flush, json, mount } from "../unit/extension/mount";

const SEED = 20261207;
/** Cases per property (FUZZ_RUNS overrides): together a few thousand, well under a minute. */
const RUNS = Number(process.env.FUZZ_RUNS || 1000);

/** Strings that would run, break out of an attribute or a template if printed unescaped. */
const HOSTILE = [
  "<script>alert(1)</script>",
  '"><img src=x onerror=alert(1)>',
  "'><svg onload=alert(1)>",
  "javascript:alert(1)",
  "{{ 7 | times: 7 }}{% raw %}",
  "\u202eevil\u0000nul\ud83d\ude00",
  "Ångström – 注文 – ✓",
  "",
  " ",
];
const MARKUP = /<script>alert|<img src=x|<svg onload|javascript:alert/i;

const hostileString = fc.oneof(
  fc.constantFrom(...HOSTILE),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.constantFrom(...HOSTILE).map((s) => s.repeat(50)),
);
/** Ids beyond 2^53 (and other numbers) as bare JSON numbers, spliced into the text later. */
const bigNumber = fc.oneof(
  fc.bigInt({ min: 2n ** 53n, max: 2n ** 64n }).map(String),
  fc.constantFrom("-1", "0", "1e400", "-0", "12.5"),
);
const wrongType = fc.oneof(
  fc.constant(null),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant([]),
  fc.constant({}),
  fc.array(hostileString, { maxLength: 3 }),
  hostileString,
);
const unknownEnum = fc.constantFrom(
  "PAID",
  "paid ",
  "authorized_partially",
  "on_hold_forever",
  "__proto__",
  "constructor",
);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every path (keys and indexes) to a value inside `value`, the root excluded. */
function pathsOf(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== "object") return [];
  const entries: [string | number, Json][] = Array.isArray(value)
    ? value.map((v, i) => [i, v])
    : Object.entries(value);
  return entries.flatMap(([key, child]) => [[...prefix, key], ...pathsOf(child, [...prefix, key])]);
}

type Mutation =
  | { kind: "delete"; pick: number }
  | { kind: "set"; pick: number; value: unknown }
  | { kind: "big"; pick: number; digits: string };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant("delete" as const), pick: fc.nat() }),
  fc.record({
    kind: fc.constant("set" as const),
    pick: fc.nat(),
    value: fc.oneof(wrongType, unknownEnum, hostileString),
  }),
  fc.record({ kind: fc.constant("big" as const), pick: fc.nat(), digits: bigNumber }),
);

/** Applies the mutations to a copy; big numbers become bare digits in the JSON text. */
function mutate(base: Json, mutations: Mutation[]): string {
  const body = structuredClone(base) as { [key: string]: Json };
  const bigs = new Map<string, string>();
  for (const m of mutations) {
    const paths = pathsOf(body);
    if (!paths.length) break;
    const path = paths[m.pick % paths.length]!;
    const parent = path.slice(0, -1).reduce<Json>((v, k) => (v as never)[k], body) as never;
    const key = path.at(-1)!;
    if (m.kind === "delete") {
      if (Array.isArray(parent)) (parent as Json[]).splice(key as number, 1);
      else delete (parent as Record<string, Json>)[key];
    } else if (m.kind === "set") {
      (parent as Record<string | number, unknown>)[key] = m.value;
    } else {
      const marker = `__big_${bigs.size}__`;
      bigs.set(marker, m.digits);
      (parent as Record<string | number, unknown>)[key] = marker;
    }
  }
  let text = JSON.stringify(body);
  for (const [marker, digits] of bigs) text = text.replace(`"${marker}"`, digits);
  return text;
}

/** Every string leaf replaced by a hostile one (ids too). */
function everyStringHostile(value: Json, pick: () => string): Json {
  if (typeof value === "string") return pick();
  if (Array.isArray(value)) return value.map((v) => everyStringHostile(v, pick));
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, everyStringHostile(v, pick)]),
    );
  }
  return value;
}

const BASES: [string, () => Json][] = [
  ["orders/updated", () => orderPayload() as Json],
  ["orders/create", () => orderPayload({ financial_status: "paid" }) as Json],
  ["orders/cancelled", () => loadWebhookFixture("orders/cancelled") as Json],
  ["fulfillments/create", () => loadWebhookFixture("fulfillments/create") as Json],
  ["fulfillment_events/create", () => loadWebhookFixture("fulfillment_events/create") as Json],
  ["refunds/create", () => loadWebhookFixture("refunds/create") as Json],
  ["returns/request", () => loadWebhookFixture("returns/request") as Json],
  [
    "fulfillment_orders/placed_on_hold",
    () => loadWebhookFixture("fulfillment_orders/placed_on_hold") as Json,
  ],
  ["orders/delete", () => loadWebhookFixture("orders/delete") as Json],
];

/** A webhook body: a mutated real payload, every string hostile, or text that is not JSON. */
const webhookCase = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .record({
        base: fc.nat(BASES.length - 1),
        mutations: fc.array(mutation, { minLength: 1, maxLength: 6 }),
      })
      .map(({ base, mutations }) => ({
        topic: BASES[base]![0],
        body: mutate(BASES[base]![1](), mutations),
      })),
  },
  {
    weight: 2,
    arbitrary: fc
      .record({ base: fc.nat(BASES.length - 1), picks: fc.infiniteStream(fc.nat()) })
      .map(({ base, picks }) => {
        const next = picks[Symbol.iterator]();
        return {
          topic: BASES[base]![0],
          body: JSON.stringify(
            everyStringHostile(
              BASES[base]![1](),
              () => HOSTILE[next.next().value % HOSTILE.length]!,
            ),
          ),
        };
      }),
  },
  {
    weight: 2,
    arbitrary: fc
      .record({ base: fc.nat(BASES.length - 1), cut: fc.nat(), junk: fc.string({ maxLength: 20 }) })
      .map(({ base, cut, junk }) => {
        const text = JSON.stringify(BASES[base]![1]());
        return { topic: BASES[base]![0], body: text.slice(0, cut % text.length) + junk };
      }),
  },
);

/** What must hold for every stored order, whatever was delivered. */
async function expectNothingCorrupted(shop: string) {
  const db = testDb();
  for (const order of await db.order.findMany({ where: { shop } })) {
    expect(order.orderGid).toMatch(/^gid:\/\/shopify\/Order\/\d+$/);
    expect(() => JSON.parse(order.facts), order.orderGid).not.toThrow();
    expect(() => JSON.parse(order.lineItems), order.orderGid).not.toThrow();
    expect(order.stageKey).toMatch(/^[a-z0-9_-]+$/);
    expect(Number.isNaN(order.stageEnteredAt.getTime())).toBe(false);
  }
  for (const event of await db.timelineEvent.findMany({ where: { shop } })) {
    expect(event.toKey).toMatch(/^[a-z0-9_-]+$/);
  }
}

let shop: string;
beforeAll(async () => {
  shop = `fuzz-${Date.now()}-${crypto.randomBytes(2).toString("hex")}.myshopify.com`;
  await installShop(shop);
});

describe("fuzzed webhook payloads", () => {
  it("are stored or refused with a 4xx, never a 5xx, and never leave a corrupted order", async () => {
    // Shopify answers which order a fulfillment order belongs to (fulfillment_orders/*).
    mockShopifyOperation("FulfillmentOrderOrder", (variables) => ({
      data: { fulfillmentOrder: { id: variables.id, order: { id: ORDER_GID } } },
    }));
    let n = 0;
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(webhookCase, async ({ topic, body }) => {
        const response = await appFetch(
          signedWebhook({ shop, topic, body, eventId: `fuzz-${++n}` }),
        );
        const text = await response.text();
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        expect(response.status, `${topic}: ${text}\n${body.slice(0, 500)}`).toBeLessThan(500);
        expect(response.status === 200 || (response.status >= 400 && response.status < 500)).toBe(
          true,
        );
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
    await expectNothingCorrupted(shop);
    // The fuzzer reached both sides: stored deliveries and refused ones.
    expect(statuses.get(200)).toBeGreaterThan(0);
    expect([...statuses.keys()].some((s) => s >= 400)).toBe(true);
    expect(await testDb().order.count({ where: { shop } })).toBeGreaterThan(0);
  }, 50_000);
});

const proxyPath = fc.constantFrom("/proxy", "/proxy/orders", "/proxy/lookup");
const proxyParam = fc.tuple(
  fc.constantFrom(
    "shop",
    "logged_in_customer_id",
    "path_prefix",
    "timestamp",
    "signature",
    "locale",
    "hmac",
    "order",
    "x",
  ),
  fc.oneof(hostileString, fc.constantFrom("/apps/order-status", "/a/track", "123", "sv-SE")),
);

describe("fuzzed app-proxy parameters", () => {
  it("answer 2xx, 4xx or 404 only, and the status page never prints them as markup", async () => {
    await fc.assert(
      fc.asyncProperty(
        proxyPath,
        fc.array(proxyParam, { maxLength: 4 }),
        fc.option(fc.oneof(hostileString, fc.constantFrom("/apps/x", "/tools/y-z")), {
          nil: undefined,
        }),
        fc.option(fc.oneof(fc.constant("115310627314723954"), hostileString), { nil: undefined }),
        fc.boolean(),
        async (path, extraParams, pathPrefix, loggedInCustomerId, tamper) => {
          const request = signedProxyRequest({
            shop,
            path,
            extraParams,
            pathPrefix,
            loggedInCustomerId,
            secret: tamper ? "not-the-secret" : undefined,
          });
          const response = await appFetch(request);
          const body = await response.text();
          expect([200, 400, 401, 404, 405, 422, 429], `${path} ${request.url}`).toContain(
            response.status,
          );
          if (tamper) expect(response.status).toBeGreaterThanOrEqual(400);
          expect(body, request.url).not.toMatch(MARKUP);
        },
      ),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
  }, 50_000);
});

const lookupValue = fc.oneof(
  hostileString,
  wrongType,
  fc.constantFrom("#9999", "9999", "jon@example.com", "+1 555 0100", "sv"),
);

describe("fuzzed lookup bodies", () => {
  it("answer 200, 404, 422 or 429 only, and give no hostile string back as markup", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(fc.constantFrom("order", "email", "phone", "locale", "x"), lookupValue),
        fc.constantFrom("json", "form", "garbage"),
        async (fields, encoding) => {
          const body =
            encoding === "json"
              ? JSON.stringify(fields)
              : encoding === "form"
                ? new URLSearchParams(
                    Object.entries(fields).map(([k, v]) => [k, String(v)]),
                  ).toString()
                : `${JSON.stringify(fields).slice(0, -1)}\u0000`;
          const response = await appFetch(
            signedProxyRequest({
              shop,
              path: "/proxy/lookup",
              method: "POST",
              body,
              headers: {
                "content-type":
                  encoding === "form" ? "application/x-www-form-urlencoded" : "application/json",
              },
            }),
          );
          const text = await response.text();
          expect([200, 404, 422, 429], `${body}: ${text}`).toContain(response.status);
          expect(response.headers.get("content-type")).toContain("application/json");
          expect(response.headers.get("x-content-type-options")).toBe("nosniff");
          expect(() => JSON.parse(text)).not.toThrow();
        },
      ),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
  }, 50_000);
});

describe("hostile order data", () => {
  it("reaches the block through the lookup JSON as text, never as markup", async () => {
    const hostileShop = `fuzz-block-${Date.now()}.myshopify.com`;
    await installShop(hostileShop);
    const sim = new OrderSimulation()
      .create("paid")
      .fulfill([0, 1, 2, 3, 4])
      .carrierEvent(0, "in_transit");
    // Carrier data comes from whoever fulfils the order: put markup in every tracking field.
    const poison = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(poison);
      if (!value || typeof value !== "object") return value;
      return Object.fromEntries(
        Object.entries(value).map(([key, v]) => [
          key,
          key === "tracking_company"
            ? HOSTILE[1]
            : key === "tracking_number" || key === "tracking_numbers"
              ? Array.isArray(v)
                ? [HOSTILE[0]]
                : HOSTILE[0]
              : key === "tracking_url" || key === "tracking_urls"
                ? Array.isArray(v)
                  ? [HOSTILE[3]]
                  : HOSTILE[3]
                : poison(v),
        ]),
      );
    };
    await deliverAll(
      hostileShop,
      sim.deliveries.map((d) => ({ ...d, body: poison(d.body) })),
    );
    const response = await appFetch(
      signedProxyRequest({
        shop: hostileShop,
        path: "/proxy/lookup",
        method: "POST",
        body: JSON.stringify({ order: "#9999", email: "jon@example.com" }),
        headers: { "content-type": "application/json" },
      }),
    );
    expect(response.status).toBe(200);
    const answer = (await response.json()) as { order: unknown };
    expect(JSON.stringify(answer)).toContain("<script>");

    // The block renders exactly that JSON.
    const { root, submit } = mount({ replies: [json(answer as never)] });
    submit("#9999", "jon@example.com");
    await flush();
    const result = root.querySelector("[data-stageline-result]")!;
    expect(result.textContent).toContain(HOSTILE[0]);
    expect(result.querySelectorAll("script")).toHaveLength(0);
    expect(result.querySelectorAll("img")).toHaveLength(0);
    for (const link of result.querySelectorAll("a")) {
      expect(link.getAttribute("href") ?? "").not.toMatch(/^\s*javascript:/i);
    }
  });
});
