/**
 * The per-unit core of a funnel, in SQL: for every unit (user or session) its best attempt — how far it got and
 * when it reached each step — written to a temp table that the funnel report, step details and friction read.
 *
 * Definitions (README "Event logs"):
 * - sequential (default): every event matching step 1 starts an attempt; each next step is the first later event
 *   (by `seq`, so equal timestamps keep the log's order) matching it; one event advances an attempt at most one step,
 *   so an event matching steps 1 and 2 cannot be both. With a window every step lies within `window` of the attempt's
 *   step-1 event, inclusive. A unit reaches the furthest step of its best attempt.
 * - strict: as sequential, but each next step must be the unit's very next event; any other event in between ends
 *   the attempt (PostHog's "strict order").
 * - any: an attempt starts at any event matching some step; it reaches n if n distinct steps are matched at or after
 *   it within the window (an event counts for the first step it matches). Steps are then numbered in the order reached.
 * The best attempt is the one reaching furthest; among those, the one that got there first; among those, the latest
 * start (the tightest). Times from the previous step and the breakdown value come from that attempt.
 * ASOF joins find "the first later matching event" for all attempts at once.
 */
import type { SqlEngine } from '../engine';
import { ident, num } from '../sql';
import type { DatasetInfo, FunnelDefinition } from '../types';
import { conditionsSql } from './stepMatch';
import { UNIT_KEYS } from './unitKeys';

export const UNITS_TABLE = 'funnel_units';

/** The breakdown expression: a users-table column (joined) or the value on the attempt's step-1 event. */
function byExpr(def: FunnelDefinition, info: DatasetInfo): { expr: string; join: string } {
  if (!def.by) return { expr: 'CAST(NULL AS VARCHAR)', join: '' };
  if (info.userColumns.some((c) => c.name === def.by && c.name !== 'user_id')) {
    return { expr: `CAST(u.${ident(def.by)} AS VARCHAR)`, join: 'LEFT JOIN users u ON u.user_id = e.user_id' };
  }
  if (info.columns.some((c) => c.name === def.by) || ['event', 'page', 'file'].includes(def.by)) {
    return { expr: `CAST(e.${ident(def.by)} AS VARCHAR)`, join: '' };
  }
  const known = [
    ...info.userColumns.map((c) => c.name).filter((n) => n !== 'user_id'),
    ...info.columns.map((c) => c.name),
    'event',
    'page',
  ];
  throw new Error(`--by ${def.by}: no such column in the users table or the events; columns: ${known.join(', ')}`);
}

/**
 * Creates UNITS_TABLE(unit, reached, byv, t1..tk), `unit` the user or session id, and returns per-step match counts
 * (for "matches nothing"). `completedOnly`: the table is just `unit`, the units whose some attempt reached the last
 * step (friction asks nothing else), without choosing each unit's best attempt.
 */
export async function buildFunnelUnits(
  engine: SqlEngine,
  info: DatasetInfo,
  def: FunnelDefinition,
  table = UNITS_TABLE,
  completedOnly = false,
): Promise<number[]> {
  const k = def.steps.length;
  if (def.windowMs !== null && !info.hasTime)
    throw new Error('a funnel window needs times, and this log has none (page sequences?); drop --window');
  // Partitioned by the unit's integer key (unitKeys.ts); the id is joined back for the result rows only.
  const keys = UNIT_KEYS[def.unit === 'session' ? 'session' : 'user'];
  const preds = def.steps.map((s) => conditionsSql(s.conditions, info, 'e.'));
  const by = byExpr(def, info);
  const idx = Array.from({ length: k }, (_, i) => i + 1);
  const W = def.windowMs === null ? null : num(def.windowMs);
  const inWindow = (t: string, t1: string) => (W === null ? 'true' : `${t} <= ${t1} + ${W}`);
  const strict = def.order === 'strict';
  // m: the events that matter (all of them for strict, whose "next event" is any event), with their step matches.
  const m = `m AS (SELECT k.uk AS unit, e.seq, epoch_ms(e.ts) AS t, ${by.expr} AS byv,
      ${preds.map((p, i) => `coalesce(${p}, false) AS m${i + 1}`).join(', ')}
      FROM events e JOIN ${keys.table} k ON k.${keys.column} = e.${keys.column} ${by.join} ${strict ? '' : `WHERE ${preds.join(' OR ')}`})`;
  await engine.run(`CREATE OR REPLACE TEMP TABLE funnel_m AS WITH ${m} SELECT * FROM m`);
  const counts = await engine.all<Record<string, number>>(
    `SELECT ${idx.map((i) => `count(*) FILTER (WHERE m${i})::BIGINT AS c${i}`).join(', ')} FROM funnel_m`,
  );
  const matched = idx.map((i) => Number(counts[0][`c${i}`] ?? 0));

  let chain: string;
  let reachedExpr: string;
  let timesOut: string;
  let orderKey: string;
  if (def.order === 'any') {
    // Each event is assigned to the first step it matches; from each start, the first event of every step at or after it.
    const st = `CASE ${idx.map((i) => `WHEN m${i} THEN ${i}`).join(' ')} END`;
    // One window pass, read backwards: a running min over the rows at or after each start gives the first event of
    // every step from there (its time too: seq follows time within a unit, so the first has the least time). The
    // window then only needs checking on that first event. (An ASOF join per step cost ~5× more on 1.9M events.)
    const first = idx
      .map(
        (i) =>
          `min(CASE WHEN st = ${i} THEN seq END) OVER w AS f${i}, min(CASE WHEN st = ${i} THEN t END) OVER w AS g${i}`,
      )
      .join(', ');
    chain = [
      `aw AS (SELECT unit, byv, seq AS s0, t AS t0, ${first} FROM (SELECT *, ${st} AS st FROM funnel_m)
        WINDOW w AS (PARTITION BY unit ORDER BY seq DESC ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW))`,
      `a${k} AS (SELECT unit, byv, s0, t0, ${idx
        .map(
          (i) =>
            `CASE WHEN ${inWindow(`g${i}`, 't0')} THEN f${i} END AS s${i}, CASE WHEN ${inWindow(`g${i}`, 't0')} THEN g${i} END AS t${i}`,
        )
        .join(', ')} FROM aw)`,
    ].join(',\n');
    reachedExpr = idx.map((i) => `(s${i} IS NOT NULL)::INTEGER`).join(' + ');
    // Times in the order the steps were reached (seq order), so "from previous" means the previous step reached.
    const sorted = `list_transform(list_sort(list_filter([${idx.map((i) => `{'s': s${i}, 't': t${i}}`).join(', ')}], x -> x.s IS NOT NULL)), x -> x.t)`;
    timesOut = idx.map((i) => `${sorted}[${i}] AS t${i}`).join(', ');
    orderKey = `list_max([${idx.map((i) => `s${i}`).join(', ')}]) ASC, s0 DESC`;
  } else if (strict) {
    // Step i of the attempt starting at an event is the event i-1 places after it, so one window pass reads every
    // attempt: lead(m_i, i-1) says whether that event matches step i. (A join per step on "the next seq" was
    // quadratic-looking to the planner and took minutes on 1.9M events.)
    const reach = idx
      .slice(1)
      .map((i) => {
        const win = def.windowMs === null ? '' : ` AND lead(t, ${i - 1}) OVER w <= t + ${W}`;
        return `CASE WHEN coalesce(lead(m${i}, ${i - 1}) OVER w, false)${win} THEN lead(seq, ${i - 1}) OVER w END AS s${i},
                lead(t, ${i - 1}) OVER w AS t${i}`;
      })
      .join(',\n');
    chain = `a${k} AS (SELECT * FROM (SELECT unit, byv, m1, seq AS s1, t AS t1${k > 1 ? `, ${reach}` : ''}
               FROM funnel_m WINDOW w AS (PARTITION BY unit ORDER BY seq)) WHERE m1)`;
    reachedExpr = `CASE ${idx.map((i) => `WHEN s${i} IS NULL THEN ${i - 1}`).join(' ')} ELSE ${k} END`;
    timesOut = idx.map((i) => `CASE WHEN ${reachedExpr} >= ${i} THEN t${i} END AS t${i}`).join(', ');
    orderKey = `CASE ${reachedExpr} ${idx.map((i) => `WHEN ${i} THEN s${i}`).join(' ')} END ASC, s1 DESC`;
  } else {
    // Attempts that cannot win are left out when step 1 matches far more events than step 2 (a funnel starting at a
    // page view): an attempt whose next step-1-or-2 event is another step-1 event (not a step-2 one) has the same
    // chain from step 2 on as that later attempt, whose window starts no earlier, so the later one reaches as far and
    // wins the tie (s1 DESC). The unit's first attempt is always kept: among attempts reaching only step 1, it wins.
    const ctes = [
      k > 1 && matched[0] > 2 * matched[1]
        ? `a1 AS (SELECT unit, seq AS s1, t AS t1, byv FROM (
             SELECT unit, seq, t, byv, m1, lead(m2) OVER w AS next2, min(CASE WHEN m1 THEN seq END) OVER w AS first1
             FROM funnel_m WHERE m1 OR m2
             WINDOW w AS (PARTITION BY unit ORDER BY seq ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING))
           WHERE m1 AND (seq = first1 OR coalesce(next2, false)))`
        : `a1 AS (SELECT unit, seq AS s1, t AS t1, byv FROM funnel_m WHERE m1)`,
    ];
    for (const i of idx.slice(1)) {
      const p = i - 1;
      const win = def.windowMs === null ? 'true' : `b.t <= a.t1 + ${W}`;
      ctes.push(
        `a${i} AS (SELECT a.*, CASE WHEN ${win} THEN b.seq END AS s${i}, CASE WHEN ${win} THEN b.t END AS t${i}
               FROM a${p} a ASOF LEFT JOIN (SELECT unit, seq, t FROM funnel_m WHERE m${i}) b ON a.unit = b.unit AND a.s${p} < b.seq)`,
      );
    }
    chain = ctes.join(',\n');
    // A chain stops at its first missing step. (An ASOF join given a NULL seq may still match, so later columns are
    // only read up to the first NULL.)
    reachedExpr = `CASE ${idx.map((i) => `WHEN s${i} IS NULL THEN ${i - 1}`).join(' ')} ELSE ${k} END`;
    timesOut = idx.map((i) => `CASE WHEN ${reachedExpr} >= ${i} THEN t${i} END AS t${i}`).join(', ');
    orderKey = `CASE ${reachedExpr} ${idx.map((i) => `WHEN ${i} THEN s${i}`).join(' ')} END ASC, s1 DESC`;
  }
  const last = `a${k}`;
  if (completedOnly) {
    await engine.run(
      `CREATE OR REPLACE TEMP TABLE ${ident(table)} AS WITH ${chain}
       SELECT k.${keys.column} AS unit FROM (SELECT DISTINCT unit FROM ${last} WHERE ${reachedExpr} = ${k}) b
       JOIN ${keys.table} k ON k.uk = b.unit`,
    );
    await engine.run('DROP TABLE IF EXISTS funnel_m');
    return matched;
  }
  await engine.run(
    `CREATE OR REPLACE TEMP TABLE ${ident(table)} AS WITH ${chain}
     SELECT k.${keys.column} AS unit, reached, byv, ${idx.map((i) => `t${i}`).join(', ')} FROM (
       SELECT unit, byv, ${reachedExpr} AS reached, ${timesOut},
              row_number() OVER (PARTITION BY unit ORDER BY ${reachedExpr} DESC, ${orderKey}) AS _r
       FROM ${last}) b JOIN ${keys.table} k ON k.uk = b.unit WHERE _r = 1`,
  );
  // The matches are scratch (every caller reads only the units table): their memory back before the next section.
  await engine.run('DROP TABLE IF EXISTS funnel_m');
  return matched;
}
