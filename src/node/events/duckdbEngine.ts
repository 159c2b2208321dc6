/**
 * The one module that talks to DuckDB (lint keeps it so). In the extension and the CLI it runs inside the
 * engine child process, so a native crash or an out-of-memory abort cannot take the extension host down;
 * tests may open it in-process.
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { SqlEngine, SqlRow, SqlValue } from '../../core/events/engine';
import { lit } from '../../core/events/sql';

export interface DuckDbOptions {
  /** e.g. '4GB'; DuckDB spills to `tempDirectory` beyond it instead of aborting. */
  memoryLimit?: string;
  tempDirectory?: string;
  threads?: number;
}

export async function openDuckDb(options: DuckDbOptions = {}): Promise<SqlEngine> {
  // Parquet and JSON are built in; extension auto-loading would try the network, which a user may not have.
  const config: Record<string, string> = {
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
  };
  if (options.memoryLimit) config.memory_limit = options.memoryLimit;
  if (options.threads) config.threads = String(options.threads);
  const instance = await DuckDBInstance.create(':memory:', config);
  const connection = await instance.connect();
  if (options.tempDirectory) await connection.run(`SET temp_directory = ${lit(options.tempDirectory)}`);
  return new DuckDbEngine(instance, connection);
}

class DuckDbEngine implements SqlEngine {
  constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
  ) {}

  async run(sql: string): Promise<void> {
    await this.connection.run(sql);
  }

  async all<T extends SqlRow = SqlRow>(sql: string): Promise<T[]> {
    const reader = await this.connection.runAndReadAll(sql);
    return reader.getRowObjectsJS().map((row) => toJsonSafe(row) as T);
  }

  async close(): Promise<void> {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

function toJsonSafe(value: unknown): SqlValue {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'bigint':
      return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER)
        ? Number(value)
        : value.toString();
    case 'number':
    case 'string':
    case 'boolean':
      return value;
    case 'object':
      if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
      if (Array.isArray(value)) return value.map(toJsonSafe);
      if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJsonSafe(v)]));
    default:
      return String(value);
  }
}
