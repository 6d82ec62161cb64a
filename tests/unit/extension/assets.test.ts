// Budget and safety rules for the extension's storefront assets (SPEC §5, §9).
import fs from "node:fs";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { CSS_FILE, JS_FILE, blockSource, i18nIsland, renderBlock } from "./extension";

const js = fs.readFileSync(JS_FILE, "utf8");
const css = fs.readFileSync(CSS_FILE, "utf8");

describe("assets/order-lookup.js", () => {
  it("stays within 10 KB gzipped", () => {
    const gzipped = gzipSync(Buffer.from(js), { level: 9 }).length;
    console.info(`order-lookup.js: ${Buffer.byteLength(js)} B, ${gzipped} B gzipped`);
    expect(gzipped).toBeLessThanOrEqual(10240);
  });

  it("references no remote hosts", () => {
    expect(js).not.toMatch(/https?:\/\//i);
    expect(js).not.toMatch(/["'`]\/\/[a-z0-9]/i); // protocol-relative URLs
    expect(js).not.toMatch(
      /\bimport\s*\(|\bimportScripts\b|new\s+WebSocket|EventSource|sendBeacon/,
    );
  });

  it("never parses markup from data", () => {
    expect(js).not.toMatch(
      /innerHTML|outerHTML|insertAdjacentHTML|document\.write|createContextualFragment|DOMParser/,
    );
    expect(js).not.toMatch(/\beval\s*\(|new\s+Function\b/);
  });

  it("builds no storefront path itself: the endpoint comes from data-endpoint", () => {
    expect(js).not.toMatch(/apps\/order-status|order-status/);
    expect(js).toMatch(/getAttribute\("data-endpoint"\)/);
  });

  it("only uses strings the block's JSON island provides", () => {
    const used = [...new Set([...js.matchAll(/\bt\.(\w+)/g)].map((match) => match[1]))].sort();
    const island = i18nIsland(renderBlock());
    expect(used.length).toBeGreaterThan(15);
    expect(used.filter((key) => !(key in island))).toEqual([]);
    expect(Object.keys(island).filter((key) => !used.includes(key))).toEqual([]);
  });
});

describe("assets/order-lookup.css", () => {
  it("loads nothing remote", () => {
    expect(css).not.toMatch(/https?:\/\//i);
    expect(css).not.toMatch(/@import|url\s*\(/i);
  });

  it("scopes every rule under .stageline-lookup (the root or its own __element classes)", () => {
    const withoutComments = css.replace(/\/\*[\s\S]*?\*\//g, "");
    const selectors = [...withoutComments.matchAll(/(^|[}{;])\s*([^{}@;]+?)\s*\{/g)]
      .map((match) => match[2].trim())
      .filter((selector) => !/^(from|to|\d+%)$/.test(selector));
    expect(selectors.length).toBeGreaterThan(20);
    for (const group of selectors) {
      for (const selector of group.split(","))
        expect(selector.trim(), group).toMatch(/^\.stageline-lookup(__[\w-]+)?(?![\w-])/);
    }
  });

  it("reserves space, shows focus, respects reduced motion and uses the accent variable", () => {
    expect(css).toMatch(/\.stageline-lookup\s*\{[^}]*min-height/);
    expect(css).toMatch(/\.stageline-lookup__output\s*\{[^}]*min-height: var\(--sl-result-h\)/);
    expect(css).toMatch(/\.stageline-lookup__result\s*\{[^}]*min-height: var\(--sl-result-h\)/);
    expect(css).toMatch(/:focus-visible/);
    expect(css).toMatch(/@media \(prefers-reduced-motion: reduce\)/);
    expect(css).toMatch(/var\(--stageline-accent/);
  });

  it("is the stylesheet the block loads, next to the deferred script", () => {
    const source = blockSource();
    expect(source).toContain("{{ 'order-lookup.css' | asset_url | stylesheet_tag }}");
    expect(source).toContain(`<script src="{{ 'order-lookup.js' | asset_url }}" defer></script>`);
  });
});
