// Runs assets/order-lookup.js against the block's rendered markup in a small fake DOM, with a
// stubbed fetch answering from a queue of replies.
import fs from "node:fs";
import { expect, vi } from "vitest";
import { JS_FILE, type Json, type RenderOptions, renderBlock } from "./extension";
import { FakeDocument, type FakeElement, event, parseHtml } from "./fake-dom";

const script = fs.readFileSync(JS_FILE, "utf8");

export type FetchCall = { url: string; init: RequestInit & { headers?: Record<string, string> } };
export type Reply = Response | Error | (() => Promise<Response>);

export function json(body: Json, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json", ...headers },
  });
}

export const flush = async () => {
  for (let i = 0; i < 10; i++) await new Promise((resolve) => setTimeout(resolve, 0));
};

/** Renders `blocks` block(s) into a fresh document and runs the script once. */
export function mount(
  options: { blocks?: RenderOptions[]; lang?: string; replies?: Reply[] } = {},
) {
  const doc = new FakeDocument(options.lang ?? "en");
  for (const block of options.blocks ?? [{}]) parseHtml(doc, renderBlock(block));
  const calls: FetchCall[] = [];
  const replies = [...(options.replies ?? [])];
  const fetch = vi.fn(async (url: string, init: FetchCall["init"] = {}) => {
    calls.push({ url, init });
    const reply = replies.shift();
    if (!reply) throw new Error(`unexpected request ${url}`);
    if (reply instanceof Error) throw reply;
    return typeof reply === "function" ? reply() : reply;
  });
  const window: Record<string, unknown> = {};
  new Function("window", "document", "fetch", script)(window, doc, fetch);
  const roots = doc.querySelectorAll("[data-stageline-lookup]");
  const root = roots[0];
  const $ = (selector: string, scope: FakeElement = root) => scope.querySelector(selector)!;
  const submit = (order: string, contact: string, scope: FakeElement = root) => {
    const form = $("[data-stageline-form]", scope);
    $('[name="order"]', scope).value = order;
    ($('[name="email"]', scope) ?? $('[name="phone"]', scope)).value = contact;
    const submitEvent = event("submit", form);
    form.dispatchEvent(submitEvent);
    expect(submitEvent.defaultPrevented).toBe(true);
  };
  return { doc, root, roots, calls, fetch, window, $, submit, replies };
}
