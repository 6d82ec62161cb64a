// @ts-check
// Direct routes straight from node:http: a route whose action (POST) or loader (GET) carries a
// `receive` handler (app/adapters/direct-request.server.ts) is served with it, without Express
// and Remix turning every request into Request and Response objects. The handler is the one the
// Remix route calls: the same verification, service and replies. Webhook deliveries and
// storefront lookups take this path (docs/decisions/005, 007); everything else goes to `next`.

/** @typedef {import("node:http").IncomingMessage} Request */
/** @typedef {import("node:http").ServerResponse} Response */
/** @typedef {{ status: number, headers: Record<string, string>, body: string }} Reply */
/**
 * @typedef {{
 *   receive: (request: { method?: string, url?: string, headers: Request["headers"],
 *     rawBody: string }) => Promise<Reply>,
 *   maxBodyBytes: number,
 * }} DirectHandler
 */
/** @typedef {{ path?: string, parentId?: string, module?: Record<string, any> }} BuildRoute */

/**
 * @param {Record<string, BuildRoute>} routes
 * @param {BuildRoute} route
 */
function fullPath(routes, route) {
  /** @type {string[]} */
  const segments = [];
  for (
    let /** @type {BuildRoute | undefined} */ r = route;
    r;
    r = r.parentId ? routes[r.parentId] : undefined
  ) {
    if (r.path) segments.unshift(r.path);
  }
  return `/${segments.join("/")}`.replace(/\/{2,}/g, "/");
}

/**
 * "METHOD /path" → { receive, maxBodyBytes } for every direct route (static paths only).
 * @param {{ routes: Record<string, BuildRoute> }} build
 * @returns {Map<string, DirectHandler>}
 */
export function directRoutes(build) {
  const routes = new Map();
  for (const route of Object.values(build.routes)) {
    const path = fullPath(build.routes, route);
    if (/[:*]/.test(path)) continue;
    for (const [method, handler] of [
      ["POST", route.module?.action],
      ["GET", route.module?.loader],
    ]) {
      if (typeof handler?.receive !== "function") continue;
      routes.set(`${method} ${path}`, handler);
    }
  }
  return routes;
}

/**
 * @param {Response} res
 * @param {Reply} reply
 */
function send(res, { status, headers, body }) {
  res.writeHead(status, { ...headers, "content-length": Buffer.byteLength(body) });
  res.end(body);
}

/**
 * Body bytes all direct requests of this process may hold at once. A body is read into memory
 * before its signature can be checked, so without a bound a flood of large unsigned POSTs (each
 * under its route's limit) would grow the process until it died. Past the budget a request is
 * answered 503 before its body is read: Shopify retries a delivery, a shopper's lookup is tiny.
 */
export const MAX_BUFFERED_BODY_BYTES = 32 * 1024 * 1024;
let buffered = 0;

/**
 * Answers without reading the body; the connection closes after the answer, so the rest of the
 * body is never received.
 * @param {Request} req
 * @param {Response} res
 * @param {number} status
 */
function refuse(req, res, status) {
  /** @type {Record<string, string>} */
  const headers = status === 503 ? { "retry-after": "5" } : {};
  res.setHeader("connection", "close");
  // Once the answer is out, stop reading: what the sender still writes is never received.
  res.once("finish", () => req.destroy());
  send(res, { status, headers, body: "" });
}

/**
 * @param {DirectHandler} handler
 * @param {Request} req
 * @param {Response} res
 */
function serve({ receive, maxBodyBytes }, req, res) {
  const declared = req.headers["content-length"];
  if (declared !== undefined && (!/^\d+$/.test(declared) || Number(declared) > maxBodyBytes)) {
    return refuse(req, res, 413);
  }
  // What this request holds of the budget: its declared length, or what has arrived of a body
  // without one. Given back once the answer is sent or the connection is gone.
  let held = declared === undefined ? 0 : Number(declared);
  if (buffered + held > MAX_BUFFERED_BODY_BYTES) return refuse(req, res, 503);
  buffered += held;
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    buffered -= held;
  };
  res.once("close", release);

  /** @type {Buffer[]} */
  const chunks = [];
  let size = 0;
  let refused = false;
  req.on("data", (chunk) => {
    if (refused) return;
    size += chunk.length;
    let status = 0;
    if (size > maxBodyBytes) status = 413;
    else if (size > held) {
      // A body longer than declared cannot happen over HTTP/1.1; a body without a length grows.
      const more = size - held;
      if (buffered + more > MAX_BUFFERED_BODY_BYTES) status = 503;
      else {
        buffered += more;
        held = size;
      }
    }
    if (status === 0) return void chunks.push(chunk);
    refused = true;
    chunks.length = 0;
    release();
    refuse(req, res, status);
  });
  req.on("end", async () => {
    if (refused) return;
    let reply;
    try {
      reply = await receive({
        method: req.method,
        url: req.url,
        headers: req.headers,
        rawBody: Buffer.concat(chunks, size).toString("utf8"),
      });
    } catch (error) {
      // Nothing was committed (or the commit failed): a 5xx makes Shopify retry a delivery.
      console.error(`stageline: ${req.method} ${req.url?.split("?")[0]} failed`, error);
      reply = {
        status: 500,
        headers: { "content-type": "application/json" },
        body: '{"error":"internal_error"}',
      };
    }
    if (!res.headersSent && !res.destroyed) send(res, reply);
  });
}

/**
 * A node:http request listener: direct routes served here, anything else handed to `next`.
 * @param {Map<string, DirectHandler>} routes
 * @param {(req: Request, res: Response) => void} next
 * @returns {(req: Request, res: Response) => void}
 */
export function withDirectRoutes(routes, next) {
  return (req, res) => {
    if (req.method === "POST" || req.method === "GET") {
      const url = req.url ?? "/";
      const query = url.indexOf("?");
      let path = query === -1 ? url : url.slice(0, query);
      if (path.length > 1 && path.endsWith("/")) path = path.slice(0, -1);
      const route = routes.get(`${req.method} ${path}`);
      if (route) return serve(route, req, res);
    }
    return next(req, res);
  };
}
