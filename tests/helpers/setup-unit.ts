// Rules for every test: no network beyond loopback, no unexpected console.error.
import fc from "fast-check";
import { afterEach, beforeEach, vi } from "vitest";

// Property tests are reproducible: a fixed seed unless FC_SEED asks for another exploration.
fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 20261207) });

const realFetch = globalThis.fetch;

beforeEach(() => {
  vi.stubGlobal(
    "fetch",
    vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
      // Servers a test starts itself on loopback are allowed; nothing else is.
      if (/^http:\/\/(127\.0\.0\.1|localhost)[:/]/.test(url)) return realFetch(input, init);
      throw new Error(`Unmocked network request: ${url}`);
    }),
  );
  vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
    throw new Error(`console.error was called: ${args.map(String).join(" ")}`);
  });
});

afterEach(() => {
  vi.unstubAllGlobals();
  globalThis.fetch = realFetch;
});
