/**
 * The stages of every loaded source → the canonical `events` table documented in types.ts: one row per event,
 * `row_id` in reading order, sessions cut at `gapMinutes` of inactivity where the source has none, `seq` the order
 * within the user (time, then session order, then position in the row, then row_id).
 */
import type { SqlEngine } from '../engine';
import { ident, lit, num } from '../sql';

export interface StageRef {
  table: string;
  src: number;
  file: string;
  /** The source has no session column: cut by inactivity. */
  cutSessions: boolean;
  /** The source has a time column. */
  timed: boolean;
  /** 1 + the stage's largest `_rid` (its row ids are offset by the spans of the sources before it). */
  span: number;
}

/** `properties`: the union of the stages' property columns, in first-seen order. The statements to run in order. */
export function buildEventsSql(stages: StageRef[], gapMinutes: number, properties: string[]): string[] {
  if (stages.length === 0) {
    return [
      `CREATE OR REPLACE TABLE events (row_id BIGINT, file VARCHAR, line BIGINT, user_id VARCHAR, session_id VARCHAR, ts TIMESTAMP,
      seq BIGINT, event VARCHAR, page VARCHAR, revenue DOUBLE)`,
    ];
  }
  const union = stages.map((s) => `SELECT * FROM ${ident(s.table)}`).join(' UNION ALL BY NAME ');
  const fileCase = `CASE _src ${stages.map((s) => `WHEN ${num(s.src)} THEN ${lit(s.file)}`).join(' ')} END`;
  let offset = 1;
  const offsets = stages.map((s) => {
    const o = offset;
    offset += s.span;
    return `WHEN ${num(s.src)} THEN ${num(o)}`;
  });
  const cut = stages.filter((s) => s.cutSessions).map((s) => num(s.src));
  const cutting = cut.length > 0;
  // Session order only matters where there is no time (page sequences); sorting by it on a timed log costs a lot.
  const timed = stages.every((s) => s.timed);
  const order = timed
    ? '_ts NULLS LAST, row_id'
    : '_ts NULLS LAST, try_cast(_sid AS BIGINT) NULLS LAST, _sid, _pos, row_id';
  // A timed log's order is the table's own columns, so `seq` is numbered afterwards by a window over those three
  // columns and set by row_id: the window then sorts 3 columns rather than carrying every column through its sort
  // (about 10% less CPU on 1.9M events, and that sort's memory). Untimed logs order by stage columns, in the window.
  const seq = timed ? 'CAST(NULL AS BIGINT)' : `row_number() OVER (PARTITION BY _user ORDER BY ${order})::BIGINT`;
  const gap = `INTERVAL ${num(gapMinutes * 60)} SECOND`;
  // A row starts a session when its source has none and the user was idle longer than the gap (or it is the user's first).
  const sessions = cutting
    ? `, c AS (SELECT *, sum(_new) OVER (PARTITION BY _user, _cut ORDER BY _ts NULLS LAST, row_id ROWS UNBOUNDED PRECEDING) AS _n
               FROM (SELECT *, _src IN (${cut.join(', ')}) AS _cut,
                            CASE WHEN lag(_ts) OVER w IS NULL OR _ts - lag(_ts) OVER w > ${gap} THEN 1 ELSE 0 END AS _new
                     FROM r WINDOW w AS (PARTITION BY _user, _src IN (${cut.join(', ')}) ORDER BY _ts NULLS LAST, row_id)))`
    : ', c AS (SELECT *, false AS _cut, 0 AS _n FROM r)';
  const create = `CREATE OR REPLACE TABLE events AS
    WITH u AS (${union}),
    r AS (SELECT *, _rid + CASE _src ${offsets.join(' ')} END AS row_id FROM u WHERE NOT coalesce(_bad, false))
    ${sessions},
    s AS (SELECT *, CASE WHEN _cut AND _session IS NULL THEN _user || '#' || _n ELSE coalesce(_session, _user || '#1') END AS _sid FROM c)
    SELECT row_id::BIGINT AS row_id, ${fileCase} AS file, _line AS line, _user AS user_id, _sid AS session_id, _ts AS ts,
           ${seq} AS seq,
           _event AS event, _page AS page, _revenue AS revenue${properties.length ? ',' : ''}
           ${properties.map((p) => ident(p)).join(', ')}
    FROM s`;
  return timed ? [create, ...SEQ_SQL] : [create];
}

/** `seq` of a timed `events` table: numbered by a window over (user_id, ts, row_id), then set by row_id. */
export const SEQ_SQL: readonly string[] = [
  `CREATE OR REPLACE TEMP TABLE jl_seq AS
     SELECT row_id, row_number() OVER (PARTITION BY user_id ORDER BY ts NULLS LAST, row_id)::BIGINT AS seq FROM events`,
  'UPDATE events SET seq = jl_seq.seq FROM jl_seq WHERE events.row_id = jl_seq.row_id',
  'DROP TABLE jl_seq',
];

/** Everything ingest left behind but the canonical tables. */
export async function dropScratch(engine: SqlEngine): Promise<void> {
  const views = await engine.all<{ name: string }>(
    `SELECT view_name AS name FROM duckdb_views() WHERE NOT internal AND regexp_matches(view_name, '^(raw|stage|comp)_')`,
  );
  for (const v of views.reverse()) await engine.run(`DROP VIEW IF EXISTS ${ident(v.name)}`);
  const tables = await engine.all<{ name: string }>(
    `SELECT table_name AS name FROM duckdb_tables() WHERE regexp_matches(table_name, '^(raw|stage|comp)_')`,
  );
  for (const t of tables) await engine.run(`DROP TABLE IF EXISTS ${ident(t.name)}`);
}
