import { db } from "~/db.server";

/** A trivial round trip to the database. */
export async function pingDatabase() {
  await db().$queryRawUnsafe("SELECT 1");
}
