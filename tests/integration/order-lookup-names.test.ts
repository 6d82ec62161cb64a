// Shoppers find their order whatever the shop's name format and however they type it: names with
// letters of any script, spaces, prefixes and suffixes; full-width and other Unicode digits;
// internationalized email addresses; phone numbers with a trunk "(0)" or a "00" prefix; and
// orders whose names share a key (each shopper finds their own). Signed requests to the
// production server (`npm start`), on SQLite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { orderPayload } from "../fixtures/webhooks/factory";
import { installShop } from "../helpers/db";
import { shopifyJson } from "../helpers/deliver";
import { sendTo, startProductionServer, type RunningServer } from "../helpers/server-process";
import { signedProxyRequest, signedWebhook } from "../helpers/signing";

let server: RunningServer;

const shop = `names-${Date.now()}.myshopify.com`;
let nextId = 4_400_000;

async function placeOrder(fields: { name: string; email?: string; phone?: string; at: string }) {
  const id = String(nextId++);
  const body = orderPayload({
    id,
    name: fields.name,
    email: fields.email ?? null,
    contact_email: null,
    phone: fields.phone ?? null,
    financial_status: "paid",
    created_at: fields.at,
    processed_at: fields.at,
    updated_at: fields.at,
  });
  const response = await sendTo(
    server,
    signedWebhook({ shop, topic: "orders/create", body: shopifyJson(body) }),
  );
  expect(response.status).toBe(200);
}

async function lookup(body: Record<string, string>) {
  const response = await sendTo(
    server,
    signedProxyRequest({
      shop,
      path: "/proxy/lookup",
      method: "POST",
      body: JSON.stringify(body),
      headers: { "content-type": "application/json" },
    }),
  );
  const json = (await response.json()) as { order?: { name: string } };
  return { status: response.status, name: json.order?.name ?? null };
}

beforeAll(async () => {
  server = await startProductionServer();
  await installShop(shop);
  await placeOrder({ name: "#Ö1001", email: "a@example.se", at: "2026-03-01T10:00:00Z" });
  await placeOrder({ name: "#1001-Å", email: "b@example.se", at: "2026-03-01T11:00:00Z" });
  await placeOrder({ name: "#SE 4101", email: "c@example.se", at: "2026-03-01T12:00:00Z" });
  await placeOrder({ name: "№4100", email: "d@example.se", at: "2026-03-01T13:00:00Z" });
  await placeOrder({ name: "#5001", email: "Jöns@Exämple.se", at: "2026-03-01T14:00:00Z" });
  // Two names with one key, and a number the shop reused: older and newer orders.
  await placeOrder({ name: "SO-8102", email: "older@example.se", at: "2026-03-02T10:00:00Z" });
  await placeOrder({ name: "#so-8102", email: "newer@example.se", at: "2026-03-03T10:00:00Z" });
  await placeOrder({ name: "#8100", email: "first@example.se", at: "2026-03-02T10:00:00Z" });
  await placeOrder({ name: "#8100", email: "second@example.se", at: "2026-03-03T10:00:00Z" });
  await placeOrder({ name: "#6001", phone: "+46 (0)70-123 45 67", at: "2026-03-04T10:00:00Z" });
  await placeOrder({ name: "#6002", phone: "+46701234599", at: "2026-03-04T11:00:00Z" });
});

afterAll(async () => {
  await server?.stop();
});

describe("order names of any format", () => {
  it.each([
    ["#Ö1001", "a@example.se", "#Ö1001"],
    ["ö1001", "a@example.se", "#Ö1001"],
    ["#Ö１００１", "a@example.se", "#Ö1001"], // full-width digits
    ["#1001-Å", "b@example.se", "#1001-Å"],
    ["1001å", "b@example.se", "#1001-Å"],
    ["#SE 4101", "c@example.se", "#SE 4101"],
    ["se-4101", "c@example.se", "#SE 4101"],
    ["№4100", "d@example.se", "№4100"],
    ["#٥٠٠١", "jöns@exämple.se", "#5001"], // Arabic-Indic digits
  ])("%j with %j finds %j", async (order, email, name) => {
    expect(await lookup({ order, email })).toEqual({ status: 200, name });
  });
});

describe("internationalized emails", () => {
  it.each(["Jöns@exämple.se", "jöns@EXÄMPLE.se", "JO\u0308NS@exa\u0308mple.se"])(
    "%j finds the order",
    async (email) => {
      expect(await lookup({ order: "#5001", email })).toEqual({ status: 200, name: "#5001" });
    },
  );
});

describe("names that share a key", () => {
  it.each([
    ["SO-8102", "older@example.se", "SO-8102"],
    ["#so-8102", "older@example.se", "SO-8102"],
    ["SO-8102", "newer@example.se", "#so-8102"],
    ["#8100", "first@example.se", "#8100"],
    ["#8100", "second@example.se", "#8100"],
  ])("%j with %j finds %j", async (order, email, name) => {
    expect(await lookup({ order, email })).toEqual({ status: 200, name });
  });

  it("still answers the one not-found for a contact of none of them", async () => {
    expect(await lookup({ order: "#8100", email: "third@example.se" })).toEqual({
      status: 404,
      name: null,
    });
  });
});

describe("phone numbers", () => {
  it.each(["+46701234567", "0046701234567", "+46 (0)70-123 45 67", "070-123 45 67"])(
    "%j finds the order stored with +46 (0)70-123 45 67",
    async (phone) => {
      expect(await lookup({ order: "#6001", phone })).toEqual({ status: 200, name: "#6001" });
    },
  );

  it("does not match on the last 7 digits alone", async () => {
    expect((await lookup({ order: "#6002", phone: "123 45 99" })).status).toBe(404);
    expect((await lookup({ order: "#6002", phone: "+46 70 123 45 99" })).status).toBe(200);
  });
});
