/**
 * Small integer keys for users and sessions, built once per load: window functions and ASOF joins that partition
 * by an INTEGER instead of the VARCHAR id run about 2–3× faster on 1.9M events (measured on the funnel), and a
 * query joins the key back to the id only for its few result rows. Keys are an identity, not an order: never sort
 * by them where the ids' order matters.
 */
import type { SqlEngine } from '../engine';
import type { FunnelUnit } from '../types';

export interface UnitKeys {
  /** The keys table: `id` column (as in events) → `uk` INTEGER. */
  table: string;
  /** The id column in `events` and in the keys table. */
  column: 'user_id' | 'session_id';
}

export const UNIT_KEYS: Record<FunnelUnit, UnitKeys> = {
  user: { table: 'jl_user_keys', column: 'user_id' },
  session: { table: 'jl_session_keys', column: 'session_id' },
};

/**
 * (Re)builds both keys tables from the loaded `events`; ingest calls it after every load. Ordinary tables, not TEMP:
 * sections running on connections of their own (SqlEngine.fork) must see them as they see `events`.
 */
export async function buildUnitKeys(engine: SqlEngine): Promise<void> {
  for (const k of Object.values(UNIT_KEYS)) {
    await engine.run(
      `CREATE OR REPLACE TABLE ${k.table} AS SELECT ${k.column}, CAST(row_number() OVER () AS INTEGER) AS uk
       FROM (SELECT DISTINCT ${k.column} FROM events)`,
    );
  }
}
