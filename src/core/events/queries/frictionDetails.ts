/**
 * Friction drill-down: the sessions that saw one error message on one path (as a friction row groups them), ordered
 * by session id, and the events of the `index`-th of them in order.
 */
import type { SqlEngine } from '../engine';
import { lit, num } from '../sql';
import type { Condition, DatasetInfo, StepDetails } from '../types';
import { errorPredicate, frictionColumnsSql } from './friction';
import { unitEvents } from './stepDetails';

/** Matches the protocol's FrictionDetails: a session's events, and which message and path it saw. */
export type FrictionSession = Omit<StepDetails, 'step'> & { message: string; path: string | null };

export async function frictionDetails(
  engine: SqlEngine,
  info: DatasetInfo,
  matcher: Condition[] | null,
  target: { message: string; path: string | null; index: number },
): Promise<FrictionSession | null> {
  const pred = errorPredicate(info, matcher);
  if (!pred) return null;
  const { message, path } = frictionColumnsSql(info);
  // The same grouping as computeFriction, whose rows say '(no message)' for a NULL message.
  const msg = `coalesce(${message}, '(no message)')`;
  const onPath = target.path === null ? `(${path}) IS NULL` : `(${path}) = ${lit(target.path)}`;
  const where = `${pred} AND ${msg} = ${lit(target.message)} AND ${onPath}`;
  const [{ total }] = await engine.all<{ total: number }>(
    `SELECT count(DISTINCT session_id)::BIGINT AS total FROM events WHERE ${where}`,
  );
  if (total === 0 || target.index < 0 || target.index >= total) return null;
  const [{ session }] = await engine.all<{ session: string }>(
    `SELECT DISTINCT session_id AS session FROM events WHERE ${where} ORDER BY 1 LIMIT 1 OFFSET ${num(Math.floor(target.index))}`,
  );
  return {
    unit: 'session',
    unitId: String(session),
    index: target.index,
    total,
    message: target.message,
    path: target.path,
    events: await unitEvents(engine, info, 'session', String(session)),
  };
}
