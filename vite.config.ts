import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";
import tsconfigPaths from "vite-tsconfig-paths";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

export default defineConfig({
  server: {
    port: Number(process.env.PORT || 3000),
    fs: { allow: ["app", "node_modules"] },
  },
  plugins: [
    remix({
      // STAGELINE_BUILD_DIR lets parallel checkouts or test runs build without clobbering build/.
      buildDirectory: process.env.STAGELINE_BUILD_DIR || "build",
      ignoredRouteFiles: ["**/.*", "**/*.test.*"],
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_lazyRouteDiscovery: true,
        v3_singleFetch: true,
        v3_routeConfig: false,
      },
    }),
    tsconfigPaths(),
  ],
  build: { assetsInlineLimit: 0 },
  optimizeDeps: {
    include: [
      "@shopify/app-bridge-react",
      "@shopify/polaris",
      "@shopify/shopify-app-remix/react",
      "@shopify/shopify-app-remix/server",
    ],
    exclude: ["@prisma/client", "@stageline/prisma-sqlite", "@stageline/prisma-postgresql"],
  },
});
