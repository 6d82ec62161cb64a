import { clientOr, type Client } from "./client.server";

export function deleteShopSessions(shop: string, client?: Client) {
  return clientOr(client).session.deleteMany({ where: { shop } });
}

export function updateShopSessionScopes(shop: string, scope: string, client?: Client) {
  return clientOr(client).session.updateMany({ where: { shop }, data: { scope } });
}
