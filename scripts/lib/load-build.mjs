// @ts-check
// Loads the Remix server build; a configuration error is printed plainly and ends the process.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const BUILD_DIR = path.resolve(root, process.env.STAGELINE_BUILD_DIR || "build");
const SERVER_BUILD = path.join(BUILD_DIR, "server/index.js");

/**
 * `npm start` and `npm run worker` run in production mode unless NODE_ENV says otherwise (SPEC
 * §8): production error pages, no demo routes, production env checks. Demo and tests set their own.
 */
export async function loadServerBuild() {
  process.env.NODE_ENV ||= "production";
  if (!fs.existsSync(SERVER_BUILD)) {
    console.error("stageline: no build found at build/server/index.js; run `npm run build` first.");
    process.exit(1);
  }
  try {
    return await import(pathToFileURL(SERVER_BUILD).href);
  } catch (caught) {
    const error = /** @type {Error} */ (caught);
    if (error?.name === "EnvError") {
      console.error(`stageline: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
}
