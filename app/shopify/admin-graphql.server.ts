// Admin GraphQL for background work (backfill, reconciliation, write-back, shop identity): one
// POST per operation with the shop's offline token, aware of Shopify's cost-based throttling.
//
// Shopify answers a throttled query with 200 and a `THROTTLED` error (the bucket is short of
// points; `extensions.cost.throttleStatus` says how fast it refills), and an overloaded endpoint
// with 429 (`Retry-After`) or 5xx. Each is waited out and retried here, a bounded number of
// times; any other error is final. The wait is injectable so tests never sleep on the clock.
import type { z } from "zod";

/** A named operation (one per file in ./operations), its variables and its parsed result. */
export interface AdminOperation<Variables, Result> {
  name: string;
  document: string;
  /** Parses the `data` of a response; a shape Shopify would not send is an error. */
  result: z.ZodType<Result, z.ZodTypeDef, unknown>;
  /** Only for typing the variables. */
  readonly variables?: Variables;
}

export interface AdminGraphql {
  readonly shop: string;
  request<V, R>(operation: AdminOperation<V, R>, variables: V): Promise<R>;
}

export class AdminApiError extends Error {
  constructor(
    message: string,
    readonly retriable: boolean,
    /** The GraphQL errors' codes (`extensions.code`), e.g. ACCESS_DENIED. */
    readonly codes: readonly string[] = [],
  ) {
    super(message);
    this.name = "AdminApiError";
  }
}

interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

interface GraphqlResponseBody {
  data?: unknown;
  errors?: { message?: string; extensions?: { code?: string } }[];
  extensions?: { cost?: { requestedQueryCost?: number; throttleStatus?: ThrottleStatus } };
}

export interface AdminGraphqlOptions {
  shop: string;
  accessToken: string;
  apiVersion: string;
  /** Attempts per request, throttling and 5xx included. */
  maxAttempts?: number;
  /** Backoff after a 5xx or a network error: base × 2^(attempt−1), capped. */
  backoffMs?: number;
  wait?: (ms: number) => Promise<void>;
  fetch?: typeof fetch;
}

const MAX_WAIT_MS = 60_000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function adminGraphql(options: AdminGraphqlOptions): AdminGraphql {
  const { shop, accessToken, apiVersion } = options;
  const maxAttempts = options.maxAttempts ?? 8;
  const backoffMs = options.backoffMs ?? 500;
  const wait = options.wait ?? sleep;
  const url = `https://${shop}/admin/api/${apiVersion}/graphql.json`;

  async function attempt(document: string, variables: unknown) {
    try {
      return await (options.fetch ?? fetch)(url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          accept: "application/json",
          "x-shopify-access-token": accessToken,
        },
        body: JSON.stringify({ query: document, variables }),
      });
    } catch (error) {
      return error instanceof Error ? error : new Error(String(error));
    }
  }

  return {
    shop,
    async request<V, R>(operation: AdminOperation<V, R>, variables: V): Promise<R> {
      let lastProblem = "";
      for (let n = 1; n <= maxAttempts; n++) {
        const backoff = Math.min(backoffMs * 2 ** (n - 1), MAX_WAIT_MS);
        const response = await attempt(operation.document, variables);
        if (response instanceof Error) {
          lastProblem = `network: ${response.message}`;
          await wait(backoff);
          continue;
        }
        if (response.status === 429) {
          lastProblem = "HTTP 429";
          const retryAfter = Number(response.headers.get("retry-after"));
          await response.body?.cancel();
          await wait(Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : backoff);
          continue;
        }
        if (response.status >= 500) {
          lastProblem = `HTTP ${response.status}`;
          await response.body?.cancel();
          await wait(backoff);
          continue;
        }
        if (response.status !== 200) {
          const text = await response.text();
          throw new AdminApiError(
            `${operation.name}: HTTP ${response.status} ${text.slice(0, 200)}`,
            false,
          );
        }
        const body = (await response.json()) as GraphqlResponseBody;
        const errors = body.errors ?? [];
        if (errors.some((e) => e.extensions?.code === "THROTTLED")) {
          lastProblem = "THROTTLED";
          await wait(throttleWaitMs(body) ?? backoff);
          continue;
        }
        if (errors.length > 0) {
          const messages = errors.map((e) => e.message ?? e.extensions?.code).join("; ");
          const codes = errors.flatMap((e) => (e.extensions?.code ? [e.extensions.code] : []));
          throw new AdminApiError(`${operation.name}: ${messages}`, false, codes);
        }
        const parsed = operation.result.safeParse(body.data);
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          throw new AdminApiError(
            `${operation.name}: unexpected response at ${issue?.path.join(".")}: ${issue?.message}`,
            false,
          );
        }
        return parsed.data;
      }
      throw new AdminApiError(
        `${operation.name}: gave up after ${maxAttempts} attempts (${lastProblem})`,
        true,
      );
    },
  };
}

/** How long until the bucket holds the points the throttled query asked for. */
export function throttleWaitMs(body: GraphqlResponseBody): number | null {
  const cost = body.extensions?.cost;
  const status = cost?.throttleStatus;
  if (!status || !(status.restoreRate > 0)) return null;
  const needed = Math.min(cost.requestedQueryCost ?? 0, status.maximumAvailable);
  const missing = Math.max(needed - status.currentlyAvailable, 0);
  return Math.min(Math.ceil((missing / status.restoreRate) * 1000) + 100, MAX_WAIT_MS);
}
