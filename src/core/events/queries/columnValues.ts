/**
 * The values a column has, most frequent first, for the funnel editor's autocompletion. The column must be one the
 * editor may build a condition on (an events column, canonical or property); anything else is refused by name.
 */
import type { SqlEngine } from '../engine';
import { ident, lit, num } from '../sql';
import type { DatasetInfo } from '../types';
import { conditionColumn } from './stepMatch';

const MAX_VALUE_LENGTH = 200;

export async function columnValues(
  engine: SqlEngine,
  info: DatasetInfo,
  column: string,
  prefix: string,
  limit: number,
): Promise<string[]> {
  // conditionColumn throws for a column the log does not have, and maps `event` to `page` in a log without events.
  const col = `CAST(${ident(conditionColumn({ column, op: '=', value: '' }, info))} AS VARCHAR)`;
  const where = prefix ? `AND starts_with(lower(${col}), ${lit(prefix.toLowerCase())})` : '';
  const rows = await engine.all<{ v: string }>(
    `SELECT ${col} AS v FROM events WHERE ${col} IS NOT NULL AND length(${col}) <= ${num(MAX_VALUE_LENGTH)} ${where}
     GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT ${num(Math.max(1, Math.min(500, Math.floor(limit))))}`,
  );
  return rows.map((r) => String(r.v));
}
