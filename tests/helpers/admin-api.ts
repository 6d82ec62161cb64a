// The Admin API double for a test file: started before its tests, Shopify's Admin GraphQL routed
// to it (operations without a mock of their own), stopped after.
import { afterAll, beforeAll } from "vitest";
import { AdminApiDouble } from "./admin-api-double";
import { routeAdminApiTo } from "./shopify-mock";

export function useAdminApiDouble(): AdminApiDouble {
  const double = new AdminApiDouble();
  beforeAll(async () => {
    await double.start();
    routeAdminApiTo(double.url);
  });
  afterAll(async () => {
    routeAdminApiTo(null);
    await double.stop();
  });
  return double;
}
