import { z } from "zod";
import type { AdminOperation } from "../admin-graphql.server";
import { userErrors } from "./write-back-shared";

const document = `#graphql
  mutation OrderTagsAdd($id: ID!, $tags: [String!]!) {
    tagsAdd(id: $id, tags: $tags) {
      userErrors {
        field
        message
      }
    }
  }
`;

const result = z.object({ tagsAdd: z.object({ userErrors }).nullable() });

/** Adds tags to an order (a tag it has already is not added twice). */
export const ORDER_TAGS_ADD: AdminOperation<
  { id: string; tags: string[] },
  z.infer<typeof result>
> = { name: "OrderTagsAdd", document, result };
