#!/usr/bin/env node
// @ts-check
// `npm run webhooks:replay`: runs every authentic delivery Stageline kept as unreadable through
// its service again (after a fix of the payload readers), with the production build
// (docs/decisions/012). Prints what was ingested and what is still refused.
import { loadServerBuild } from "./lib/load-build.mjs";

const build = await loadServerBuild();
/** @type {{ replayed: number, stillRejected: { shop: string, eventId: string, topic: string, error: string }[] }} */
const report = await build.entry.module.replayRejectedDeliveries();
console.log(`stageline: replayed ${report.replayed} rejected deliveries`);
for (const { shop, eventId, topic, error } of report.stillRejected) {
  console.log(`stageline: still unreadable: ${shop} ${topic} ${eventId}: ${error}`);
}
process.exit(0);
