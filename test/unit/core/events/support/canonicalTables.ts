/**
 * Builds the canonical `events` / `users` / `products` tables (src/core/events/types.ts) straight from JS rows or
 * from the real page-sequence sample, so the analyses are tested without the ingest (another module's job); the
 * unit keys (queries/unitKeys.ts) are built after `events`, as ingest does.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { SqlEngine } from '../../../../../src/core/events/engine';
import { buildUnitKeys } from '../../../../../src/core/events/queries/unitKeys';
import { ident, lit } from '../../../../../src/core/events/sql';
import { CANONICAL_COLUMNS, type DatasetInfo } from '../../../../../src/core/events/types';

export interface EventRow {
  user_id: string;
  session_id: string;
  /** ISO time in UTC, or omitted for a layout without time. */
  ts?: string | null;
  event?: string | null;
  page?: string | null;
  revenue?: number | null;
  /** Property columns (category, subscription_type …): strings become VARCHAR, numbers DOUBLE. */
  [property: string]: string | number | null | undefined;
}

const CANONICAL = ['user_id', 'session_id', 'ts', 'event', 'page', 'revenue'];

function sqlValue(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number') return String(value);
  return lit(value);
}

async function createTable(
  engine: SqlEngine,
  name: string,
  rows: Record<string, string | number | null | undefined>[],
  types: Record<string, string>,
): Promise<void> {
  const columns = Object.keys(types);
  const select = columns.map((c) => `CAST(${ident(c)} AS ${types[c]}) AS ${ident(c)}`).join(', ');
  if (rows.length === 0) {
    await engine.run(
      `CREATE OR REPLACE TABLE ${ident(name)} AS SELECT ${columns.map((c) => `CAST(NULL AS ${types[c]}) AS ${ident(c)}`).join(', ')} LIMIT 0`,
    );
    return;
  }
  const values = rows.map((r) => `(${columns.map((c) => sqlValue(r[c])).join(', ')})`).join(',\n');
  await engine.run(
    `CREATE OR REPLACE TABLE ${ident(name)} AS SELECT ${select} FROM (VALUES ${values}) AS v(${columns.map(ident).join(', ')})`,
  );
}

function propertyTypes(rows: Record<string, unknown>[], skip: string[]): Record<string, string> {
  const types: Record<string, string> = {};
  for (const row of rows) {
    for (const [k, v] of Object.entries(row)) {
      if (skip.includes(k) || v === null || v === undefined) continue;
      types[k] ??= typeof v === 'number' ? 'DOUBLE' : 'VARCHAR';
    }
  }
  return types;
}

/**
 * `events` from rows given in each user's order: `row_id` is the position in `rows`, `seq` numbers a user's rows
 * by ts (NULL last), then row_id, the ordering ingest promises.
 */
export async function createEvents(engine: SqlEngine, rows: EventRow[]): Promise<void> {
  const props = propertyTypes(rows, CANONICAL);
  const withIds = rows.map((r, i) => ({ ...r, row_id: i + 1, file: 'events.csv', line: i + 2 }));
  await createTable(engine, 'events_raw', withIds, {
    row_id: 'BIGINT',
    file: 'VARCHAR',
    line: 'BIGINT',
    user_id: 'VARCHAR',
    session_id: 'VARCHAR',
    ts: 'TIMESTAMP',
    event: 'VARCHAR',
    page: 'VARCHAR',
    revenue: 'DOUBLE',
    ...props,
  });
  await engine.run(`CREATE OR REPLACE TABLE events AS
    SELECT row_id, file, line, user_id, session_id, ts,
           row_number() OVER (PARTITION BY user_id ORDER BY ts NULLS LAST, row_id) AS seq,
           event, page, revenue ${Object.keys(props)
             .map((p) => `, ${ident(p)}`)
             .join('')}
    FROM events_raw`);
  await engine.run('DROP TABLE events_raw');
  await buildUnitKeys(engine);
}

export async function createUsers(engine: SqlEngine, rows: Record<string, string | number | null>[]): Promise<void> {
  await createTable(engine, 'users', rows, { user_id: 'VARCHAR', ...propertyTypes(rows, ['user_id']) });
}

/** What ingest would report about the tables now in `engine`. */
export async function datasetInfo(engine: SqlEngine, overrides: Partial<DatasetInfo> = {}): Promise<DatasetInfo> {
  const columnsOf = async (table: string) =>
    await engine.all<{ name: string; type: string }>(
      `SELECT column_name AS name, data_type AS type FROM information_schema.columns WHERE table_name = ${lit(table)} ORDER BY ordinal_position`,
    );
  const eventColumns = await columnsOf('events');
  const userColumns = await columnsOf('users');
  const products = await columnsOf('products');
  const [stats] = await engine.all<{ n_ts: number; n_rev: number; lo: string | null; hi: string | null }>(
    'SELECT count(ts) AS n_ts, count(revenue) AS n_rev, min(ts) AS lo, max(ts) AS hi FROM events',
  );
  const canonical = new Set(CANONICAL_COLUMNS);
  return {
    sources: [],
    columns: eventColumns.filter((c) => !canonical.has(c.name)),
    userColumns,
    hasTime: stats.n_ts > 0,
    hasRevenue: stats.n_rev > 0,
    hasUsersTable: userColumns.length > 0,
    hasProductsTable: products.length > 0,
    visitEvent: null,
    timeRange: stats.lo && stats.hi ? { from: stats.lo, to: stats.hi } : null,
    ...overrides,
  };
}

/** The real samples live beside the repo (`../shared/real-events`); a worktree elsewhere may point at them with JOURNEY_LENS_SHARED. */
export function realEventsDir(): string {
  const base = process.env.JOURNEY_LENS_SHARED ?? path.resolve(__dirname, '../../../../../../shared');
  return path.join(base, 'real-events');
}

export function hasRealEvents(): boolean {
  return existsSync(path.join(realEventsDir(), 'user_journey_raw.sample.csv'));
}

/**
 * The page-sequence sample in the canonical shape, by our own SQL (not the ingest's): one event per page of
 * `user_journey` split on '-', `seq` by session id (numeric; ids increase with time) then position, `ts` NULL.
 */
export async function loadPageSequences(engine: SqlEngine, file: string): Promise<void> {
  await engine.run(`CREATE OR REPLACE TABLE events AS
    WITH sessions AS (
      SELECT CAST(user_id AS VARCHAR) AS user_id, CAST(session_id AS VARCHAR) AS session_id,
             CAST(session_id AS BIGINT) AS session_order, subscription_type,
             string_split(user_journey, '-') AS pages, row_number() OVER () AS line
      FROM read_csv(${lit(file)}, header = true, all_varchar = true)
    ), pages AS (
      SELECT user_id, session_id, session_order, subscription_type, line,
             unnest(pages) AS page, generate_subscripts(pages, 1) AS pos
      FROM sessions
    )
    SELECT row_number() OVER (ORDER BY line, pos) AS row_id, ${lit(path.basename(file))} AS file, line + 1 AS line,
           user_id, session_id, CAST(NULL AS TIMESTAMP) AS ts,
           row_number() OVER (PARTITION BY user_id ORDER BY session_order, pos) AS seq,
           CAST(NULL AS VARCHAR) AS event, page, CAST(NULL AS DOUBLE) AS revenue, subscription_type
    FROM pages`);
  await buildUnitKeys(engine);
}
