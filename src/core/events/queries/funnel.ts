/**
 * The funnel report: per step the units reaching it, conversion from the start and from the previous step, the
 * median time from the previous step, the units dropped there with a sample of their ids, an optional breakdown,
 * and a warning for a step that matches no event (naming the values its column has). Definitions: funnelUnits.ts.
 */
import type { SqlEngine } from '../engine';
import { ident, lit } from '../sql';
import type { DatasetInfo, FunnelDefinition, FunnelReport, FunnelStepDef, FunnelStepResult } from '../types';
import { buildFunnelUnits, UNITS_TABLE, type FunnelReadOptions } from './funnelUnits';
import { conditionColumn } from './stepMatch';

const SAMPLE = 10;
const MAX_GROUPS = 20;

export async function computeFunnel(
  engine: SqlEngine,
  info: DatasetInfo,
  def: FunnelDefinition,
  meta: { window: string | null; suggested: boolean } & FunnelReadOptions,
): Promise<FunnelReport> {
  const matched = await buildFunnelUnits(engine, info, def, UNITS_TABLE, false, meta);
  const steps = await stepResults(engine, def, undefined);
  let breakdown: FunnelReport['breakdown'] = null;
  if (def.by) {
    const groups = await engine.all<{ byv: string | null }>(
      `SELECT byv FROM ${UNITS_TABLE} GROUP BY byv ORDER BY count(*) DESC, byv NULLS LAST LIMIT ${MAX_GROUPS}`,
    );
    breakdown = { by: def.by, groups: [] };
    for (const g of groups)
      breakdown.groups.push({ value: g.byv ?? '(none)', steps: await stepResults(engine, def, g.byv) });
  }
  const warnings: string[] = [];
  for (let i = 0; i < def.steps.length; i++) {
    if (matched[i] > 0) continue;
    warnings.push(await nothingMatches(engine, info, def.steps[i], i + 1));
  }
  return {
    unit: def.unit,
    window: meta.window,
    order: def.order,
    suggested: meta.suggested,
    steps,
    breakdown,
    warnings,
  };
}

async function stepResults(
  engine: SqlEngine,
  def: FunnelDefinition,
  group: string | null | undefined,
): Promise<FunnelStepResult[]> {
  const where =
    group === undefined || !def.by ? '' : group === null ? 'WHERE byv IS NULL' : `WHERE byv = ${lit(group)}`;
  const k = def.steps.length;
  const idx = Array.from({ length: k }, (_, i) => i + 1);
  const [row] = await engine.all<Record<string, number | null>>(
    `SELECT ${idx
      .map(
        (i) =>
          `count(*) FILTER (WHERE reached >= ${i})::BIGINT AS c${i}` +
          (i > 1 ? `, median(t${i} - t${i - 1}) FILTER (WHERE reached >= ${i}) AS d${i}` : ''),
      )
      .join(', ')} FROM ${UNITS_TABLE} ${where}`,
  );
  const samples = await engine.all<{ reached: number; ids: string[] }>(
    `SELECT reached, list(unit ORDER BY unit) AS ids FROM (
       SELECT reached, unit, row_number() OVER (PARTITION BY reached ORDER BY unit) AS r FROM ${UNITS_TABLE} ${where}
     ) WHERE r <= ${SAMPLE} GROUP BY reached`,
  );
  const sampleAt = new Map(samples.map((s) => [s.reached, s.ids.map(String)]));
  const c = (i: number) => Number(row[`c${i}`] ?? 0);
  return def.steps.map((s, j) => {
    const i = j + 1;
    const count = c(i);
    const d = i > 1 ? row[`d${i}`] : null;
    return {
      name: s.name,
      match: s.match,
      count,
      conversionFromStart: c(1) ? count / c(1) : 0,
      conversionFromPrevious: i === 1 ? (count ? 1 : 0) : c(i - 1) ? count / c(i - 1) : 0,
      medianTimeFromPreviousMs: d === null || d === undefined ? null : Number(d),
      dropped: i === 1 ? 0 : c(i - 1) - count,
      droppedSample: i === 1 ? [] : (sampleAt.get(i - 1) ?? []),
    };
  });
}

async function nothingMatches(engine: SqlEngine, info: DatasetInfo, step: FunnelStepDef, n: number): Promise<string> {
  const column = conditionColumn(step.conditions[0], info);
  const values = await engine.all<{ v: string; n: number }>(
    `SELECT CAST(${ident(column)} AS VARCHAR) AS v, count(*)::BIGINT AS n FROM events WHERE ${ident(column)} IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 15`,
  );
  const list = values.map((v) => JSON.stringify(v.v)).join(', ');
  return `step ${n} "${step.name}" (${step.match}) matches no event; ${column} has ${values.length ? `values ${list}${values.length === 15 ? ', …' : ''}` : 'no values'}`;
}

/**
 * A funnel suggested from the data when none is given: event names (pages without an event column) reached by at
 * least 5% of users, ordered by their typical position (the median of their relative position within a session),
 * keeping the longest run whose reach never rises; at most 5 steps. Error events are left out.
 */
export async function suggestFunnel(engine: SqlEngine, info: DatasetInfo): Promise<FunnelStepDef[]> {
  const column = conditionColumn({ column: 'event', op: '=', value: '' }, info);
  const rows = await engine.all<{ name: string; reach: number; pos: number }>(
    `WITH p AS (SELECT user_id, CAST(${ident(column)} AS VARCHAR) AS name,
                       (row_number() OVER w - 1)::DOUBLE / greatest(count(*) OVER w - 1, 1) AS pos
                FROM events WINDOW w AS (PARTITION BY session_id ORDER BY seq ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING))
     SELECT name, count(DISTINCT user_id)::BIGINT AS reach, median(pos) AS pos FROM p
     WHERE name IS NOT NULL AND NOT regexp_matches(name, '(?i)error') GROUP BY name
     HAVING count(DISTINCT user_id) >= (SELECT count(DISTINCT user_id) FROM events) * 0.05
     ORDER BY pos, reach DESC, name LIMIT 40`,
  );
  // Longest subsequence (in position order) with non-increasing reach; among equally long ones the one that falls
  // most (lowest total reach), so an end marker everyone reaches (session_end) loses to the purchase step.
  const best: { len: number; sum: number; prev: number }[] = [];
  rows.forEach((r, i) => {
    best[i] = { len: 1, sum: r.reach, prev: -1 };
    for (let j = 0; j < i; j++) {
      if (rows[j].reach < r.reach) continue;
      const cand = { len: best[j].len + 1, sum: best[j].sum + r.reach, prev: j };
      if (cand.len > best[i].len || (cand.len === best[i].len && cand.sum < best[i].sum)) best[i] = cand;
    }
  });
  let end = -1;
  best.forEach((b, i) => {
    if (end < 0 || b.len > best[end].len || (b.len === best[end].len && b.sum < best[end].sum)) end = i;
  });
  const chosen: string[] = [];
  for (let i = end; i >= 0; i = best[i].prev) chosen.unshift(rows[i].name);
  return chosen
    .slice(0, 5)
    .map((name) => ({ name, match: name, conditions: [{ column: 'event', op: '=', value: name }] }));
}
