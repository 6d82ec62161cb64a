import { z } from "zod";
import type { AdminOperation } from "../admin-graphql.server";

const document = `#graphql
  mutation BulkOperationRunQuery($query: String!) {
    bulkOperationRunQuery(query: $query) {
      bulkOperation {
        id
        status
        createdAt
      }
      userErrors {
        field
        message
      }
    }
  }
`;

const result = z.object({
  bulkOperationRunQuery: z.object({
    bulkOperation: z
      .object({ id: z.string(), status: z.string(), createdAt: z.string() })
      .nullable(),
    userErrors: z.array(z.object({ field: z.array(z.string()).nullable(), message: z.string() })),
  }),
});

/** Starts a bulk query (its document is the `query` variable, e.g. BACKFILL_ORDERS). */
export const BULK_OPERATION_RUN_QUERY: AdminOperation<{ query: string }, z.infer<typeof result>> = {
  name: "BulkOperationRunQuery",
  document,
  result,
};
