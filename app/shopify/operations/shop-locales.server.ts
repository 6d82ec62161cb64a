import { z } from "zod";
import type { AdminOperation } from "../admin-graphql.server";

const document = `#graphql
  query ShopLocales {
    shopLocales(published: true) {
      locale
      primary
    }
  }
`;

const result = z.object({
  shopLocales: z.array(z.object({ locale: z.string(), primary: z.boolean() })),
});

export type ShopLocalesResult = z.infer<typeof result>;

/**
 * The shop's published languages, the primary one marked. Needs `read_locales` (or
 * `read_translations`), which Stageline does not ask for: without it Shopify answers
 * ACCESS_DENIED and the primary locale comes from the shop/update webhook instead.
 */
export const SHOP_LOCALES: AdminOperation<Record<string, never>, ShopLocalesResult> = {
  name: "ShopLocales",
  document,
  result,
};
