#!/usr/bin/env node
// @ts-check
// Production entry point (`npm start`): the Remix app on Express, plus the background work
// (email dispatcher, housekeeping) unless EMAIL_DISPATCHER=off. Webhook deliveries and
// storefront lookups skip Express and Remix: they go straight to the route's own handler
// (scripts/lib/direct-routes.mjs, docs/decisions/005 and 007). Bodies of everything else are
// bounded before Express sees them (scripts/lib/body-limit.mjs).
import http from "node:http";
import path from "node:path";
import { createRequestHandler } from "@remix-run/express";
import express from "express";
import { BUILD_DIR, loadServerBuild } from "./lib/load-build.mjs";
import { withBodyLimit } from "./lib/body-limit.mjs";
import { directRoutes, withDirectRoutes } from "./lib/direct-routes.mjs";

const build = await loadServerBuild();
const port = Number(process.env.PORT || 3000);
const host = process.env.HOST || undefined;

const app = express();
app.disable("x-powered-by");
app.use(
  "/assets",
  express.static(path.join(BUILD_DIR, "client/assets"), { immutable: true, maxAge: "1y" }),
);
app.use(express.static(path.join(BUILD_DIR, "client"), { maxAge: "1h" }));
app.all("*", createRequestHandler({ build, mode: process.env.NODE_ENV }));

const background = build.entry.module.startBackgroundWork({ role: "web" });
const server = http.createServer(
  withDirectRoutes(directRoutes(build), withBodyLimit(build.entry.module.maxBodyBytesFor, app)),
);
server.keepAliveTimeout = 65_000;
server.listen(port, host, () => {
  console.log(`stageline: listening on http://${host ?? "localhost"}:${port}`);
});

function shutdown(signal) {
  console.log(`stageline: ${signal} received, shutting down`);
  server.close(async () => {
    await background.stop();
    process.exit(0);
  });
  setTimeout(() => process.exit(0), 10_000).unref();
}
process.on("SIGTERM", () => shutdown("SIGTERM"));
process.on("SIGINT", () => shutdown("SIGINT"));
