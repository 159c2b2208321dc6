/** A funnel step (or friction matcher) as a SQL predicate over `events`, every column and value escaped. */
import { ident, lit } from '../sql';
import type { Condition, DatasetInfo } from '../types';
import { EVENT_NAME_COLUMN } from './funnelDefinition';

const CANONICAL_TEXT = ['event', 'page', 'user_id', 'session_id', 'file'];

export function hasEventColumn(info: DatasetInfo): boolean {
  return info.sources.some((s) => s.table === 'events' && s.roles.event !== null);
}

/** The column a condition reads: an event-name step falls back to `page` when the log has no event column. */
export function conditionColumn(c: Condition, info: DatasetInfo): string {
  if (c.column === EVENT_NAME_COLUMN && !hasEventColumn(info)) return 'page';
  const known = [...CANONICAL_TEXT, 'revenue', 'ts', ...info.columns.map((x) => x.name)];
  if (!known.includes(c.column)) {
    const ci = known.find((k) => k.toLowerCase() === c.column.toLowerCase());
    if (ci) return ci;
    throw new Error(`funnel step column "${c.column}" is not in the log; columns: ${known.join(', ')}`);
  }
  return c.column;
}

/** `alias` qualifies the column (`e.`) where the query joins other tables. */
export function conditionSql(c: Condition, info: DatasetInfo, alias = ''): string {
  const col = `CAST(${alias}${ident(conditionColumn(c, info))} AS VARCHAR)`;
  const v = lit(c.value);
  switch (c.op) {
    case '=':
      return `(${col} = ${v})`;
    case '!=':
      return `(${col} IS DISTINCT FROM ${v})`;
    case '^=':
      return `coalesce(starts_with(${col}, ${v}), false)`;
    case '*=':
      return `coalesce(contains(${col}, ${v}), false)`;
    case '~=':
      return `coalesce(regexp_matches(${col}, ${v}), false)`;
  }
}

export function conditionsSql(conditions: Condition[], info: DatasetInfo, alias = ''): string {
  return `(${conditions.map((c) => conditionSql(c, info, alias)).join(' AND ')})`;
}
