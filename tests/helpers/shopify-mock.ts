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

/** Token exchanges Shopify answered (the session token's shop, the grant asked for). */
export const tokenExchanges: { shop: string; requestedTokenType: string }[] = [];

/**
 * Shopify's token exchange (POST https://<shop>/admin/oauth/access_token), as the embedded auth
 * strategy calls it on a shop's first admin request: an offline token for the shop.
 */
async function answerTokenExchange(url: URL, bodyText: string): Promise<Response> {
  const body = JSON.parse(bodyText) as { requested_token_type?: string; subject_token?: string };
  if (!body.subject_token)
    return Response.json({ error: "invalid_subject_token" }, { status: 400 });
  tokenExchanges.push({ shop: url.hostname, requestedTokenType: body.requested_token_type ?? "" });
  return Response.json({
    access_token: `shpat_exchanged_${url.hostname}`,
    scope:
      "read_orders,write_orders,read_fulfillments,read_returns,read_merchant_managed_fulfillment_orders,write_app_proxy",
  });
}

/** Sends Admin GraphQL requests without an operation mock to the double at `url` (null: off). */
export function routeAdminApiTo(url: string | null) {
  adminApiDouble = url;
}

export function resetShopifyMocks() {
  mocks.clear();
  shopifyCalls.length = 0;
  tokenExchanges.length = 0;
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
    const isShop = url.hostname.endsWith(".myshopify.com");
    const bodyText = init?.body ?? (input instanceof Request ? await input.text() : "");
    if (isShop && url.pathname === "/admin/oauth/access_token") {
      return answerTokenExchange(url, String(bodyText));
    }
    const isAdminGraphql = isShop && /^\/admin\/api\/[^/]+\/graphql\.json$/.test(url.pathname);
    if (!isAdminGraphql) throw new Error(`Unmocked network request: ${url.href}`);
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
