import { defineConfig } from "vitest/config";
import tsconfigPaths from "vite-tsconfig-paths";

// Three kinds of tests, one command (`npm test`, see scripts/test.mjs):
// - unit:        pure code (domain, payload parsing, templates), no I/O.
// - integration: signed requests through the built Remix server on a real database
//                (SQLite per worker; PostgreSQL when reachable, STAGELINE_TEST_DB=postgresql).
//                tests/postgresql/: deployments only PostgreSQL supports (several instances).
// - browser:     Debian Chromium driven by playwright-core against a running app.
export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    env: { TZ: "UTC" },
    restoreMocks: true,
    // graphql ships development and production builds chosen by export conditions: bundle it
    // with @graphql-tools (the Admin API double) so both see one copy.
    server: { deps: { inline: [/@graphql-tools\//, /node_modules\/graphql\//] } },
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["app/**/*.test.ts", "tests/unit/**/*.test.ts"],
          setupFiles: ["tests/helpers/setup-unit.ts"],
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts", "tests/process/**/*.test.ts"],
          setupFiles: ["tests/helpers/setup-integration.ts"],
          globalSetup: ["tests/helpers/global-setup.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: "integration-pg",
          include: ["tests/integration/**/*.test.ts", "tests/postgresql/**/*.test.ts"],
          env: { TZ: "UTC", STAGELINE_TEST_DB: "postgresql" },
          setupFiles: ["tests/helpers/setup-integration.ts"],
          globalSetup: ["tests/helpers/global-setup.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: "browser",
          include: ["tests/browser/**/*.test.ts"],
          globalSetup: ["tests/helpers/global-setup.ts"],
          setupFiles: ["tests/helpers/setup-unit.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
