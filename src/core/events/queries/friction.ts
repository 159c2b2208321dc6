/**
 * Friction: events that are errors — `error` in the css, the event name or a `type` column, or the configured
 * matcher — grouped by message (the `text` where there is one, else the event name or css) and path. For each: the
 * sessions and users that saw it, how many of those sessions completed the funnel (session unit, same steps, window
 * and order), and the completion rate of the sessions that did not see it.
 */
import type { SqlEngine } from '../engine';
import { ident } from '../sql';
import type { Condition, DatasetInfo, FrictionRow, FunnelDefinition } from '../types';
import { buildFunnelUnits, type FunnelReadOptions } from './funnelUnits';
import { conditionsSql } from './stepMatch';
import { UNIT_KEYS } from './unitKeys';

const MAX_ROWS = 50;

export function errorPredicate(info: DatasetInfo, matcher: Condition[] | null): string | null {
  const names = new Set(info.columns.map((c) => c.name));
  const parts: string[] = [];
  for (const col of ['css', 'type'])
    if (names.has(col)) parts.push(`coalesce(contains(lower(CAST(${ident(col)} AS VARCHAR)), 'error'), false)`);
  parts.push(`coalesce(contains(lower(event), 'error'), false)`);
  if (matcher?.length) parts.push(conditionsSql(matcher, info));
  return parts.length ? `(${parts.join(' OR ')})` : null;
}

/** The SQL of an error event's message and of the page it was on; friction rows and their drill-down share them. */
export function frictionColumnsSql(info: DatasetInfo): { message: string; path: string } {
  const names = new Set(info.columns.map((c) => c.name));
  const message = names.has('text')
    ? `coalesce(CAST("text" AS VARCHAR), event, ${names.has('css') ? 'CAST(css AS VARCHAR)' : 'page'})`
    : names.has('message')
      ? 'CAST(message AS VARCHAR)'
      : `coalesce(event, page)`;
  // The page an error was on; a log without pages has none (its `page` is only the event name again).
  const path = names.has('path') ? 'CAST("path" AS VARCHAR)' : 'CASE WHEN page IS DISTINCT FROM event THEN page END';
  return { message, path };
}

export async function computeFriction(
  engine: SqlEngine,
  info: DatasetInfo,
  def: FunnelDefinition | null,
  matcher: Condition[] | null,
  /** How to read the steps (a report shares its funnel's read). */
  read: FunnelReadOptions = {},
): Promise<FrictionRow[]> {
  const pred = errorPredicate(info, matcher);
  if (!pred) return [];
  const { message, path } = frictionColumnsSql(info);
  let done = 'SELECT NULL::VARCHAR AS session_id WHERE false';
  if (def && def.steps.length) {
    await buildFunnelUnits(engine, info, { ...def, unit: 'session', by: null }, 'friction_units', true, read);
    done = 'SELECT unit AS session_id FROM friction_units';
  }
  const rows = await engine.all<{
    message: string;
    path: string | null;
    sessions: number;
    users: number;
    converted: number;
    total: number;
    totalDone: number;
  }>(
    `WITH err AS (SELECT DISTINCT ${message} AS message, ${path} AS path, session_id, user_id FROM events WHERE ${pred}),
          done AS (${done}),
          tot AS (SELECT (SELECT count(*) FROM ${UNIT_KEYS.session.table})::BIGINT AS total, (SELECT count(*) FROM done)::BIGINT AS totalDone)
     SELECT coalesce(message, '(no message)') AS message, path, count(DISTINCT session_id)::BIGINT AS sessions, count(DISTINCT user_id)::BIGINT AS users,
            count(DISTINCT session_id) FILTER (WHERE session_id IN (SELECT session_id FROM done))::BIGINT AS converted,
            any_value(tot.total) AS total, any_value(tot.totalDone) AS totalDone
     FROM err, tot GROUP BY 1, 2 ORDER BY sessions DESC, message, path LIMIT ${MAX_ROWS}`,
  );
  await engine.run('DROP TABLE IF EXISTS friction_units');
  return rows.map((r) => ({
    message: r.message,
    path: r.path,
    sessions: r.sessions,
    users: r.users,
    converted: r.converted,
    conversionRate: r.sessions ? r.converted / r.sessions : 0,
    baselineConversionRate: r.total - r.sessions > 0 ? (r.totalDone - r.converted) / (r.total - r.sessions) : 0,
  }));
}
