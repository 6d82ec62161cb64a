import { clientOr, type Client } from "./client.server";

export interface BulkOperationInput {
  operationGid: string;
  status: string;
  errorCode: string | null;
  type: string | null;
  completedAt: Date | null;
}

export function upsertBulkOperation(shop: string, input: BulkOperationInput, client?: Client) {
  const { operationGid, ...rest } = input;
  return clientOr(client).bulkOperation.upsert({
    where: { shop_operationGid: { shop, operationGid } },
    create: { shop, operationGid, ...rest },
    update: rest,
  });
}

export function findBulkOperation(shop: string, operationGid: string, client?: Client) {
  return clientOr(client).bulkOperation.findUnique({
    where: { shop_operationGid: { shop, operationGid } },
  });
}
