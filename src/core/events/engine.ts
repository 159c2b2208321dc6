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

/** A query's numeric columns, one typed array each, NaN where the value is NULL. */
export type NumericColumns = Record<string, Float64Array>;

export interface NumericColumn {
  name: string;
  type: 'INTEGER' | 'DOUBLE';
  /** NaN is written as NULL. */
  values: Float64Array;
}

export interface SqlEngine {
  /** Statements that return no rows (CREATE, INSERT, SET). */
  run(sql: string): Promise<void>;
  /** A query's rows as plain objects keyed by column name. */
  all<T extends SqlRow = SqlRow>(sql: string): Promise<T[]>;
  /**
   * A query whose columns are all numeric (integers, doubles, booleans), read column by column into typed arrays:
   * for the analyses that walk millions of rows in JavaScript (a funnel's attempts), where `all`'s row objects
   * would cost more than the query. Integers beyond 2^53 lose precision; select keys, not ids.
   */
  columns(sql: string): Promise<NumericColumns>;
  /** (Re)creates TEMP table `table` from equal-length typed arrays: the way such an analysis hands rows back. */
  insertColumns(table: string, columns: NumericColumn[]): Promise<void>;
  close(): Promise<void>;
  /**
   * Another connection to the same database, where the engine has them: the same tables, TEMP tables of its own, and
   * queries that run at the same time as this connection's (DuckDB runs many of ours on one thread, so two connections
   * use both cores). Session settings (TimeZone) are the caller's to set. Close it when done.
   */
  fork?(): Promise<SqlEngine>;
}
