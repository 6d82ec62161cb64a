import { z } from "zod";
import type { AdminOperation } from "../admin-graphql.server";

const document = `#graphql
  query ShopIdentity {
    shop {
      name
      email
      contactEmail
      ianaTimezone
      currencyCode
      primaryDomain {
        host
        url
      }
    }
  }
`;

const result = z.object({
  shop: z.object({
    name: z.string(),
    email: z.string(),
    contactEmail: z.string(),
    ianaTimezone: z.string(),
    currencyCode: z.string(),
    primaryDomain: z.object({ host: z.string(), url: z.string() }),
  }),
});

export type ShopIdentityResult = z.infer<typeof result>;

/**
 * The shop's name, addresses, time zone, primary domain and currency: fields of `shop`, which
 * every access token may read. (Its languages are `shopLocales`, behind a scope of their own:
 * see shop-locales.server.ts.)
 */
export const SHOP_IDENTITY: AdminOperation<Record<string, never>, ShopIdentityResult> = {
  name: "ShopIdentity",
  document,
  result,
};
