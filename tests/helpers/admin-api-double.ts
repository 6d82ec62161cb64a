// A stand-in for Shopify's Admin GraphQL API on loopback, for tests, the benchmark and (later)
// the demo; never part of the app's build. Built from the introspected Admin schema
// (tests/fixtures/shopify, API 2025-01): every request is validated against it and executed
// with @graphql-tools/mock, resolvers giving real answers for the operations Stageline uses
// and schema-typed mock values for anything else. It serves bulk operations (JSONL result
// files on the same server), pagination, cost extensions, and on demand THROTTLED errors,
// 429 and 5xx.
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import zlib from "node:zlib";
import { addMocksToSchema } from "@graphql-tools/mock";
import { parse as parseToml } from "smol-toml";
import {
  buildClientSchema,
  execute,
  GraphQLError,
  parse,
  validate,
  type DocumentNode,
  type GraphQLSchema,
  type IntrospectionQuery,
} from "graphql";

const SCHEMA_FILE = path.resolve(
  import.meta.dirname,
  "../fixtures/shopify/admin_schema_2025-01.json.gz",
);

/** The access scopes shopify.app.toml asks for. */
function appScopes(): string[] {
  const file = path.resolve(import.meta.dirname, "../../shopify.app.toml");
  const config = parseToml(fs.readFileSync(file, "utf8")) as { access_scopes: { scopes: string } };
  return config.access_scopes.scopes.split(",").map((scope) => scope.trim());
}

let adminSchema: GraphQLSchema | undefined;

/** The Admin API schema (2025-01 introspection; Stageline's fields are unchanged in 2026-10). */
export function loadAdminSchema(): GraphQLSchema {
  if (!adminSchema) {
    const json = JSON.parse(zlib.gunzipSync(fs.readFileSync(SCHEMA_FILE)).toString("utf8")) as {
      data: IntrospectionQuery;
    };
    // Shopify's schema breaks a deprecation-consistency rule graphql 17 checks; it is valid
    // for execution and validation of documents.
    adminSchema = buildClientSchema(json.data, { assumeValid: true });
  }
  return adminSchema;
}

/** Errors of `document` against the Admin schema (empty when valid). */
export function validateAdminDocument(document: string): string[] {
  let parsed: DocumentNode;
  try {
    parsed = parse(document);
  } catch (error) {
    return [String(error)];
  }
  return validate(loadAdminSchema(), parsed).map((e) => e.message);
}

export type Failure = "THROTTLED" | 429 | 500 | 502 | 503;

export interface AdminCall {
  operation: string;
  shop: string;
  variables: Record<string, unknown>;
}

export interface ShopIdentityData {
  name: string;
  email: string;
  contactEmail: string;
  ianaTimezone: string;
  currencyCode: string;
  primaryDomain: { host: string; url: string };
  primaryLocale: string;
}

/** A bulk operation's result: JSONL lines (generated lazily) or a file on disk. */
export type BulkResult = { lines: () => Iterable<string> } | { file: string };

interface BulkOperation {
  id: string;
  shop: string;
  query: string;
  status: "CREATED" | "RUNNING" | "COMPLETED" | "FAILED";
  createdAt: string;
  completedAt: string | null;
  result: BulkResult | null;
  objectCount: number;
}

export interface AdminOrderRecord {
  /** The order as the paginated query returns it (connections as `{ edges: [{ node }] }`). */
  node: Record<string, unknown> & { id: string; updatedAt: string };
  fulfillmentOrderIds?: string[];
}

const THROTTLE = { maximumAvailable: 2000, restoreRate: 100 };
const QUERY_COST = 12;

export class AdminApiDouble {
  readonly calls: AdminCall[] = [];
  /** Documents that failed validation against the schema (should stay empty). */
  readonly invalidDocuments: { document: string; errors: string[] }[] = [];
  readonly shops = new Map<string, ShopIdentityData>();
  /** The access scopes every token has: the app's own (shopify.app.toml) unless a test adds. */
  readonly grantedScopes = new Set(appScopes());
  /** Orders per shop, for `orders(query:)` and `fulfillmentOrder(id:)`. */
  readonly orders = new Map<string, AdminOrderRecord[]>();
  /** What a bulk query of a shop returns. */
  readonly bulkResults = new Map<string, BulkResult>();
  readonly bulkOperations = new Map<string, BulkOperation>();
  /** Order tags and app metafields written through the API, per order gid. */
  readonly tags = new Map<string, string[]>();
  readonly metafields = new Map<string, Map<string, string>>();
  readonly metafieldDefinitions: Record<string, unknown>[] = [];
  /** Bulk operations complete as soon as they are created, unless false. */
  autoCompleteBulk = true;
  private readonly failures: Failure[] = [];
  private server: http.Server | null = null;
  private nextId = 1;
  private readonly schema: GraphQLSchema;
  private readonly parsed = new Map<string, DocumentNode>();

  constructor() {
    this.schema = this.mockedSchema();
  }

  get url(): string {
    const address = this.server?.address() as AddressInfo | undefined;
    if (!address) throw new Error("the Admin API double is not started");
    return `http://127.0.0.1:${address.port}`;
  }

  async start() {
    this.server = http.createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        res.writeHead(500, { "content-type": "text/plain" });
        res.end(String(error));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    return this;
  }

  async stop() {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** The next requests fail this way, in order (one failure per request). */
  failNext(...failures: Failure[]) {
    this.failures.push(...failures);
  }

  /** Completes every running bulk operation (as Shopify would, later). */
  completeBulkOperations(at = new Date()) {
    for (const op of this.bulkOperations.values()) {
      if (op.status === "RUNNING" || op.status === "CREATED") this.complete(op, at);
    }
  }

  callsOf(operation: string) {
    return this.calls.filter((c) => c.operation === operation);
  }

  // --- HTTP -----------------------------------------------------------------------------------

  private async handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? "/", "http://double");
    const bulk = /^\/bulk\/(\d+)\.jsonl$/.exec(url.pathname);
    if (req.method === "GET" && bulk) return this.serveBulkResult(bulk[1]!, res);
    if (req.method !== "POST" || !/^\/admin\/api\/[^/]+\/graphql\.json$/.test(url.pathname)) {
      res.writeHead(404).end();
      return;
    }
    const shop = url.searchParams.get("shop") ?? "unknown.myshopify.com";
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as {
      query: string;
      variables?: Record<string, unknown>;
    };
    const json = (status: number, value: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(JSON.stringify(value));
    };
    if (!req.headers["x-shopify-access-token"]) {
      return json(401, { errors: "[API] Invalid API key or access token" });
    }
    const document = this.parse(body.query);
    if (!document.ok) return json(200, { errors: [{ message: document.error }] });
    const operation =
      document.node.definitions.find((d) => d.kind === "OperationDefinition")?.name?.value ??
      "(anonymous)";
    this.calls.push({ operation, shop, variables: body.variables ?? {} });

    const failure = this.failures.shift();
    if (failure === 429)
      return json(429, { errors: "Exceeded 2 calls per second" }, { "retry-after": "1" });
    if (typeof failure === "number") return json(failure, { errors: "Internal error" });
    if (failure === "THROTTLED") {
      return json(200, {
        errors: [{ message: "Throttled", extensions: { code: "THROTTLED" } }],
        extensions: this.cost(QUERY_COST * 20, 0),
      });
    }
    const result = await execute({
      schema: this.schema,
      document: document.node,
      variableValues: body.variables ?? {},
      contextValue: { shop },
    });
    json(200, {
      ...result,
      extensions: this.cost(QUERY_COST, THROTTLE.maximumAvailable - QUERY_COST),
    });
  }

  private parse(query: string): { ok: true; node: DocumentNode } | { ok: false; error: string } {
    const cached = this.parsed.get(query);
    if (cached) return { ok: true, node: cached };
    const errors = validateAdminDocument(query);
    if (errors.length > 0) {
      this.invalidDocuments.push({ document: query, errors });
      return { ok: false, error: errors.join("; ") };
    }
    const node = parse(query);
    this.parsed.set(query, node);
    return { ok: true, node };
  }

  private cost(requested: number, available: number) {
    return {
      cost: {
        requestedQueryCost: requested,
        actualQueryCost: available > 0 ? requested : null,
        throttleStatus: { ...THROTTLE, currentlyAvailable: available },
      },
    };
  }

  private serveBulkResult(id: string, res: http.ServerResponse) {
    const op = this.bulkOperations.get(`gid://shopify/BulkOperation/${id}`);
    if (!op?.result) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": "application/jsonl" });
    if ("file" in op.result) {
      fs.createReadStream(op.result.file).pipe(res);
      return;
    }
    // Lazily, respecting back-pressure: a large result is never held whole.
    const lines = op.result.lines()[Symbol.iterator]();
    const pump = () => {
      for (;;) {
        const next = lines.next();
        if (next.done) return res.end();
        if (!res.write(next.value + "\n")) return res.once("drain", pump);
      }
    };
    pump();
  }

  // --- Resolvers ------------------------------------------------------------------------------

  private complete(op: BulkOperation, at: Date) {
    op.status = "COMPLETED";
    op.completedAt = at.toISOString();
    op.result = this.bulkResults.get(op.shop) ?? null;
  }

  private mockedSchema(): GraphQLSchema {
    type Ctx = { shop: string };
    const bulkNode = (op: BulkOperation) => ({
      __typename: "BulkOperation",
      id: op.id,
      status: op.status,
      errorCode: null,
      objectCount: String(op.objectCount),
      rootObjectCount: String(op.objectCount),
      url: op.result ? `${this.url}/bulk/${op.id.split("/").pop()}.jsonl` : null,
      partialDataUrl: null,
      createdAt: op.createdAt,
      completedAt: op.completedAt,
      query: op.query,
      fileSize: null,
      type: "QUERY",
    });
    const identity = (shop: string) => this.shops.get(shop);
    return addMocksToSchema<Record<string, unknown>>({
      schema: loadAdminSchema(),
      mocks: {
        DateTime: () => "2026-01-01T00:00:00Z",
        URL: () => "https://example.com/",
        UnsignedInt64: () => "0",
        Decimal: () => "0.0",
        Money: () => "0.0",
        HTML: () => "<p></p>",
        JSON: () => ({}),
        FormattedString: () => "",
        ARN: () => "arn:aws:events:us-east-1::event-source/example",
        Color: () => "#000000",
        UtcOffset: () => "+00:00",
        StorefrontID: () => "gid://shopify/Storefront/1",
        BigInt: () => "0",
        Date: () => "2026-01-01",
      },
      resolvers: {
        QueryRoot: {
          shop: (_: unknown, __: unknown, ctx: Ctx) => {
            const shop = identity(ctx.shop);
            if (!shop) throw new Error(`no shop ${ctx.shop} in the double`);
            return shop;
          },
          shopLocales: (_: unknown, __: unknown, ctx: Ctx) => {
            if (
              !this.grantedScopes.has("read_locales") &&
              !this.grantedScopes.has("read_translations")
            ) {
              throw new GraphQLError(
                "Access denied for shopLocales field. Required access: `read_locales` access scope. Also: Required access: `read_translations` access scope.",
                { extensions: { code: "ACCESS_DENIED" } },
              );
            }
            const shop = identity(ctx.shop);
            return shop ? [{ locale: shop.primaryLocale, primary: true, published: true }] : [];
          },
          node: (_: unknown, args: { id: string }) => {
            const op = this.bulkOperations.get(args.id);
            return op ? bulkNode(op) : null;
          },
          fulfillmentOrder: (_: unknown, args: { id: string }, ctx: Ctx) => {
            const record = (this.orders.get(ctx.shop) ?? []).find((o) =>
              o.fulfillmentOrderIds?.includes(args.id),
            );
            return record ? { id: args.id, order: { id: record.node.id } } : null;
          },
          orders: (
            _: unknown,
            args: { first?: number; after?: string | null; query?: string },
            ctx: Ctx,
          ) => this.ordersPage(ctx.shop, args),
        },
        Mutation: {
          bulkOperationRunQuery: (_: unknown, args: { query: string }, ctx: Ctx) => {
            const errors = validateAdminDocument(args.query);
            if (errors.length > 0) {
              this.invalidDocuments.push({ document: args.query, errors });
              return {
                bulkOperation: null,
                userErrors: [{ field: ["query"], message: errors[0] }],
              };
            }
            const running = [...this.bulkOperations.values()].find(
              (op) => op.shop === ctx.shop && op.status === "RUNNING",
            );
            if (running) {
              return {
                bulkOperation: null,
                userErrors: [
                  {
                    field: null,
                    message: `A bulk query operation for this app and shop is already in progress: ${running.id}.`,
                  },
                ],
              };
            }
            const op: BulkOperation = {
              id: `gid://shopify/BulkOperation/${this.nextId++}`,
              shop: ctx.shop,
              query: args.query,
              status: "RUNNING",
              createdAt: new Date().toISOString(),
              completedAt: null,
              result: null,
              objectCount: 0,
            };
            this.bulkOperations.set(op.id, op);
            if (this.autoCompleteBulk) this.complete(op, new Date());
            return { bulkOperation: bulkNode(op), userErrors: [] };
          },
          tagsAdd: (_: unknown, args: { id: string; tags: string[] }) => {
            // As Shopify: a tag the order has already is not added again.
            const tags = this.tags.get(args.id) ?? [];
            for (const tag of args.tags) if (!tags.includes(tag)) tags.push(tag);
            this.tags.set(args.id, tags);
            return { node: { __typename: "Order", id: args.id }, userErrors: [] };
          },
          tagsRemove: (_: unknown, args: { id: string; tags: string[] }) => {
            const tags = this.tags.get(args.id) ?? [];
            this.tags.set(
              args.id,
              tags.filter((tag) => !args.tags.includes(tag)),
            );
            return { node: { __typename: "Order", id: args.id }, userErrors: [] };
          },
          metafieldsSet: (
            _: unknown,
            args: {
              metafields: { ownerId: string; namespace: string; key: string; value: string }[];
            },
          ) => {
            for (const m of args.metafields) {
              const fields = this.metafields.get(m.ownerId) ?? new Map<string, string>();
              fields.set(`${m.namespace}.${m.key}`, m.value);
              this.metafields.set(m.ownerId, fields);
            }
            return {
              metafields: args.metafields.map((m) => ({
                ...m,
                id: `gid://shopify/Metafield/${this.nextId++}`,
              })),
              userErrors: [],
            };
          },
          metafieldDefinitionCreate: (
            _: unknown,
            args: { definition: Record<string, unknown> },
          ) => {
            this.metafieldDefinitions.push(args.definition);
            return {
              createdDefinition: {
                ...args.definition,
                id: `gid://shopify/MetafieldDefinition/${this.nextId++}`,
              },
              userErrors: [],
            };
          },
        },
        Node: { __resolveType: (value: { __typename: string }) => value.__typename },
      },
    });
  }

  /** `orders(first, after, query: "updated_at:>'…'")`, oldest update first. */
  private ordersPage(
    shop: string,
    args: { first?: number; after?: string | null; query?: string },
  ) {
    const since = /updated_at:>'?([^'\s]+)'?/.exec(args.query ?? "")?.[1];
    const sinceMs = since ? Date.parse(since) : Number.NEGATIVE_INFINITY;
    const matching = (this.orders.get(shop) ?? [])
      .filter((o) => Date.parse(o.node.updatedAt) > sinceMs)
      .sort((a, b) => Date.parse(a.node.updatedAt) - Date.parse(b.node.updatedAt));
    const offset = args.after ? Number(Buffer.from(args.after, "base64").toString()) : 0;
    const first = args.first ?? 50;
    const page = matching.slice(offset, offset + first);
    const end = offset + page.length;
    return {
      pageInfo: {
        hasNextPage: end < matching.length,
        hasPreviousPage: offset > 0,
        endCursor: page.length ? Buffer.from(String(end)).toString("base64") : null,
        startCursor: page.length ? Buffer.from(String(offset)).toString("base64") : null,
      },
      edges: page.map((o, i) => ({
        cursor: Buffer.from(String(offset + i + 1)).toString("base64"),
        node: { __typename: "Order", ...o.node },
      })),
    };
  }
}
