#!/usr/bin/env node
// Starts the app for the demo and prints where to look once it answers.
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

if (process.env.NODE_ENV === "production") {
  console.error("demo: refusing to run with NODE_ENV=production (demo credentials are public).");
  process.exit(1);
}
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const port = Number(process.env.PORT || 3000);
const base = `http://localhost:${port}`;
const server = spawn(process.execPath, [path.join(root, "scripts/start.mjs")], {
  cwd: root,
  stdio: "inherit",
  env: process.env,
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));

const deadline = Date.now() + 60_000;
while (Date.now() < deadline) {
  try {
    const response = await fetch(`${base}/healthz`);
    if (response.ok) break;
  } catch {
    // not listening yet
  }
  await new Promise((r) => setTimeout(r, 250));
}
console.log(`
Stageline demo is running on ${base}
  Health:          ${base}/healthz
  Admin (Shopify): ${base}/app   (opens inside Shopify admin; needs a real store via \`npm run dev\`)
  Database:        ${process.env.DATABASE_URL}
Stop with Ctrl+C.
`);
