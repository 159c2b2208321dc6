/**
 * Step details: the units that dropped at a step (reached the one before it, not it), ordered by id, and the events
 * of one of them in order with file and line — the drill-down behind "who dropped here".
 */
import type { SqlEngine } from '../engine';
import { ident, lit, num } from '../sql';
import {
  CANONICAL_COLUMNS,
  type DatasetInfo,
  type FunnelDefinition,
  type FunnelUnit,
  type StepDetails,
} from '../types';
import { buildFunnelUnits, type MatchCache } from './funnelUnits';

const MAX_EVENTS = 2000;

/** `step` is 2-based..k (the step they did not reach); `index` 0-based among the dropped units. */
export async function stepDetails(
  engine: SqlEngine,
  info: DatasetInfo,
  def: FunnelDefinition,
  step: number,
  index: number,
  matches?: MatchCache,
): Promise<StepDetails | null> {
  if (!Number.isInteger(step) || step < 2 || step > def.steps.length)
    throw new Error(`step must be 2..${def.steps.length} (step 1 drops no one)`);
  await buildFunnelUnits(engine, info, { ...def, by: null }, 'details_units', false, { cache: matches });
  const [{ total }] = await engine.all<{ total: number }>(
    `SELECT count(*)::BIGINT AS total FROM details_units WHERE reached = ${num(step - 1)}`,
  );
  if (total === 0 || index < 0 || index >= total) return null;
  const [{ unit }] = await engine.all<{ unit: string }>(
    `SELECT unit FROM details_units WHERE reached = ${num(step - 1)} ORDER BY unit LIMIT 1 OFFSET ${num(Math.floor(index))}`,
  );
  return {
    step,
    unit: def.unit,
    unitId: String(unit),
    index,
    total,
    events: await unitEvents(engine, info, def.unit, String(unit)),
  };
}

/** The events of one user or session in order (at most MAX_EVENTS), as the drill-downs show them. */
export async function unitEvents(
  engine: SqlEngine,
  info: DatasetInfo,
  unit: FunnelUnit,
  unitId: string,
): Promise<StepDetails['events']> {
  const key = unit === 'session' ? 'session_id' : 'user_id';
  const props = info.columns.map((c) => c.name);
  const rows = await engine.all(
    `SELECT row_id, file, line, ts, event, page${props.length ? `, ${props.map(ident).join(', ')}` : ''} FROM events
     WHERE ${key} = ${lit(unitId)} ORDER BY seq LIMIT ${MAX_EVENTS}`,
  );
  return rows.map((r) => ({
    rowId: Number(r.row_id),
    file: String(r.file),
    line: r.line === null ? null : Number(r.line),
    ts: (r.ts as string | null) ?? null,
    event: (r.event as string | null) ?? null,
    props: Object.fromEntries(
      [['page', r.page], ...props.filter((p) => !CANONICAL_COLUMNS.includes(p)).map((p) => [p, r[p]])].map(([k, v]) => [
        k as string,
        v === null || typeof v === 'number' || typeof v === 'string' ? v : JSON.stringify(v),
      ]),
    ) as Record<string, string | number | null>,
  }));
}
