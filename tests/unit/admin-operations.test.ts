// Every Admin GraphQL operation the app sends (app/shopify/operations, one per file) is valid
// against Shopify's Admin schema (tests/fixtures/shopify: the 2025-01 introspection; the fields
// used are unchanged in 2026-10), and is named as its file says.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parse } from "graphql";
import { describe, expect, it } from "vitest";
import { BACKFILL_ORDERS, backfillSearch } from "~/shopify/operations/backfill-orders.server";
import { updatedSinceSearch } from "~/shopify/operations/orders-updated-since.server";
import { validateAdminDocument } from "../helpers/admin-api-double";

const dir = path.resolve(import.meta.dirname, "../../app/shopify/operations");
const files = fs.readdirSync(dir).filter((f) => f.endsWith(".server.ts"));

async function documentsOf(file: string) {
  const module = (await import(pathToFileURL(path.join(dir, file)).href)) as Record<
    string,
    unknown
  >;
  const found: { name: string | null; document: string }[] = [];
  for (const value of Object.values(module)) {
    if (typeof value === "string" && value.includes("#graphql")) {
      found.push({ name: null, document: value });
    } else if (value && typeof value === "object" && "document" in value) {
      const op = value as { name: string; document: string };
      found.push({ name: op.name, document: op.document });
    }
  }
  return found;
}

function operationName(document: string): string | undefined {
  const op = parse(document).definitions.find((d) => d.kind === "OperationDefinition");
  return op?.kind === "OperationDefinition" ? op.name?.value : undefined;
}

describe("Admin GraphQL operations", () => {
  it("exist, one per file", () => {
    expect(files.length).toBeGreaterThanOrEqual(5);
  });

  it.each(files)("%s: one named operation, valid against the Admin schema", async (file) => {
    const documents = await documentsOf(file);
    expect(documents).toHaveLength(1);
    const [{ name, document }] = documents as [{ name: string | null; document: string }];
    expect(validateAdminDocument(document)).toEqual([]);
    const declared = operationName(document);
    expect(declared).toMatch(/^[A-Z]\w+$/);
    if (name) expect(declared).toBe(name);
  });

  it("the backfill's bulk query is valid with its search filled in", () => {
    const search = backfillSearch(new Date("2026-10-08T00:00:00Z"));
    const document = BACKFILL_ORDERS.withSearch(search);
    expect(document).toContain(`orders(query: ${JSON.stringify(search)})`);
    expect(validateAdminDocument(document)).toEqual([]);
  });

  it("finds errors: a field the schema does not have is reported", () => {
    expect(validateAdminDocument("query X { shop { noSuchField } }")).not.toEqual([]);
    expect(updatedSinceSearch(new Date("2026-01-01T00:00:00Z"))).toBe(
      "updated_at:>'2026-01-01T00:00:00.000Z'",
    );
  });
});
