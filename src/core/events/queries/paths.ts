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

  const unitKey = unit === 'user' ? 'e.user_id' : `e.user_id || chr(31) || e.session_id`;
  const groupExpr =
    home === 'users'
      ? `u.${ident(options.by!)}`
      : home === 'events'
        ? `first_value(e.${ident(options.by!)}) OVER (PARTITION BY ${unitKey} ORDER BY e.seq, e.row_id)`
        : 'NULL';
  const join = home === 'users' ? 'LEFT JOIN users u ON u.user_id = e.user_id' : '';
  const drop = options.dropPages !== undefined ? `AND NOT regexp_matches(page, ${lit(options.dropPages)})` : '';

  await engine.run(`CREATE OR REPLACE TEMP TABLE ${TABLE} AS
    WITH grouped AS (
      SELECT ${unitKey} AS unit, coalesce(CAST(${groupExpr} AS VARCHAR), ${lit(NO_GROUP)}) AS grp, e.page, e.seq, e.row_id
      FROM events e ${join}
    ), kept AS (
      SELECT unit, grp, page, seq, row_id, lag(page) OVER (PARTITION BY unit ORDER BY seq, row_id) AS prev
      FROM grouped WHERE page IS NOT NULL ${drop}
    )
    SELECT unit, grp, page, row_number() OVER (PARTITION BY unit ORDER BY seq, row_id) AS pos
    FROM kept WHERE prev IS DISTINCT FROM page`);

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
    FROM (SELECT ${g} AS g, unit, count(*) AS n FROM ${TABLE} GROUP BY ALL) GROUP BY g`);
  for (const r of lengths) {
    const s = get(r.g);
    s.units = r.units;
    s.length = { mean: r.mean, median: r.median, p90: r.p90 };
  }

  const pages = await engine.all<{ g: string; page: string; visits: number; journeys: number }>(`
    SELECT ${g} AS g, page, count(*) AS visits, count(DISTINCT unit) AS journeys
    FROM ${TABLE} GROUP BY ALL ORDER BY g, journeys DESC, visits DESC, page`);
  for (const r of pages) {
    const s = get(r.g);
    s.pages.push({ page: r.page, visits: r.visits, journeys: r.journeys, importance: r.journeys / s.units });
  }

  const transitions = await engine.all<{ g: string; from: string; to: string; count: number }>(`
    SELECT g, "from", "to", count(*) AS count FROM (
      SELECT ${g} AS g, page AS "from", lead(page) OVER (PARTITION BY unit ORDER BY pos) AS "to" FROM ${TABLE}
    ) WHERE "to" IS NOT NULL GROUP BY g, "from", "to"
    QUALIFY row_number() OVER (PARTITION BY g ORDER BY count(*) DESC, "from", "to") <= ${top}
    ORDER BY g, count DESC, "from", "to"`);
  for (const r of transitions) get(r.g).transitions.push({ from: r.from, to: r.to, count: r.count });

  const sequences = await engine.all<{ g: string; p1: string; p2: string; p3: string; count: number }>(`
    SELECT g, p1, p2, p3, count(*) AS count FROM (
      SELECT ${g} AS g, page AS p1, lead(page) OVER w AS p2, lead(page, 2) OVER w AS p3
      FROM ${TABLE} WINDOW w AS (PARTITION BY unit ORDER BY pos)
    ) WHERE p3 IS NOT NULL GROUP BY g, p1, p2, p3
    QUALIFY row_number() OVER (PARTITION BY g ORDER BY count(*) DESC, p1, p2, p3) <= ${top}
    ORDER BY g, count DESC, p1, p2, p3`);
  for (const r of sequences) get(r.g).sequences.push({ pages: [r.p1, r.p2, r.p3], count: r.count });

  return out;
}
