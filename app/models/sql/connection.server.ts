// Prepared statements on the driver, written once for both databases, for the paths that run
// for every request (docs/decisions/005, 007, 009): no Prisma query compilation per call.
//
// Statements use `$1`-style parameters and double-quoted names; where the dialects differ a
// statement carries one text per database. Values go in as JS values (Date, boolean) and rows
// come back as the driver reads them: read times with `toDate` and flags with `toBool`.
//
// A transaction is written once, as a generator that yields its statements (`all`, `run` below)
// and gets each result back: SQLite drives it synchronously inside BEGIN IMMEDIATE (the write
// lock is never held across an await), PostgreSQL drives it with awaits on one pooled client.
import type { Statement } from "better-sqlite3";
import type pg from "pg";
import { currentProvider, postgresPool, sqliteDatabase, type DatabaseProvider } from "~/db.server";
import { pgTime, utcTimestamps } from "./postgresql.server";
import { readSqliteTime, sqliteTime, whenUnlocked, type SqliteDatabase } from "./sqlite.server";

export type Sql =
  { name: string; text: string } | { name: string; sqlite: string; postgresql: string };

export type SqlValue = string | number | boolean | Date | null;

export interface SqlConnection {
  readonly provider: DatabaseProvider;
  /** The rows a statement returns (SELECT, or a write with RETURNING). */
  all<T>(sql: Sql, values: readonly SqlValue[]): Promise<T[]>;
  /** Runs a write; resolves to the number of rows it changed. */
  run(sql: Sql, values: readonly SqlValue[]): Promise<number>;
  /**
   * Runs `body` in one transaction (committed when it returns, rolled back when it throws).
   * `body` is called again when SQLite's write lock was busy, so it must not have side effects
   * outside the statements it yields.
   */
  transaction<R>(body: () => TransactionBody<R>): Promise<R>;
}

/** One statement of a transaction body: its rows, or the number of rows it changed. */
export type SqlStep =
  | { kind: "all"; sql: Sql; values: readonly SqlValue[] }
  | { kind: "run"; sql: Sql; values: readonly SqlValue[] };

export type TransactionBody<R> = Generator<SqlStep, R, unknown>;

/** In a transaction body: `const rows = yield* all<Row>(STATEMENT, [shop])`. */
export function* all<T>(sql: Sql, values: readonly SqlValue[]): Generator<SqlStep, T[], unknown> {
  return (yield { kind: "all", sql, values }) as T[];
}

/** In a transaction body: `const changed = yield* run(STATEMENT, [shop])`. */
export function* run(sql: Sql, values: readonly SqlValue[]): Generator<SqlStep, number, unknown> {
  return (yield { kind: "run", sql, values }) as number;
}

function textFor(sql: Sql, provider: DatabaseProvider): string {
  return "text" in sql ? sql.text : sql[provider];
}

/** A DateTime column as read from either driver. */
export function toDate(value: unknown): Date | null {
  return value instanceof Date ? value : readSqliteTime(value);
}

/** A Boolean column as read from either driver (SQLite stores 0 and 1). */
export function toBool(value: unknown): boolean {
  return value === true || value === 1;
}

class SqliteConnection implements SqlConnection {
  readonly provider = "sqlite" as const;
  private readonly statements = new Map<
    string,
    { statement: Statement<unknown[]>; order: number[]; source: string }
  >();

  constructor(private readonly database: SqliteDatabase) {}

  private prepared(sql: Sql) {
    const source = textFor(sql, "sqlite");
    let entry = this.statements.get(sql.name);
    // A different text under a known name: the code changed (a dev-server reload); prepare anew.
    if (!entry || entry.source !== source) {
      // better-sqlite3 binds anonymous `?` in order: `$n` becomes `?` and picks value n.
      const order: number[] = [];
      const text = source.replace(/\$(\d+)/g, (_, n: string) => {
        order.push(Number(n) - 1);
        return "?";
      });
      entry = { statement: this.database.prepare<unknown[]>(text), order, source };
      this.statements.set(sql.name, entry);
    }
    return entry;
  }

  private bind(order: number[], values: readonly SqlValue[]) {
    return order.map((i) => {
      const value = values[i];
      if (value instanceof Date) return sqliteTime(value);
      if (typeof value === "boolean") return value ? 1 : 0;
      return value ?? null;
    });
  }

  private allNow<T>(sql: Sql, values: readonly SqlValue[]): T[] {
    const { statement, order } = this.prepared(sql);
    return statement.all(...this.bind(order, values)) as T[];
  }

  private runNow(sql: Sql, values: readonly SqlValue[]): number {
    const { statement, order } = this.prepared(sql);
    return statement.run(...this.bind(order, values)).changes;
  }

  all<T>(sql: Sql, values: readonly SqlValue[]): Promise<T[]> {
    return whenUnlocked(() => this.allNow<T>(sql, values));
  }

  run(sql: Sql, values: readonly SqlValue[]): Promise<number> {
    return whenUnlocked(() => this.runNow(sql, values));
  }

  private wrapped?: ReturnType<typeof this.database.transaction<(drive: () => unknown) => unknown>>;

  transaction<R>(body: () => TransactionBody<R>): Promise<R> {
    const wrapped = (this.wrapped ??= this.database.transaction((drive: () => unknown) => drive()));
    const drive = (): R => {
      const steps = body();
      let step = steps.next();
      while (!step.done) {
        const { kind, sql, values } = step.value;
        step = steps.next(kind === "all" ? this.allNow(sql, values) : this.runNow(sql, values));
      }
      return step.value;
    };
    return whenUnlocked(() => wrapped.immediate(drive) as R);
  }
}

class PostgresConnection implements SqlConnection {
  readonly provider = "postgresql" as const;

  constructor(private readonly pool: pg.Pool) {}

  private query(sql: Sql, values: readonly SqlValue[], on: pg.Pool | pg.PoolClient = this.pool) {
    return on.query({
      name: `stageline_${sql.name}`,
      text: textFor(sql, "postgresql"),
      values: values.map((v) => (v instanceof Date ? pgTime(v) : v)),
      types: utcTimestamps,
    });
  }

  async all<T>(sql: Sql, values: readonly SqlValue[]): Promise<T[]> {
    return (await this.query(sql, values)).rows as T[];
  }

  async run(sql: Sql, values: readonly SqlValue[]): Promise<number> {
    return (await this.query(sql, values)).rowCount ?? 0;
  }

  async transaction<R>(body: () => TransactionBody<R>): Promise<R> {
    const client = await this.pool.connect();
    try {
      await client.query("BEGIN");
      const steps = body();
      let step = steps.next();
      while (!step.done) {
        const { kind, sql, values } = step.value;
        const result = await this.query(sql, values, client);
        step = steps.next(kind === "all" ? result.rows : (result.rowCount ?? 0));
      }
      await client.query("COMMIT");
      client.release();
      return step.value;
    } catch (error) {
      try {
        await client.query("ROLLBACK");
        client.release();
      } catch {
        // The connection itself failed: drop it from the pool.
        client.release(true);
      }
      throw error;
    }
  }
}

declare global {
  // One per connection; survives dev-server module reloads with the connection.
  var __stagelineSql: { owner: object; connection: SqlConnection } | undefined;
}

function cachedFor(owner: object, open: () => SqlConnection): SqlConnection {
  const cached = globalThis.__stagelineSql;
  if (cached?.owner === owner) return cached.connection;
  globalThis.__stagelineSql = { owner, connection: open() };
  return globalThis.__stagelineSql.connection;
}

/** The statement runner for the configured DATABASE_URL. */
export function sql(): SqlConnection {
  if (currentProvider() === "postgresql") {
    const pool = postgresPool();
    return cachedFor(pool, () => new PostgresConnection(pool));
  }
  const database = sqliteDatabase();
  return cachedFor(database, () => new SqliteConnection(database));
}
