// The only network the integration tests have: loopback servers they start, and Shopify's
// Admin GraphQL, mocked per operation name or answered by the Admin API double
// (./admin-api-double.ts) over HTTP. Any other request, or an unmocked operation, fails.
type OperationMock = (variables: Record<string, unknown>) => unknown;

const mocks = new Map<string, OperationMock>();
export const shopifyCalls: {
  operation: string;
  shop: string;
  variables: Record<string, unknown>;
}[] = [];

export function mockShopifyOperation(operation: string, respond: OperationMock) {
  mocks.set(operation, respond);
}

let adminApiDouble: string | null = null;

/** Sends Admin GraphQL requests without an operation mock to the double at `url` (null: off). */
export function routeAdminApiTo(url: string | null) {
  adminApiDouble = url;
}

export function resetShopifyMocks() {
  mocks.clear();
  shopifyCalls.length = 0;
}

function requestUrl(input: RequestInfo | URL): string {
  if (typeof input === "string") return input;
  if (input instanceof URL) return input.href;
  return input.url;
}

export function installShopifyFetchMock() {
  const realFetch = globalThis.fetch;
  globalThis.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(requestUrl(input));
    // Servers the tests start themselves on loopback are fair game.
    if (url.hostname === "127.0.0.1" || url.hostname === "localhost") return realFetch(input, init);
    const isAdminGraphql =
      url.hostname.endsWith(".myshopify.com") &&
      /^\/admin\/api\/[^/]+\/graphql\.json$/.test(url.pathname);
    if (!isAdminGraphql) throw new Error(`Unmocked network request: ${url.href}`);
    const bodyText = init?.body ?? (input instanceof Request ? await input.text() : "");
    const body = JSON.parse(String(bodyText)) as {
      query: string;
      variables?: Record<string, unknown>;
    };
    const operation = /(?:query|mutation)\s+(\w+)/.exec(body.query)?.[1] ?? "(anonymous)";
    const respond = mocks.get(operation);
    if (!respond && adminApiDouble) {
      const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : {}));
      return realFetch(
        `${adminApiDouble}${url.pathname}?shop=${encodeURIComponent(url.hostname)}`,
        {
          method: "POST",
          headers,
          body: JSON.stringify(body),
        },
      );
    }
    if (!respond) throw new Error(`Unmocked Shopify operation: ${operation}`);
    shopifyCalls.push({ operation, shop: url.hostname, variables: body.variables ?? {} });
    return Response.json(respond(body.variables ?? {}));
  };
}
