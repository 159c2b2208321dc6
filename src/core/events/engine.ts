/**
 * The SQL engine the event-log analyses run on. The core only sees this interface: DuckDB is behind it
 * (src/node/events/duckdbEngine.ts, the one module that imports @duckdb/node-api), so another dialect
 * (ClickHouse, for teams whose events already live there) can be added without touching the queries' callers.
 *
 * Values come back JSON-safe: integers of any width as `number` (BIGINT beyond 2^53 as string),
 * DECIMAL/DOUBLE as `number`, TIMESTAMP as an ISO-8601 string in UTC (`2025-02-06T09:25:02.000Z`),
 * DATE as the ISO string of its midnight UTC, LIST as arrays, STRUCT as objects, NULL as `null`.
 * Queries that need time arithmetic should select `epoch_ms(ts)` rather than parse the strings.
 */
export type SqlValue = string | number | boolean | null | SqlValue[] | { [key: string]: SqlValue };
export type SqlRow = Record<string, SqlValue>;

export interface SqlEngine {
  /** Statements that return no rows (CREATE, INSERT, SET). */
  run(sql: string): Promise<void>;
  /** A query's rows as plain objects keyed by column name. */
  all<T extends SqlRow = SqlRow>(sql: string): Promise<T[]>;
  close(): Promise<void>;
  /**
   * Another connection to the same database, where the engine has them: the same tables, TEMP tables of its own, and
   * queries that run at the same time as this connection's (DuckDB runs many of ours on one thread, so two connections
   * use both cores). Session settings (TimeZone) are the caller's to set. Close it when done.
   */
  fork?(): Promise<SqlEngine>;
}
