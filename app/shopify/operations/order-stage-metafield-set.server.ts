import { z } from "zod";
import type { AdminOperation } from "../admin-graphql.server";
import { userErrors } from "./write-back-shared";

const document = `#graphql
  mutation OrderStageMetafieldSet($metafields: [MetafieldsSetInput!]!) {
    metafieldsSet(metafields: $metafields) {
      metafields {
        id
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`;

const result = z.object({ metafieldsSet: z.object({ userErrors }).nullable() });

interface MetafieldInput {
  ownerId: string;
  namespace: string;
  key: string;
  type: string;
  value: string;
}

/** Sets orders' stage metafield (idempotent: the same value again changes nothing). */
export const ORDER_STAGE_METAFIELD_SET: AdminOperation<
  { metafields: MetafieldInput[] },
  z.infer<typeof result>
> = { name: "OrderStageMetafieldSet", document, result };
