/**
 * Paths: how units walk through pages.
 *
 * Definitions (the README states them; test/unit/core/events/paths.test.ts pins them):
 * - A unit is a user (default: the user's sessions joined in `seq` order, so a path runs across sessions) or a
 *   session, its events in `seq` order (a total order within the user, types.ts). Events without a `page` are
 *   not part of any path.
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
import { UNIT_KEYS } from './unitKeys';

const USERS = UNIT_KEYS.user;
const SESSIONS = UNIT_KEYS.session;

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
const DICT = 'jl_paths_pages';

export async function computePaths(
  engine: SqlEngine,
  info: DatasetInfo,
  options: PathsOptions = {},
): Promise<PathsResult> {
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
      throw new Error(
        `--drop-pages ${JSON.stringify(options.dropPages)} is not a valid regular expression: ${(error as Error).message}`,
        { cause: error },
      );
    }
  }

  // A unit is (uid, sid), the integer keys of its user and session (unitKeys.ts); sid is 0 when the unit is the
  // user. Pages become small integer ids first (the drop pattern is then tested once per distinct page), so the
  // windows partition and sort only integers, which costs half as much as the VARCHAR ids.
  const sessionUnit = unit === 'session';
  const partition = sessionUnit ? 'uid, sid' : 'uid';
  const drop = options.dropPages !== undefined ? `AND NOT regexp_matches(page, ${lit(options.dropPages)})` : '';
  await engine.run(`CREATE OR REPLACE TEMP TABLE ${DICT} AS
    SELECT page, CAST(row_number() OVER (ORDER BY page) AS INTEGER) AS pid
    FROM (SELECT DISTINCT page FROM events WHERE page IS NOT NULL) WHERE true ${drop}`);

  const keyJoins = `JOIN ${USERS.table} ku ON ku.user_id = e.user_id${sessionUnit ? ` JOIN ${SESSIONS.table} ks ON ks.session_id = e.session_id` : ''}`;
  let groups = '';
  let groupExpr = lit(NO_GROUP);
  if (home === 'users') {
    groups = `LEFT JOIN (SELECT k.uk AS uid, CAST(u.${ident(options.by!)} AS VARCHAR) AS grp
                         FROM users u JOIN ${USERS.table} k ON k.user_id = u.user_id) g ON g.uid = c.uid`;
    groupExpr = `coalesce(g.grp, ${lit(NO_GROUP)})`;
  } else if (home === 'events') {
    // the value on the unit's first event, before dropping; arg_min_null keeps a NULL there (arg_min would skip it)
    groups = `LEFT JOIN (SELECT ku.uk AS uid, ${sessionUnit ? 'ks.uk' : '0'} AS sid, CAST(arg_min_null(e.${ident(options.by!)}, e.seq) AS VARCHAR) AS grp
                         FROM events e ${keyJoins} GROUP BY ALL) g ON g.uid = c.uid AND g.sid = c.sid`;
    groupExpr = `coalesce(g.grp, ${lit(NO_GROUP)})`;
  }

  // Two sorts in all: one to collapse repeats (a row is kept where its page differs from the previous one), one
  // over the collapsed rows to carry the two pages before each, from which transitions and sequences are counts.
  await engine.run(`CREATE OR REPLACE TEMP TABLE ${TABLE} AS
    WITH kept AS (
      SELECT ku.uk AS uid, ${sessionUnit ? 'ks.uk' : '0'} AS sid, d.pid, e.seq,
             lag(d.pid) OVER (PARTITION BY ku.uk${sessionUnit ? ', ks.uk' : ''} ORDER BY e.seq) AS prev
      FROM events e JOIN ${DICT} d ON d.page = e.page ${keyJoins}
    ), collapsed AS (
      SELECT uid, sid, pid, lag(pid) OVER w AS p1, lag(pid, 2) OVER w AS p2
      FROM kept WHERE prev IS DISTINCT FROM pid
      WINDOW w AS (PARTITION BY ${partition} ORDER BY seq)
    )
    SELECT c.uid, c.sid, ${groupExpr} AS grp, c.pid, c.p1, c.p2 FROM collapsed c ${groups}`);

  try {
    const all = await summaries(engine, home !== null, top);
    const overall = all.get(null) ?? emptySummary();
    if (overall.units === 0) {
      return {
        report: null,
        note: joinNotes([
          ...notes,
          options.dropPages !== undefined ? 'no page is left after --drop-pages' : 'no event has a page, so no paths',
        ]),
      };
    }
    let byGroup: PathsReport['byGroup'] = null;
    if (home) {
      byGroup = {
        by: options.by!,
        groups: [...all.entries()]
          .filter((e): e is [string, PathsSummary] => e[0] !== null)
          .map(([value, s]) => ({ value, ...s }))
          .sort((a, b) => b.units - a.units || compare(a.value, b.value)),
      };
    }
    return { report: { unit, ...overall, byGroup }, note: joinNotes(notes) };
  } finally {
    await engine.run(`DROP TABLE IF EXISTS ${TABLE}; DROP TABLE IF EXISTS ${DICT}`);
  }
}

function joinNotes(notes: string[]): string | undefined {
  return notes.length ? notes.join('; ') : undefined;
}

function emptySummary(): PathsSummary {
  return { units: 0, pages: [], transitions: [], sequences: [], length: { mean: 0, median: 0, p90: 0 } };
}

/** Code-unit order: DuckDB's byte order for VARCHAR (they differ only beyond U+FFFF), so both sides sort alike. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Every summary of the collapsed table, overall (key null) and, when `grouped`, per group too: GROUPING SETS
 * compute both in one scan per query.
 */
async function summaries(engine: SqlEngine, grouped: boolean, top: number): Promise<Map<string | null, PathsSummary>> {
  const g = grouped ? 'CASE WHEN grouping(grp) = 1 THEN NULL ELSE grp END' : 'CAST(NULL AS VARCHAR)';
  const sets = (keys: string) => (grouped ? `GROUPING SETS ((grp, ${keys}), (${keys}))` : keys);
  const out = new Map<string | null, PathsSummary>();
  const get = (key: string | null) => {
    let s = out.get(key);
    if (!s) out.set(key, (s = emptySummary()));
    return s;
  };

  const lengths = await engine.all<{ g: string | null; units: number; mean: number; median: number; p90: number }>(`
    SELECT ${g} AS g, count(*) AS units, avg(n) AS mean, quantile_cont(n, 0.5) AS median, quantile_cont(n, 0.9) AS p90
    FROM (SELECT grp, uid, sid, count(*) AS n FROM ${TABLE} GROUP BY ALL) GROUP BY ${grouped ? 'GROUPING SETS ((grp), ())' : '()'}`);
  for (const r of lengths) {
    const s = get(r.g);
    s.units = r.units;
    s.length = { mean: r.mean, median: r.median, p90: r.p90 };
  }

  const pages = await engine.all<{ g: string | null; page: string; visits: number; journeys: number }>(`
    SELECT g, d.page, visits, journeys FROM (
      SELECT ${g} AS g, pid, sum(n) AS visits, count(*) AS journeys
      FROM (SELECT grp, uid, sid, pid, count(*) AS n FROM ${TABLE} GROUP BY ALL) GROUP BY ${sets('pid')}
    ) JOIN ${DICT} d USING (pid) ORDER BY g NULLS FIRST, journeys DESC, visits DESC, d.page`);
  for (const r of pages) {
    const s = get(r.g);
    s.pages.push({ page: r.page, visits: r.visits, journeys: r.journeys, importance: r.journeys / s.units });
  }

  // ids are numbered in page order, so ordering by id is ordering by page
  const transitions = await engine.all<{ g: string | null; from: string; to: string; count: number }>(`
    SELECT g, a.page AS "from", b.page AS "to", count FROM (
      SELECT * FROM (
        SELECT ${g} AS g, p1, pid, count(*) AS count FROM ${TABLE} WHERE p1 IS NOT NULL GROUP BY ${sets('p1, pid')}
      ) QUALIFY row_number() OVER (PARTITION BY g ORDER BY count DESC, p1, pid) <= ${top}
    ) t JOIN ${DICT} a ON a.pid = t.p1 JOIN ${DICT} b ON b.pid = t.pid
    ORDER BY g NULLS FIRST, count DESC, t.p1, t.pid`);
  for (const r of transitions) get(r.g).transitions.push({ from: r.from, to: r.to, count: r.count });

  // p2, p1, pid: the page two before, the one before, this one
  const sequences = await engine.all<{ g: string | null; s1: string; s2: string; s3: string; count: number }>(`
    SELECT g, a.page AS s1, b.page AS s2, c.page AS s3, count FROM (
      SELECT * FROM (
        SELECT ${g} AS g, p2, p1, pid, count(*) AS count FROM ${TABLE} WHERE p2 IS NOT NULL GROUP BY ${sets('p2, p1, pid')}
      ) QUALIFY row_number() OVER (PARTITION BY g ORDER BY count DESC, p2, p1, pid) <= ${top}
    ) t JOIN ${DICT} a ON a.pid = t.p2 JOIN ${DICT} b ON b.pid = t.p1 JOIN ${DICT} c ON c.pid = t.pid
    ORDER BY g NULLS FIRST, count DESC, t.p2, t.p1, t.pid`);
  for (const r of sequences) get(r.g).sequences.push({ pages: [r.s1, r.s2, r.s3], count: r.count });

  return out;
}
