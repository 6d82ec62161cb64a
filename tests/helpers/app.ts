// The built Remix app, handled in-process: requests go through the real routes, loaders and
// actions, exactly as the production server would run them.
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import type * as EntryServer from "~/entry.server";
import { CHROME_UA, TEST_APP_URL } from "./constants";

let handler: ((request: Request) => Promise<Response>) | undefined;
let loaded: Promise<ServerBuild> | undefined;

/** What the built server's entry module exports (see app/entry.server.tsx). */
export type BuiltServer = typeof EntryServer;

function serverBuild(): Promise<ServerBuild> {
  const buildPath = path.resolve(
    import.meta.dirname,
    "../..",
    process.env.STAGELINE_BUILD_DIR || "build",
    "server/index.js",
  );
  loaded ??= import(/* @vite-ignore */ pathToFileURL(buildPath).href) as Promise<ServerBuild>;
  return loaded;
}

/**
 * The services of the built server, for tests that also send it requests: a test process loads
 * the build or the source modules, never both (two connections, two caches).
 */
export async function builtServer(): Promise<BuiltServer> {
  return (await serverBuild()).entry.module as unknown as BuiltServer;
}

async function appHandler() {
  handler ??= createRequestHandler(await serverBuild(), "production");
  return handler;
}

/** Sends a request to the app; relative URLs are resolved against the app URL. */
export async function appFetch(input: string | Request, init?: RequestInit): Promise<Response> {
  const request =
    typeof input === "string" ? new Request(new URL(input, TEST_APP_URL), init) : input;
  if (!request.headers.has("user-agent")) request.headers.set("user-agent", CHROME_UA);
  return (await appHandler())(request);
}
