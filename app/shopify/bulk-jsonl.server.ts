// A bulk operation's JSONL result, streamed: one object per line, each connection's nodes on
// lines of their own right after their parent, linked by `__parentId`. Orders are assembled one
// at a time (an order is complete when the next one starts), so memory holds one order, never
// the file.
import readline from "node:readline";
import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";

export type BulkOrderLine =
  /** `endLine`: lines consumed up to and including this order (a resume point). */
  | { kind: "order"; order: Record<string, unknown>; endLine: number }
  | { kind: "error"; error: string; endLine: number };

type Node = Record<string, unknown>;

// Which list of the order a child line joins, by the type in its gid.
const CHILD_LISTS: Readonly<Record<string, string>> = {
  LineItem: "lineItems",
  FulfillmentOrder: "fulfillmentOrders",
  Return: "returns",
};

function gidType(id: unknown): string | null {
  return typeof id === "string" ? (/^gid:\/\/shopify\/(\w+)\//.exec(id)?.[1] ?? null) : null;
}

/** The lines of a response body (UTF-8 text, "\n" separated). */
export function bodyLines(body: ReadableStream<Uint8Array>): AsyncIterable<string> {
  const input = Readable.fromWeb(body as NodeReadableStream<Uint8Array>);
  return readline.createInterface({ input, crlfDelay: Infinity });
}

/**
 * Assembles orders from the lines of a BackfillOrders result. The first `skipLines` lines (an
 * earlier run's progress, always at an order boundary) are passed over without parsing.
 */
export async function* bulkOrders(
  lines: AsyncIterable<string>,
  skipLines = 0,
): AsyncGenerator<BulkOrderLine> {
  let lineNo = 0;
  let current: Node | null = null;
  let fulfillments = new Map<string, Node[]>();
  const start = (order: Node) => {
    const events = Array.isArray(order.fulfillmentEvents)
      ? (order.fulfillmentEvents as Node[])
      : [];
    fulfillments = new Map(events.map((f) => [String(f.id), []]));
    current = { ...order, lineItems: [], fulfillmentOrders: [], returns: [] };
  };
  const finish = (): Node | null => {
    if (!current) return null;
    const done: Node = current;
    done.fulfillmentEvents = [...fulfillments].map(([id, events]) => ({ id, events }));
    current = null;
    return done;
  };

  for await (const line of lines) {
    lineNo++;
    if (lineNo <= skipLines) continue;
    if (line.trim() === "") continue;
    let node: Node;
    try {
      node = JSON.parse(line) as Node;
    } catch {
      yield { kind: "error", error: `line ${lineNo}: not JSON`, endLine: lineNo };
      continue;
    }
    const parentId = node.__parentId;
    if (parentId === undefined) {
      const done = finish();
      if (done) yield { kind: "order", order: done, endLine: lineNo - 1 };
      start(node);
      continue;
    }
    delete node.__parentId;
    const orderNode = current as Node | null;
    const type = gidType(node.id);
    const list = type ? CHILD_LISTS[type] : undefined;
    if (orderNode && list && parentId === orderNode.id) {
      (orderNode[list] as Node[]).push(node);
    } else if (orderNode && type === "FulfillmentEvent" && fulfillments.has(String(parentId))) {
      fulfillments.get(String(parentId))!.push(node);
    } else {
      yield {
        kind: "error",
        error: `line ${lineNo}: ${String(node.id)} does not follow its parent ${String(parentId)}`,
        endLine: lineNo,
      };
    }
  }
  const done = finish();
  if (done) yield { kind: "order", order: done, endLine: lineNo };
}
