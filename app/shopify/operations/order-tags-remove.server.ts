import { z } from "zod";
import type { AdminOperation } from "../admin-graphql.server";
import { userErrors } from "./write-back-shared";

const document = `#graphql
  mutation OrderTagsRemove($id: ID!, $tags: [String!]!) {
    tagsRemove(id: $id, tags: $tags) {
      userErrors {
        field
        message
      }
    }
  }
`;

const result = z.object({ tagsRemove: z.object({ userErrors }).nullable() });

/** Removes tags from an order (tags it does not have are ignored). */
export const ORDER_TAGS_REMOVE: AdminOperation<
  { id: string; tags: string[] },
  z.infer<typeof result>
> = { name: "OrderTagsRemove", document, result };
