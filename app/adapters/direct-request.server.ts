// Routes with a direct handler: the request as read off the socket in, a plain reply out.
//
// The production server serves such routes straight from node:http (scripts/start.mjs), without
// Express and Remix turning every request into Request and Response objects; the Remix route
// calls the same handler, so `npm run dev` and the in-process tests run the code production runs.
// Used where every request counts: webhook deliveries and storefront lookups
// (docs/decisions/005, 007).

/** A request as read off the socket: header names lower-cased, the body as text. */
export interface DirectRequest {
  method: string;
  /** Path and query, as on the request line ("/proxy/lookup?shop=…"). */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  rawBody: string;
}

export interface DirectReply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export type DirectHandler = (request: DirectRequest) => Promise<DirectReply>;

/** A Remix action or loader that also offers its handler to the production server. */
export interface DirectRoute {
  (args: { request: Request }): Promise<Response>;
  /** The direct handler (scripts/lib/direct-routes.mjs serves the route's method with it). */
  receive: DirectHandler;
  /** Larger bodies are answered 413 without reading them further. */
  maxBodyBytes: number;
}

export function jsonReply(
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
): DirectReply {
  return {
    status,
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(value),
  };
}

/**
 * Bodies of every route that is neither a webhook nor an app-proxy route (those carry their own
 * limits): a login form or an API call is a few fields. Admin pages authenticate with a session
 * token before they read a body, and an email template may be 250 KB, so they get more.
 */
export const MAX_FORM_BODY_BYTES = 64 * 1024;
export const MAX_ADMIN_BODY_BYTES = 1024 * 1024;

/** The body limit of a request path outside the direct routes. */
export function maxBodyBytesFor(path: string): number {
  return path === "/app" || path.startsWith("/app/") ? MAX_ADMIN_BODY_BYTES : MAX_FORM_BODY_BYTES;
}

export const PAYLOAD_TOO_LARGE: DirectReply = { status: 413, headers: {}, body: "" };

/** The first value of a header (node:http keeps repeated ones as arrays for a few names). */
export function header(request: DirectRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export function toResponse(reply: DirectReply): Response {
  return new Response(reply.body || null, { status: reply.status, headers: reply.headers });
}

/** The body as text, or null as soon as it is larger than `maxBytes` (the rest is not read). */
export async function readBody(request: Request, maxBytes: number): Promise<string | null> {
  if (Number(request.headers.get("content-length") ?? 0) > maxBytes) return null;
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, size).toString("utf8");
}

/** The Remix action or loader of a route served by `handler`. */
export function directRoute(handler: DirectHandler, maxBodyBytes: number): DirectRoute {
  const route = async ({ request }: { request: Request }) => {
    const rawBody = await readBody(request, maxBodyBytes);
    if (rawBody === null) return toResponse(PAYLOAD_TOO_LARGE);
    const url = new URL(request.url);
    return toResponse(
      await handler({
        method: request.method,
        url: `${url.pathname}${url.search}`,
        headers: Object.fromEntries(request.headers),
        rawBody,
      }),
    );
  };
  return Object.assign(route, { receive: handler, maxBodyBytes });
}
