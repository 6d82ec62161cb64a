// The built Remix app, handled in-process: requests go through the real routes, loaders and
// actions, exactly as the production server would run them.
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import { CHROME_UA, TEST_APP_URL } from "./constants";

let handler: ((request: Request) => Promise<Response>) | undefined;

async function appHandler() {
  if (!handler) {
    const buildPath = path.resolve(
      import.meta.dirname,
      "../..",
      process.env.STAGELINE_BUILD_DIR || "build",
      "server/index.js",
    );
    const build = (await import(/* @vite-ignore */ pathToFileURL(buildPath).href)) as ServerBuild;
    handler = createRequestHandler(build, "production");
  }
  return handler;
}

/** Sends a request to the app; relative URLs are resolved against the app URL. */
export async function appFetch(input: string | Request, init?: RequestInit): Promise<Response> {
  const request =
    typeof input === "string" ? new Request(new URL(input, TEST_APP_URL), init) : input;
  if (!request.headers.has("user-agent")) request.headers.set("user-agent", CHROME_UA);
  return (await appHandler())(request);
}
