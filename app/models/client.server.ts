import { db, type Tx } from "~/db.server";

/** A model function runs on the shared client unless handed a transaction. */
export type Client = Tx;

export function clientOr(client?: Client): Client {
  return client ?? db();
}

/** True for Prisma's unique-constraint violation (P2002). */
export function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === "P2002";
}
