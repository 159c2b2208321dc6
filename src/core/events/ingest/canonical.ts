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

/** `properties`: the union of the stages' property columns, in first-seen order. */
export function buildEventsSql(stages: StageRef[], gapMinutes: number, properties: string[]): string {
  if (stages.length === 0) {
    return `CREATE OR REPLACE TABLE events (row_id BIGINT, file VARCHAR, line BIGINT, user_id VARCHAR, session_id VARCHAR, ts TIMESTAMP,
      seq BIGINT, event VARCHAR, page VARCHAR, revenue DOUBLE)`;
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
  const order = stages.some((s) => !s.timed)
    ? '_ts NULLS LAST, try_cast(_sid AS BIGINT) NULLS LAST, _sid, _pos, row_id'
    : '_ts NULLS LAST, row_id';
  const gap = `INTERVAL ${num(gapMinutes * 60)} SECOND`;
  // A row starts a session when its source has none and the user was idle longer than the gap (or it is the user's first).
  const sessions = cutting
    ? `, c AS (SELECT *, sum(_new) OVER (PARTITION BY _user, _cut ORDER BY _ts NULLS LAST, row_id ROWS UNBOUNDED PRECEDING) AS _n
               FROM (SELECT *, _src IN (${cut.join(', ')}) AS _cut,
                            CASE WHEN lag(_ts) OVER w IS NULL OR _ts - lag(_ts) OVER w > ${gap} THEN 1 ELSE 0 END AS _new
                     FROM r WINDOW w AS (PARTITION BY _user, _src IN (${cut.join(', ')}) ORDER BY _ts NULLS LAST, row_id)))`
    : ', c AS (SELECT *, false AS _cut, 0 AS _n FROM r)';
  return `CREATE OR REPLACE TABLE events AS
    WITH u AS (${union}),
    r AS (SELECT *, _rid + CASE _src ${offsets.join(' ')} END AS row_id FROM u WHERE NOT coalesce(_bad, false))
    ${sessions},
    s AS (SELECT *, CASE WHEN _cut AND _session IS NULL THEN _user || '#' || _n ELSE coalesce(_session, _user || '#1') END AS _sid FROM c)
    SELECT row_id::BIGINT AS row_id, ${fileCase} AS file, _line AS line, _user AS user_id, _sid AS session_id, _ts AS ts,
           row_number() OVER (PARTITION BY _user ORDER BY ${order})::BIGINT AS seq,
           _event AS event, _page AS page, _revenue AS revenue${properties.length ? ',' : ''}
           ${properties.map((p) => ident(p)).join(', ')}
    FROM s`;
}

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
