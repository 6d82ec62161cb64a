// PostgreSQL on the driver (pg): `timestamp(3)` columns hold UTC wall time, as Prisma writes it.
import pg from "pg";

const TIMESTAMP_OID = 1114;

/** timestamp(3) holds UTC wall time, as Prisma writes it: "2026-01-02 03:04:05.678". */
export function pgTime(date: Date): string {
  return date.toISOString().replace("T", " ").replace("Z", "");
}

export function pgValue(value: string | number | Date | null): string | number | null {
  return value instanceof Date ? pgTime(value) : (value ?? null);
}

function parseUtcTimestamp(text: string): Date {
  return new Date(`${text.replace(" ", "T")}Z`);
}

/** Query `types`: `timestamp` columns are read as UTC, whatever the process's time zone. */
export const utcTimestamps: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === TIMESTAMP_OID && format !== "binary"
      ? parseUtcTimestamp
      : pg.types.getTypeParser(oid, format as "text")) as pg.CustomTypesConfig["getTypeParser"],
};
