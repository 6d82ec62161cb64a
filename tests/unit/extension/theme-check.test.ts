// Shopify's theme-check (the checks `shopify theme check` runs) over the theme app extension, with
// the theme-app-extension configuration that a shopify.extension.toml selects. It must report no
// error-severity offense (SPEC §5).
//
// theme-check refreshes its Liquid docs and JSON schemas from GitHub before running. To stay offline
// and deterministic the run is pointed (SHOPIFY_TLD_ROOT) at the copies bundled in
// @shopify/theme-check-docs-updater, and its download cache goes to a temporary directory.
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXTENSION_DIR } from "./extension";

type Offense = {
  check: string;
  message: string;
  uri: string;
  severity: number;
  start: { line: number };
};
type ThemeCheckNode = {
  themeCheckRun(
    root: string,
    configPath?: string,
  ): Promise<{
    theme: { uri: string }[];
    config: { context: string; checks: { meta: { code: string } }[] };
    offenses: Offense[];
  }>;
  Severity: { ERROR: number; WARNING: number; INFO: number };
};

const require = createRequire(import.meta.url);
let tmp: string;
let themeCheck: ThemeCheckNode;
const savedEnv = { root: process.env.SHOPIFY_TLD_ROOT, cache: process.env.XDG_CACHE_HOME };

function describeOffense(offense: Offense): string {
  const file = offense.uri.split("/").slice(-2).join("/");
  return `[${offense.severity}] ${offense.check} ${file}:${offense.start.line + 1} ${offense.message}`;
}

async function run(root: string) {
  const result = await themeCheck.themeCheckRun(root);
  const errors = result.offenses.filter(
    (offense) => offense.severity === themeCheck.Severity.ERROR,
  );
  return { ...result, errors };
}

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "stageline-theme-check-"));
  // Lay the bundled docs out the way theme-check expects them under SHOPIFY_TLD_ROOT:
  // data/<resource>.json, schemas/<manifest>.json and schemas/theme/<schema>.json.
  const fromThemeCheck = createRequire(require.resolve("@shopify/theme-check-node"));
  const bundled = path.join(
    path.dirname(fromThemeCheck.resolve("@shopify/theme-check-docs-updater/package.json")),
    "data",
  );
  const docs = path.join(tmp, "docs");
  fs.mkdirSync(path.join(docs, "schemas"), { recursive: true });
  fs.symlinkSync(bundled, path.join(docs, "data"));
  fs.symlinkSync(bundled, path.join(docs, "schemas/theme"));
  for (const file of fs.readdirSync(bundled)) {
    fs.symlinkSync(path.join(bundled, file), path.join(docs, "schemas", file));
  }
  process.env.SHOPIFY_TLD_ROOT = docs;
  process.env.XDG_CACHE_HOME = path.join(tmp, "cache");
  themeCheck = require("@shopify/theme-check-node") as ThemeCheckNode;
});

afterAll(() => {
  for (const [name, value] of [
    ["SHOPIFY_TLD_ROOT", savedEnv.root],
    ["XDG_CACHE_HOME", savedEnv.cache],
  ] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe("theme-check on extensions/order-lookup", () => {
  it("runs the theme app extension checks over every file and reports no errors", async () => {
    const { theme, config, offenses, errors } = await run(EXTENSION_DIR);

    // Not a vacuous pass: the app-extension configuration ran over the block and the locales.
    expect(config.context).toBe("app");
    expect(config.checks.map((check) => check.meta.code)).toEqual(
      expect.arrayContaining([
        "AppBlockValidTags",
        "AppBlockMissingSchema",
        "UnknownFilter",
        "TranslationKeyExists",
      ]),
    );
    const files = theme
      .map((file) => path.relative(EXTENSION_DIR, file.uri.replace(/^file:\/\//, "")))
      .sort();
    expect(files).toEqual([
      "blocks/order-lookup.liquid",
      "locales/en.default.json",
      "locales/en.default.schema.json",
      "locales/sv.json",
      "locales/sv.schema.json",
    ]);

    const report = offenses.map(describeOffense).join("\n");
    if (offenses.length) console.warn(`theme-check offenses:\n${report}`);
    expect(errors.map(describeOffense)).toEqual([]);
  });

  it("does report errors for a broken copy of the extension", async () => {
    const copy = path.join(tmp, "broken");
    fs.cpSync(EXTENSION_DIR, copy, { recursive: true });
    const block = path.join(copy, "blocks/order-lookup.liquid");
    fs.writeFileSync(
      block,
      fs
        .readFileSync(block, "utf8")
        .replace(
          '<h2 class="stageline-lookup__heading">',
          "<h2 class=\"stageline-lookup__heading\">{{ stageline_heading | no_such_filter }}{{ 'order_lookup.no_such_key' | t }}",
        ),
    );

    const { errors } = await run(copy);
    expect(errors.map((offense) => offense.check).sort()).toEqual([
      "TranslationKeyExists",
      "UnknownFilter",
    ]);
  });
});
