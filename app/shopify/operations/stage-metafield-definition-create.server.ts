import { z } from "zod";
import type { AdminOperation } from "../admin-graphql.server";
import { STAGE_METAFIELD, userErrors } from "./write-back-shared";

const document = `#graphql
  mutation StageMetafieldDefinitionCreate($definition: MetafieldDefinitionInput!) {
    metafieldDefinitionCreate(definition: $definition) {
      createdDefinition {
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

const result = z.object({
  metafieldDefinitionCreate: z
    .object({ createdDefinition: z.object({ id: z.string() }).nullable(), userErrors })
    .nullable(),
});

/** The definition that lets merchants see and filter orders by stage in Shopify admin. */
export const STAGE_METAFIELD_DEFINITION = {
  name: "Stage",
  description: "The order's stage in Stageline",
  namespace: STAGE_METAFIELD.namespace,
  key: STAGE_METAFIELD.key,
  ownerType: "ORDER",
  type: "single_line_text_field",
  capabilities: { adminFilterable: { enabled: true } },
} as const;

export const STAGE_METAFIELD_DEFINITION_CREATE: AdminOperation<
  { definition: typeof STAGE_METAFIELD_DEFINITION },
  z.infer<typeof result>
> = { name: "StageMetafieldDefinitionCreate", document, result };
