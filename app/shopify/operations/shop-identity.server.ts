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
    shopLocales(published: true) {
      locale
      primary
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
  shopLocales: z.array(z.object({ locale: z.string(), primary: z.boolean() })),
});

export type ShopIdentityResult = z.infer<typeof result>;

/** The shop's name, addresses, time zone, primary domain, currency and primary locale. */
export const SHOP_IDENTITY: AdminOperation<Record<string, never>, ShopIdentityResult> = {
  name: "ShopIdentity",
  document,
  result,
};
