/**
 * The common case straight into `events`: a log that is the only event source, delimited, with user, session and
 * time columns, is read by one statement that applies the roles as it reads. The general path reads the file into a
 * text table and copies every column again into `events` (canonical.ts); this skips that copy, about a quarter of
 * the load's CPU and a whole copy of the data in memory. Same table, same problems, same numbering:
 * - row_id and line come from the table's own row order after the read (insertion order is the file's);
 * - rows without a user or with a time that does not parse are read, listed with their line, then deleted;
 * - numeric properties are typed in the read from the first 2,048 rows, and the strict read confirms them on
 *   every row (a non-number fails it); a column empty in those rows is typed afterwards over all rows.
 * Anything else (several logs, no session or time column, a malformed row) returns null: the caller takes the
 * general path, which gives the same table (tests run both).
 */
import type { SqlEngine } from '../engine';
import type { EventsOptions } from '../options';
import { ident, lit } from '../sql';
import type { ColumnRoles, EventsProblem } from '../types';
import { SEQ_SQL } from './canonical';
import { inferNumericColumns, parseHeader, readCsvSql } from './delimited';
import { guessRoles } from './roles';
import type { FileHead } from './source';
import { MAX_LISTED_PER_KIND } from './source';
import {
  propertyName,
  stageProperties,
  stageSelectSql,
  unkeptRowProblems,
  type RawColumn,
  type UnkeptRow,
} from './stage';

export interface DirectLoad {
  rows: number;
  rejected: number;
  roles: ColumnRoles;
  properties: RawColumn[];
  problems: EventsProblem[];
}

/** Scratch columns of the direct read, dropped before anything else sees `events`. */
const BAD = '_jl_bad';
const TIMETEXT = '_jl_timetext';

export async function loadCsvDirect(
  engine: SqlEngine,
  head: FileHead,
  options: EventsOptions,
  src: number,
): Promise<DirectLoad | null> {
  const header = parseHeader(head.text);
  if (!header) return null;
  const guess = guessRoles(header.columns, options.map);
  const { roles } = guess;
  if (guess.missing.length || guess.unknownMapped.length || !roles.session || !roles.time) return null;
  const textColumns: RawColumn[] = header.columns.map((name) => ({ name, type: 'VARCHAR' }));
  const candidates = stageProperties({ columns: textColumns, roles }).map((c) => c.name);
  const sample = `raw_${src}_head`;
  let casts: Map<string, string>;
  let unseen: string[];
  try {
    await engine.run(
      `CREATE OR REPLACE TEMP TABLE ${ident(sample)} AS SELECT * FROM ${readCsvSql(head.path, header, new Map())} LIMIT 2048`,
    );
    casts = await inferNumericColumns(engine, sample, candidates);
    const [seen] = await engine.all(
      `SELECT ${candidates.map((c, i) => `count(${ident(c)})::BIGINT AS n${i}`).join(', ') || '0 AS none'} FROM ${ident(sample)}`,
    );
    unseen = candidates.filter((_, i) => seen[`n${i}`] === 0);
  } catch {
    return null; // a malformed row among the first: the general path locates it
  } finally {
    await engine.run(`DROP TABLE IF EXISTS ${ident(sample)}`);
  }

  const columns: RawColumn[] = header.columns.map((name) => ({ name, type: casts.get(name) ?? 'VARCHAR' }));
  const props = stageProperties({ columns, roles }).map((c) => ({ name: propertyName(c.name), type: c.type }));
  const stage = stageSelectSql(
    { src, file: head.display, columns, roles },
    readCsvSql(head.path, header, casts),
    false,
  );
  try {
    // The same columns, in the same order, as canonical.ts builds for one timed source with a session column.
    await engine.run(
      `CREATE OR REPLACE TABLE events AS
       SELECT NULL::BIGINT AS row_id, ${lit(head.display)} AS file, NULL::BIGINT AS line, _user AS user_id,
              coalesce(_session, _user || '#1') AS session_id, _ts AS ts, NULL::BIGINT AS seq, _event AS event,
              _page AS page, _revenue AS revenue${props.map((p) => `, ${ident(p.name)}`).join('')},
              _bad AS ${BAD}, _timetext AS ${TIMETEXT}
       FROM (${stage})`,
    );
  } catch {
    await engine.run('DROP TABLE IF EXISTS events');
    return null; // a malformed row, or a number where the first rows had only numbers: the general path
  }

  const [{ nbad, missing, rows }] = await engine.all<{ nbad: number; missing: number; rows: number }>(
    `SELECT count(*) FILTER (WHERE ${BAD})::BIGINT AS nbad, count(*) FILTER (WHERE NOT ${BAD} AND ts IS NULL)::BIGINT AS missing,
            count(*) FILTER (WHERE NOT ${BAD})::BIGINT AS rows FROM events`,
  );
  let badRows: UnkeptRow[] = [];
  if (nbad > 0) {
    badRows = await engine.all<UnkeptRow>(
      `SELECT rowid + 2 AS line, CASE WHEN user_id IS NULL THEN 'user' ELSE 'time' END AS why, ${TIMETEXT} AS value
       FROM events WHERE ${BAD} ORDER BY rowid LIMIT ${MAX_LISTED_PER_KIND}`,
    );
    await engine.run(`DELETE FROM events WHERE ${BAD}`);
  }
  // Dropping a column keeps the others' data in place: no copy. Deleted rows keep their rowid gap, as the general
  // path's row_id does for the rows it leaves out.
  await engine.run(`ALTER TABLE events DROP COLUMN ${BAD}; ALTER TABLE events DROP COLUMN ${TIMETEXT}`);
  await engine.run('UPDATE events SET row_id = rowid + 1, line = rowid + 2');
  for (const [name, type] of await inferNumericColumns(engine, 'events', unseen.map(propertyName))) {
    await engine.run(`ALTER TABLE events ALTER COLUMN ${ident(name)} TYPE ${type}`);
    props.find((p) => p.name === name)!.type = type;
  }
  for (const sql of SEQ_SQL) await engine.run(sql);
  return {
    rows,
    rejected: nbad,
    roles,
    properties: props,
    problems: unkeptRowProblems({ file: head.display, columns: textColumns, roles }, badRows, nbad, missing),
  };
}
