import { z } from "zod";
import type { AdminOperation } from "../admin-graphql.server";

const document = `#graphql
  query BulkOperationStatus($id: ID!) {
    node(id: $id) {
      ... on BulkOperation {
        id
        status
        errorCode
        objectCount
        rootObjectCount
        url
        partialDataUrl
        createdAt
        completedAt
      }
    }
  }
`;

const bulkOperation = z.object({
  id: z.string(),
  status: z.string(),
  errorCode: z.string().nullable(),
  objectCount: z.union([z.string(), z.number()]).transform(Number),
  rootObjectCount: z.union([z.string(), z.number()]).transform(Number),
  url: z.string().nullable(),
  partialDataUrl: z.string().nullable(),
  createdAt: z.string(),
  completedAt: z.string().nullable(),
});

const result = z.object({ node: bulkOperation.nullable() });

export type BulkOperationState = z.infer<typeof bulkOperation>;

/** A bulk operation's status and, once completed, its JSONL result URL (polling fallback). */
export const BULK_OPERATION_STATUS: AdminOperation<{ id: string }, z.infer<typeof result>> = {
  name: "BulkOperationStatus",
  document,
  result,
};
