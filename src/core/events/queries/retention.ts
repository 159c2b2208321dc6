/**
 * Retention: first-time cohorts and the share of each that comes back.
 *
 * Definitions (README; test/unit/core/events/retention.test.ts pins them):
 * - Periods are calendar periods in UTC: `day`, ISO `week` (starting Monday, labelled by that Monday's date) or
 *   `month` (labelled `YYYY-MM`).
 * - Cohort: the period of a user's first event (default, `cohortBy` 'first-event'), or of a date column of `users`
 *   (`registration_date`); users without a parseable date there are left out and counted in the note, and so are
 *   events of users missing from `users`.
 * - retained[m] = share of the cohort with at least one event in period cohort + m. retained[0] is 1 for first-event
 *   cohorts by construction; for registration cohorts it is the share active in the registration period (< 1 when
 *   some registered and never came). Events before a user's registration period are not counted.
 * - Every cohort is kept, oldest first, and each runs to the last period with an event in the data (so later
 *   cohorts have shorter rows: the triangle). A registration cohort after the last event still shows retained[0].
 * - Without time (page sequences) there is no retention: null and a note.
 */
import type { SqlEngine } from '../engine';
import { ident, lit } from '../sql';
import type { DatasetInfo, RetentionPeriod, RetentionReport } from '../types';
import { describeColumns } from './columns';

export interface RetentionOptions {
  period?: RetentionPeriod;
  /** A date column of `users`; omit for first-event cohorts. */
  cohortBy?: string;
}

export interface RetentionResult {
  report: RetentionReport | null;
  note?: string;
}

export async function computeRetention(
  engine: SqlEngine,
  info: DatasetInfo,
  options: RetentionOptions = {},
): Promise<RetentionResult> {
  const period = options.period ?? 'month';
  if (!info.hasTime) return { report: null, note: 'the data has no timestamps (page sequences), so no retention' };
  const notes: string[] = [];
  const p = lit(period);
  const label = period === 'month' ? `strftime(c, '%Y-%m')` : `strftime(c, '%Y-%m-%d')`;

  let cohortSql: string;
  let cohortBy = 'first-event';
  if (options.cohortBy && options.cohortBy !== 'first-event') {
    const column = options.cohortBy;
    if (!info.hasUsersTable || !info.userColumns.some((c) => c.name === column)) {
      return {
        report: null,
        note: `--cohort-by ${column}: ${info.hasUsersTable ? `users has no such column (${describeColumns(info)})` : 'there is no users table'}, so no retention`,
      };
    }
    cohortBy = column;
    // TRY_CAST: a CSV may leave the column as text; what does not parse is counted, not guessed.
    cohortSql = `SELECT user_id, date_trunc(${p}, TRY_CAST(${ident(column)} AS TIMESTAMP)) AS c FROM users`;
    const [counts] = await engine.all<{ unparsed: number; orphans: number }>(`
      SELECT (SELECT count(*) FROM users WHERE TRY_CAST(${ident(column)} AS TIMESTAMP) IS NULL) AS unparsed,
             (SELECT count(DISTINCT user_id) FROM events WHERE user_id NOT IN (SELECT user_id FROM users WHERE user_id IS NOT NULL)) AS orphans`);
    if (counts.unparsed) notes.push(`${counts.unparsed} user(s) without a ${column} date left out`);
    if (counts.orphans) notes.push(`${counts.orphans} user(s) with events but not in users left out`);
  } else {
    cohortSql = `SELECT user_id, date_trunc(${p}, min(ts)) AS c FROM events WHERE ts IS NOT NULL GROUP BY user_id`;
  }

  const rows = await engine.all<{ cohort: string; size: number; width: number; m: number | null; k: number | null }>(`
    WITH cohorts AS (SELECT user_id, c FROM (${cohortSql}) WHERE c IS NOT NULL),
    last AS (SELECT date_trunc(${p}, max(ts)) AS last FROM events),
    active AS (SELECT DISTINCT user_id, date_trunc(${p}, ts) AS a FROM events WHERE ts IS NOT NULL),
    sizes AS (SELECT c, count(*) AS size FROM cohorts GROUP BY c),
    back AS (
      SELECT co.c, date_diff(${p}, co.c, ac.a) AS m, count(*) AS k
      FROM cohorts co JOIN active ac ON ac.user_id = co.user_id AND ac.a >= co.c
      GROUP BY co.c, m
    )
    SELECT ${label} AS cohort, s.size, greatest(date_diff(${p}, c, last.last) + 1, 1) AS width, b.m, b.k
    FROM sizes s CROSS JOIN last LEFT JOIN back b USING (c)
    ORDER BY c, b.m`);

  const cohorts: RetentionReport['cohorts'] = [];
  for (const r of rows) {
    let row = cohorts.at(-1);
    if (!row || row.cohort !== r.cohort) {
      row = { cohort: r.cohort, size: r.size, retained: new Array<number>(r.width).fill(0) };
      cohorts.push(row);
    }
    if (r.m !== null && r.k !== null && r.m < row.retained.length) row.retained[r.m] = r.k / r.size;
  }
  if (cohorts.length === 0)
    return { report: null, note: notes.concat('no user has a cohort date, so no retention').join('; ') };
  return { report: { period, cohortBy, cohorts }, note: notes.length ? notes.join('; ') : undefined };
}
