// @ts-check
// Request bodies of everything the direct routes do not serve (Express and Remix: the login
// form, admin pages, assets) are bounded before any of it is read: a declared length over the
// path's limit is answered 413, a body without a declared length 411. The limits come from the
// build (`maxBodyBytesFor` in app/shopify/direct-request.server.ts); the direct routes
// (webhooks, app proxy) carry their own.

/**
 * @param {(path: string) => number} limitFor
 * @param {import("node:http").RequestListener} next
 * @returns {import("node:http").RequestListener}
 */
export function withBodyLimit(limitFor, next) {
  return (req, res) => {
    const declared = req.headers["content-length"];
    const query = (req.url ?? "/").indexOf("?");
    const path = query === -1 ? (req.url ?? "/") : (req.url ?? "/").slice(0, query);
    let status = 0;
    if (declared !== undefined) {
      if (!/^\d+$/.test(declared) || Number(declared) > limitFor(path)) status = 413;
    } else if (req.headers["transfer-encoding"] !== undefined) {
      status = 411;
    }
    if (status === 0) return next(req, res);
    // Nothing of the body is read; the connection closes after the answer.
    res.writeHead(status, { connection: "close", "content-length": 0 });
    res.end();
  };
}
