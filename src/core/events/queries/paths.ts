/**
 * Paths: how units walk through pages.
 *
 * Definitions (the README states them; test/unit/core/events/paths.test.ts pins them):
 * - A unit is a user (default: the user's sessions joined in `seq` order, so a path runs across sessions) or a
 *   session. Events without a `page` are not part of any path.
 * - `dropPages` (an RE2 regular expression, matched anywhere in the page; anchor with ^…$) removes pages before
 *   repeats are collapsed, so `A-X-A` with X dropped is one visit of A.
 * - Consecutive repeats collapse: `Log in-Log in-Log in` is one visit.
 * - units: units whose path is non-empty after dropping. Per page: visits = occurrences in the collapsed paths,
 *   journeys = units whose path holds it, importance = journeys / units. Every page is kept, ordered by journeys,
 *   then visits (descending), then name.
 * - transitions: consecutive pairs of the collapsed path (`from → to`), every occurrence counted; sequences: every
 *   contiguous run of three pages, every occurrence counted. Both keep the `top` (default 50), by count descending,
 *   then pages ascending.
 * - length: pages in the collapsed path per unit; mean, median and p90 use linear interpolation between closest
 *   ranks (numpy's default percentile method, DuckDB's quantile_cont), so pandas' `quantile(0.9)` agrees.
 * - `by` (a column of events or of users): each unit belongs to one group, the user's value in `users`, or the value on
 *   the unit's first event (before dropping) for an events column; NULL is the group `(none)`. Groups are ordered by
 *   units, descending, then value.
 */
import type { SqlEngine } from '../engine';
import { ident, lit } from '../sql';
import type { DatasetInfo, FunnelUnit, PathsReport, PathsSummary } from '../types';
import { describeColumns, findColumn } from './columns';

export interface PathsOptions {
  unit?: FunnelUnit;
  /** RE2 regular expression; pages it matches are left out before collapsing. */
  dropPages?: string;
  by?: string;
  /** How many transitions and sequences to keep (default 50). */
  top?: number;
}

export interface PathsResult {
  report: PathsReport | null;
  note?: string;
}

export const NO_GROUP = '(none)';
const TABLE = 'jl_paths_collapsed';

export async function computePaths(engine: SqlEngine, info: DatasetInfo, options: PathsOptions = {}): Promise<PathsResult> {
  const unit = options.unit ?? 'user';
  const top = Math.max(1, Math.floor(options.top ?? 50));
  const notes: string[] = [];

  let home: 'events' | 'users' | null = null;
  if (options.by) {
    home = findColumn(info, options.by);
    if (!home) notes.push(`--by ${options.by}: no such column (${describeColumns(info)}), so no breakdown`);
  }
  if (options.dropPages !== undefined) {
    try {
      await engine.all(`SELECT regexp_matches('', ${lit(options.dropPages)}) AS ok`);
    } catch (error) {
      throw new Error(`--drop-pages ${JSON.stringify(options.dropPages)} is not a valid regular expression: ${(error as Error).message}`);
    }
  }

  // A unit is (uid, sid); sid is '' when the unit is the user, so one partition spec serves both.
  const sid = unit === 'user' ? "''" : 'e.session_id';
  const drop = options.dropPages !== undefined ? `AND NOT regexp_matches(e.page, ${lit(options.dropPages)})` : '';
  let groups = '';
  let groupExpr = lit(NO_GROUP);
  if (home === 'users') {
    groups = `LEFT JOIN (SELECT user_id, CAST(${ident(options.by!)} AS VARCHAR) AS grp FROM users) u ON u.user_id = e.user_id`;
    groupExpr = `coalesce(u.grp, ${lit(NO_GROUP)})`;
  } else if (home === 'events') {
    // the value on the unit's first event, before dropping; arg_min_null keeps a NULL there (arg_min would skip it)
    groups = `LEFT JOIN (SELECT user_id AS uid, ${sid} AS sid, CAST(arg_min_null(${ident(options.by!)}, seq) AS VARCHAR) AS grp
                         FROM events e GROUP BY ALL) g ON g.uid = e.user_id AND g.sid = ${sid}`;
    groupExpr = `coalesce(g.grp, ${lit(NO_GROUP)})`;
  }

  // Two sorts in all: one to collapse repeats (a row is kept where its page differs from the previous one), one
  // over the collapsed rows to carry the two pages before each, from which transitions and sequences are counts.
  await engine.run(`CREATE OR REPLACE TEMP TABLE ${TABLE} AS
    WITH kept AS (
      SELECT e.user_id AS uid, ${sid} AS sid, ${groupExpr} AS grp, e.page, e.seq,
             lag(e.page) OVER (PARTITION BY e.user_id, ${sid} ORDER BY e.seq, e.row_id) AS prev
      FROM events e ${groups}
      WHERE e.page IS NOT NULL ${drop}
    )
    SELECT uid, sid, grp, page, lag(page) OVER w AS p1, lag(page, 2) OVER w AS p2
    FROM kept WHERE prev IS DISTINCT FROM page
    WINDOW w AS (PARTITION BY uid, sid ORDER BY seq)`);

  try {
    const overall = (await summaries(engine, false, top)).get('') ?? emptySummary();
    if (overall.units === 0) {
      return { report: null, note: joinNotes([...notes, options.dropPages !== undefined ? 'no page is left after --drop-pages' : 'no event has a page, so no paths']) };
    }
    let byGroup: PathsReport['byGroup'] = null;
    if (home) {
      const groups = await summaries(engine, true, top);
      byGroup = {
        by: options.by!,
        groups: [...groups.entries()]
          .map(([value, s]) => ({ value, ...s }))
          .sort((a, b) => b.units - a.units || compare(a.value, b.value)),
      };
    }
    return { report: { unit, ...overall, byGroup }, note: joinNotes(notes) };
  } finally {
    await engine.run(`DROP TABLE IF EXISTS ${TABLE}`);
  }
}

function joinNotes(notes: string[]): string | undefined {
  return notes.length ? notes.join('; ') : undefined;
}

function emptySummary(): PathsSummary {
  return { units: 0, pages: [], transitions: [], sequences: [], length: { mean: 0, median: 0, p90: 0 } };
}

/** Byte order, as DuckDB sorts VARCHAR, so JS-side and SQL-side orderings agree. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

async function summaries(engine: SqlEngine, grouped: boolean, top: number): Promise<Map<string, PathsSummary>> {
  const g = grouped ? 'grp' : "''";
  const out = new Map<string, PathsSummary>();
  const get = (key: string) => {
    let s = out.get(key);
    if (!s) out.set(key, (s = emptySummary()));
    return s;
  };

  const lengths = await engine.all<{ g: string; units: number; mean: number; median: number; p90: number }>(`
    SELECT g, count(*) AS units, avg(n) AS mean, quantile_cont(n, 0.5) AS median, quantile_cont(n, 0.9) AS p90
    FROM (SELECT ${g} AS g, uid, sid, count(*) AS n FROM ${TABLE} GROUP BY ALL) GROUP BY g`);
  for (const r of lengths) {
    const s = get(r.g);
    s.units = r.units;
    s.length = { mean: r.mean, median: r.median, p90: r.p90 };
  }

  const pages = await engine.all<{ g: string; page: string; visits: number; journeys: number }>(`
    SELECT g, page, sum(n) AS visits, count(*) AS journeys
    FROM (SELECT ${g} AS g, uid, sid, page, count(*) AS n FROM ${TABLE} GROUP BY ALL)
    GROUP BY ALL ORDER BY g, journeys DESC, visits DESC, page`);
  for (const r of pages) {
    const s = get(r.g);
    s.pages.push({ page: r.page, visits: r.visits, journeys: r.journeys, importance: r.journeys / s.units });
  }

  const transitions = await engine.all<{ g: string; from: string; to: string; count: number }>(`
    SELECT ${g} AS g, p1 AS "from", page AS "to", count(*) AS count FROM ${TABLE}
    WHERE p1 IS NOT NULL GROUP BY g, p1, page
    QUALIFY row_number() OVER (PARTITION BY g ORDER BY count(*) DESC, p1, page) <= ${top}
    ORDER BY g, count DESC, "from", "to"`);
  for (const r of transitions) get(r.g).transitions.push({ from: r.from, to: r.to, count: r.count });

  // p2, p1, page: the page two before, the one before, this one
  const sequences = await engine.all<{ g: string; s1: string; s2: string; s3: string; count: number }>(`
    SELECT ${g} AS g, p2 AS s1, p1 AS s2, page AS s3, count(*) AS count FROM ${TABLE}
    WHERE p2 IS NOT NULL GROUP BY g, p2, p1, page
    QUALIFY row_number() OVER (PARTITION BY g ORDER BY count(*) DESC, p2, p1, page) <= ${top}
    ORDER BY g, count DESC, s1, s2, s3`);
  for (const r of sequences) get(r.g).sequences.push({ pages: [r.s1, r.s2, r.s3], count: r.count });

  return out;
}
