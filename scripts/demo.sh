#!/bin/sh
# `npm run demo`: everything needed to see Stageline on this machine, from a fresh clone.
# Installs what is missing, migrates a local SQLite file, builds, and starts the app on
# http://localhost:3000 with demo credentials (never usable in production).
set -eu
cd "$(dirname "$0")/.."
. scripts/node22.sh

if [ ! -d node_modules/@remix-run/dev ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "demo: installing dependencies (first run compiles better-sqlite3: ~2–3 minutes)…"
  npm ci --no-audit --no-fund
fi

export NODE_ENV=development
export DATABASE_URL="${DATABASE_URL:-file:./data/demo.sqlite}"
export PORT="${PORT:-3000}"
export SHOPIFY_API_KEY="${SHOPIFY_API_KEY:-stageline-demo-key}"
export SHOPIFY_API_SECRET="${SHOPIFY_API_SECRET:-stageline-demo-secret}"
export SHOPIFY_APP_URL="${SHOPIFY_APP_URL:-http://localhost:$PORT}"
export HOST="${HOST:-127.0.0.1}"
# Each stage's email at once (no SMTP_URL: rendered and held, shown in the outbox viewer).
export EMAIL_COALESCE_SECONDS="${EMAIL_COALESCE_SECONDS:-0}"

node scripts/db.mjs migrate
if [ ! -f build/server/index.js ] || [ -n "$(find app vite.config.ts -newer build/server/index.js -type f | head -n 1)" ]; then
  echo "demo: building…"
  npm run build --silent
fi
exec node scripts/demo.mjs "$@"
