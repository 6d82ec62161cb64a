#!/usr/bin/env node
// @ts-check
// Background work alone (`npm run worker`), for deployments that run web instances with
// EMAIL_DISPATCHER=off and one or more dedicated workers.
import { loadServerBuild } from "./lib/load-build.mjs";

const build = await loadServerBuild();
const background = build.entry.module.startBackgroundWork({ role: "worker" });
console.log("stageline: worker started");

async function shutdown(signal) {
  console.log(`stageline: ${signal} received, stopping worker`);
  await background.stop();
  process.exit(0);
}
process.on("SIGTERM", () => shutdown("SIGTERM"));
process.on("SIGINT", () => shutdown("SIGINT"));
