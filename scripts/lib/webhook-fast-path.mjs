// POST /webhooks/* straight from node:http to the route's own handler (`action.receive`, see
// app/shopify/webhook-request.server.ts), without Express and Remix turning every delivery into
// Request and Response objects. The handler is the one the Remix action calls: the same
// verification, service and replies. Everything else goes to `next`. See docs/decisions/005.

/** Generous: Shopify's largest order payloads are a few megabytes. */
export const MAX_WEBHOOK_BYTES = 32 * 1024 * 1024;

function fullPath(routes, route) {
  const segments = [];
  for (let r = route; r; r = r.parentId ? routes[r.parentId] : undefined) {
    if (r.path) segments.unshift(r.path);
  }
  return `/${segments.join("/")}`.replace(/\/{2,}/g, "/");
}

/** URL path → `receive` of every route whose action offers one (static paths only). */
export function webhookReceivers(build) {
  const receivers = new Map();
  for (const route of Object.values(build.routes)) {
    const receive = route.module?.action?.receive;
    if (typeof receive !== "function") continue;
    const path = fullPath(build.routes, route);
    if (/[:*]/.test(path)) continue;
    receivers.set(path, receive);
  }
  return receivers;
}

function send(res, { status, headers, body }) {
  res.writeHead(status, { ...headers, "content-length": Buffer.byteLength(body) });
  res.end(body);
}

function serve(receive, req, res) {
  const chunks = [];
  let size = 0;
  let tooLarge = false;
  req.on("data", (chunk) => {
    if (tooLarge) return;
    size += chunk.length;
    if (size <= MAX_WEBHOOK_BYTES) return void chunks.push(chunk);
    tooLarge = true;
    chunks.length = 0;
    res.setHeader("connection", "close");
    send(res, { status: 413, headers: {}, body: "" });
  });
  req.on("end", async () => {
    if (tooLarge) return;
    let reply;
    try {
      reply = await receive({
        method: req.method,
        headers: req.headers,
        rawBody: Buffer.concat(chunks, size).toString("utf8"),
      });
    } catch (error) {
      // Nothing was committed (or the commit failed): a 5xx makes Shopify retry the delivery.
      console.error(`stageline: POST ${req.url} failed`, error);
      reply = {
        status: 500,
        headers: { "content-type": "application/json" },
        body: '{"error":"internal_error"}',
      };
    }
    if (!res.headersSent && !res.destroyed) send(res, reply);
  });
}

/** A node:http request listener: webhooks served directly, anything else handed to `next`. */
export function withWebhookFastPath(receivers, next) {
  return (req, res) => {
    if (req.method === "POST") {
      const query = req.url.indexOf("?");
      const receive = receivers.get(query === -1 ? req.url : req.url.slice(0, query));
      if (receive) return serve(receive, req, res);
    }
    return next(req, res);
  };
}
