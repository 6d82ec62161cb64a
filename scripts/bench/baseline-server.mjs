// @ts-check
// The minimal baseline SPEC §9 compares ingestion with: raw node:http, HMAC check, one SQLite
// insert. Run as a child process: node baseline-server.mjs <port> <sqlite file> <secret>
import crypto from "node:crypto";
import http from "node:http";
import Database from "better-sqlite3";

const [port, file, secret] = process.argv.slice(2);
const db = new Database(file);
db.pragma("journal_mode = WAL");
db.pragma("synchronous = NORMAL");
db.exec(
  "CREATE TABLE IF NOT EXISTS delivery (shop TEXT, event_id TEXT, body TEXT, PRIMARY KEY (shop, event_id))",
);
const insert = db.prepare("INSERT OR IGNORE INTO delivery (shop, event_id, body) VALUES (?, ?, ?)");

http
  .createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const expected = crypto.createHmac("sha256", secret).update(body).digest();
      const given = Buffer.from(String(req.headers["x-shopify-hmac-sha256"] ?? ""), "base64");
      if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) {
        res.writeHead(401).end();
        return;
      }
      insert.run(
        req.headers["x-shopify-shop-domain"],
        req.headers["x-shopify-event-id"],
        body.toString(),
      );
      res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
    });
  })
  .listen(Number(port), "127.0.0.1", () => console.log("listening on baseline"));
