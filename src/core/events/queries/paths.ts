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
import type { DatasetInfo, FunnelUnit, PathsReport } from '../types';
import { describeColumns, findColumn } from './columns';
import { pathSummaries } from './pathSummaries';
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
  // user. Pages become small integer ids, numbered in page order (the drop pattern is then tested once per distinct
  // page), so the read carries numbers only and ordering by id is ordering by page.
  const sessionUnit = unit === 'session';
  const drop = options.dropPages !== undefined ? `AND NOT regexp_matches(page, ${lit(options.dropPages)})` : '';
  await engine.run(`CREATE OR REPLACE TEMP TABLE ${DICT} AS
    SELECT page, CAST(row_number() OVER (ORDER BY page) AS INTEGER) AS pid
    FROM (SELECT DISTINCT page FROM events WHERE page IS NOT NULL) WHERE true ${drop}`);

  const keyJoins = `JOIN ${USERS.table} ku ON ku.user_id = e.user_id${sessionUnit ? ` JOIN ${SESSIONS.table} ks ON ks.session_id = e.session_id` : ''}`;
  const sid = sessionUnit ? 'ks.uk' : '0';
  try {
    // Every unit's pages in path order (dropped pages left out by the join), walked in pathSummaries.ts.
    const rows = await engine.columns(
      `SELECT ku.uk AS uid, ${sid} AS sid, d.pid FROM events e JOIN ${DICT} d ON d.page = e.page ${keyJoins}
       ORDER BY uid, sid, e.seq`,
    );
    if (rows.pid.length === 0) {
      return {
        report: null,
        note: joinNotes([
          ...notes,
          options.dropPages !== undefined ? 'no page is left after --drop-pages' : 'no event has a page, so no paths',
        ]),
      };
    }
    const pages = (await engine.all<{ page: string }>(`SELECT page FROM ${DICT} ORDER BY pid`)).map((r) => r.page);
    const walk = { uid: rows.uid, sid: rows.sid, pid: rows.pid };
    const grouping = home ? await unitGroups(engine, home, options.by!, sid, keyJoins, walk) : undefined;
    const { overall, groups } = pathSummaries(walk, pages, top, grouping);
    let byGroup: PathsReport['byGroup'] = null;
    if (grouping) {
      byGroup = {
        by: options.by!,
        groups: groups
          .map((s, i) => ({ value: grouping.values[i], ...s }))
          .filter((g) => g.units > 0)
          .sort((a, b) => b.units - a.units || compare(a.value, b.value)),
      };
    }
    return { report: { unit, ...overall, byGroup }, note: joinNotes(notes) };
  } finally {
    await engine.run(`DROP TABLE IF EXISTS ${DICT}`);
  }
}

/**
 * Each unit's group: the user's value in `users`, or the value on the unit's first event (before dropping) for an
 * events column; NULL is the group NO_GROUP.
 */
async function unitGroups(
  engine: SqlEngine,
  home: 'events' | 'users',
  by: string,
  /** The session key's expression in `keyJoins` ('0' when the unit is the user). */
  sid: string,
  keyJoins: string,
  rows: { uid: Float64Array; sid: Float64Array },
): Promise<{ count: number; values: string[]; of: (row: number) => number }> {
  // arg_min_null keeps a NULL on the first event (arg_min would skip it).
  const list =
    home === 'users'
      ? await engine.all<{ uid: number; sid: number; grp: string | null }>(
          `SELECT k.uk AS uid, 0 AS sid, CAST(u.${ident(by)} AS VARCHAR) AS grp FROM users u JOIN ${USERS.table} k ON k.user_id = u.user_id`,
        )
      : await engine.all<{ uid: number; sid: number; grp: string | null }>(
          `SELECT ku.uk AS uid, ${sid} AS sid, CAST(arg_min_null(e.${ident(by)}, e.seq) AS VARCHAR) AS grp
           FROM events e ${keyJoins} GROUP BY ALL`,
        );
  const values: string[] = [];
  const index = new Map<string, number>();
  const byUnit = new Map<string, number>();
  const groupIndex = (value: string) => {
    let i = index.get(value);
    if (i === undefined) {
      index.set(value, (i = values.length));
      values.push(value);
    }
    return i;
  };
  // Registered before any unit, so the group count is fixed before the walk.
  const none = groupIndex(NO_GROUP);
  for (const r of list) byUnit.set(`${r.uid}:${home === 'users' ? 0 : r.sid}`, groupIndex(r.grp ?? NO_GROUP));
  // A unit without a row (a user missing from users.csv) is in NO_GROUP too; empty groups are dropped later.
  return {
    count: values.length,
    values,
    of: (row) => byUnit.get(`${rows.uid[row]}:${home === 'users' ? 0 : rows.sid[row]}`) ?? none,
  };
}

function joinNotes(notes: string[]): string | undefined {
  return notes.length ? notes.join('; ') : undefined;
}

/** Code-unit order: DuckDB's byte order for VARCHAR (they differ only beyond U+FFFF), so both sides sort alike. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
