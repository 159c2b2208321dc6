/**
 * Labels every unit (user or session) and remembers where its journey is cut, in the table `journey_units`
 * (unit, rk, outcome_seq, label, modelled), for unitJourneys.ts to read the steps from.
 *
 * Outcome event: a unit with an event matching the outcome step is positive and its journey ends before the first
 * such event (`outcome_seq`, by `seq`, the order within the user); one without is negative once it has been idle for
 * `--open-after` before the log's last event (default 30 days for users; a session is over when its user has a later
 * session or it has been idle for the session gap), else open. Without timestamps nothing can be seen to be in
 * progress, so every unit without the outcome is negative (the note says so).
 * Label column: positive when the unit has the value, negative when it has another one, open when it has none;
 * nothing is cut and the column itself is never a feature.
 */
import type { SqlEngine } from '../engine';
import type { EventsOptions } from '../options';
import { describeColumns, findColumn } from '../queries/columns';
import { conditionsSql, hasEventColumn } from '../queries/stepMatch';
import { ident, lit, num } from '../sql';
import type { DatasetInfo } from '../types';
import { openAfterMs, type OutcomeSpec } from './outcomeSpec';

export const UNITS_TABLE = 'journey_units';
const DAY_MS = 86_400_000;
/** An event that is the last of at least this share of units closes units rather than describing them. */
const END_MARKER_SHARE = 0.95;
const END_MARKER_MIN_UNITS = 10;

export interface UnitLabels {
  counts: { units: number; positive: number; negative: number; open: number };
  /** Units the model is trained and evaluated on (all, up to `journeyModelLimit`). */
  modelled: number;
  /** "30d", "session end", or null when no unit can be open. */
  openAfter: string | null;
  /** The negative class's name, settled against the data (a two-valued column names its other value). */
  cancelName: string;
  /** Events left out of every journey's steps (an end marker such as session_end), with the reason. */
  excluded: { event: string; reason: string }[];
  /** SQL predicate over `events` (alias `e`) that keeps an event out of the steps; 'false' when none is. */
  excludeSql: string;
  notes: string[];
}

export function unitKey(options: Pick<EventsOptions, 'unit'>): string {
  return options.unit === 'session' ? 'session_id' : 'user_id';
}

/** The column a step label comes from: the event name, or the page in a log without an event column. */
export function nameColumn(info: DatasetInfo): string {
  return hasEventColumn(info) ? 'event' : 'page';
}

export async function labelUnits(
  engine: SqlEngine,
  info: DatasetInfo,
  spec: OutcomeSpec,
  options: Pick<EventsOptions, 'unit' | 'openAfter' | 'sessionGapMinutes' | 'journeyModelLimit'>,
): Promise<UnitLabels> {
  const key = ident(unitKey(options));
  const notes: string[] = [];
  let openAfter: string | null = null;
  let cancelName = spec.cancel;
  let excluded: UnitLabels['excluded'] = [];
  let excludeSql = 'false';
  let select: string;
  if (spec.from === 'event') {
    const match = conditionsSql(spec.step.conditions, info);
    const closed = await closedSql(engine, info, options);
    openAfter = closed.openAfter;
    if (closed.note) notes.push(closed.note);
    select = `WITH m AS (SELECT ${key} AS unit, min(seq) FILTER (WHERE ${match}) AS outcome_seq,
                                max(epoch_ms(ts)) AS last_ms, max(seq) AS last_seq, any_value(user_id) AS uid
                         FROM events GROUP BY 1),
                   um AS (SELECT user_id AS uid, max(seq) AS user_last_seq FROM events GROUP BY 1)
              SELECT unit, outcome_seq,
                     CASE WHEN outcome_seq IS NOT NULL THEN 'positive' WHEN ${closed.sql} THEN 'negative' ELSE 'open' END AS label
              FROM m JOIN um USING (uid)`;
    const marker = await endMarker(engine, info, options);
    if (marker) {
      excluded = [marker];
      excludeSql = `(CAST(e.${ident(nameColumn(info))} AS VARCHAR) IS NOT DISTINCT FROM ${lit(marker.event)})`;
    }
  } else {
    const home = findColumn(info, spec.column);
    if (!home) throw new Error(`--outcome-column: no column "${spec.column}" (${describeColumns(info)})`);
    const col = home === 'users' ? `u.${ident(spec.column)}` : `e.${ident(spec.column)}`;
    const text = `NULLIF(trim(CAST(${col} AS VARCHAR)), '')`;
    const from = home === 'users' ? 'events e LEFT JOIN users u ON u.user_id = e.user_id' : 'events e';
    const values = await engine.all<{ v: string }>(
      `SELECT DISTINCT ${text} AS v FROM ${from} WHERE ${text} IS NOT NULL ORDER BY v LIMIT 21`,
    );
    const list = values.map((r) => r.v);
    if (!list.includes(spec.value)) {
      throw new Error(
        `--outcome-column: no event has ${spec.column} = "${spec.value}"; its values: ${list.slice(0, 20).join(', ') || '(none)'}`,
      );
    }
    if (list.length === 2) cancelName = list.find((v) => v !== spec.value)!;
    select = `SELECT e.${key} AS unit, NULL::BIGINT AS outcome_seq,
                     CASE WHEN bool_or(${text} = ${lit(spec.value)}) THEN 'positive'
                          WHEN bool_or(${text} IS NOT NULL) THEN 'negative' ELSE 'open' END AS label
              FROM ${from} GROUP BY 1`;
    if (options.openAfter !== null)
      notes.push('--open-after does not apply to a label column: a unit is open only when it has no value');
  }
  // `modelled`: the units the model is trained and evaluated on, all of them up to `modelLimit`, else a seeded
  // sample stratified by label (each label keeps its share); the rest are scored by the final model.
  const [{ total }] = await engine.all<{ total: number }>(`SELECT count(*)::BIGINT AS total FROM (${select})`);
  const share = total > options.journeyModelLimit ? options.journeyModelLimit / total : 1;
  await engine.run(
    `CREATE OR REPLACE TEMP TABLE ${UNITS_TABLE} AS
     SELECT unit, outcome_seq, label, row_number() OVER (ORDER BY unit)::BIGINT AS rk,
            row_number() OVER (PARTITION BY label ORDER BY hash(unit), unit) <= ceil(count(*) OVER (PARTITION BY label) * ${num(share)}) AS modelled
     FROM (${select})`,
  );
  const [{ modelled, ...c }] = await engine.all<{
    units: number;
    positive: number;
    negative: number;
    open: number;
    modelled: number;
  }>(
    `SELECT count(*)::BIGINT AS units, count(*) FILTER (WHERE label = 'positive')::BIGINT AS positive,
            count(*) FILTER (WHERE label = 'negative')::BIGINT AS negative,
            count(*) FILTER (WHERE label = 'open')::BIGINT AS open,
            count(*) FILTER (WHERE modelled)::BIGINT AS modelled FROM ${UNITS_TABLE}`,
  );
  if (spec.from === 'event' && c.positive === 0) {
    notes.push(`the outcome "${spec.definition}" matched no event, so no unit reached it`);
  }
  return { counts: c, modelled, openAfter, cancelName, excluded, excludeSql, notes };
}

/** When a unit without the outcome counts as over (negative), as SQL over the columns of `m` and `um` above. */
async function closedSql(
  engine: SqlEngine,
  info: DatasetInfo,
  options: Pick<EventsOptions, 'unit' | 'openAfter' | 'sessionGapMinutes'>,
): Promise<{ sql: string; openAfter: string | null; note?: string }> {
  if (!info.hasTime) {
    return {
      sql: 'true',
      openAfter: null,
      note: 'the log has no timestamps, so no unit can be seen to be in progress: every unit without the outcome is negative',
    };
  }
  const [{ end }] = await engine.all<{ end: number }>('SELECT epoch_ms(max(ts)) AS end FROM events');
  const given = openAfterMs(options);
  const idle = (ms: number) => `(last_ms <= ${num(end - ms)})`;
  if (options.unit === 'session') {
    const ms = given ?? options.sessionGapMinutes * 60_000;
    return {
      sql: `(last_seq < user_last_seq OR ${idle(ms)})`,
      openAfter: options.openAfter ?? 'session end',
    };
  }
  return { sql: idle(given ?? 30 * DAY_MS), openAfter: options.openAfter ?? '30d' };
}

/**
 * An event that closes (nearly) every unit, such as `session_end`. Left in, it would be in every negative journey
 * and in no positive one (it comes after the outcome, which is cut), so the model would learn "the unit ended"
 * instead of what happened in it.
 */
async function endMarker(
  engine: SqlEngine,
  info: DatasetInfo,
  options: Pick<EventsOptions, 'unit'>,
): Promise<{ event: string; reason: string } | null> {
  const name = ident(nameColumn(info));
  const [top] = await engine.all<{ name: string | null; n: number; units: number }>(
    `WITH l AS (SELECT arg_max(CAST(${name} AS VARCHAR), seq) AS name FROM events GROUP BY ${ident(unitKey(options))})
     SELECT name, count(*)::BIGINT AS n, (SELECT count(*) FROM l)::BIGINT AS units FROM l
     GROUP BY name ORDER BY n DESC, name LIMIT 1`,
  );
  if (!top || top.name === null || top.units < END_MARKER_MIN_UNITS || top.n < top.units * END_MARKER_SHARE)
    return null;
  return {
    event: top.name,
    reason: `the last event of ${top.n} of ${top.units} ${options.unit}s: it marks a ${options.unit}'s end and would tell the unreached ones apart by that alone`,
  };
}
