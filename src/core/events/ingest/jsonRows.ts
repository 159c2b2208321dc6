/**
 * JSON objects, one per line (JSON lines, or an array written one element a line), read as text lines by
 * `read_csv` so each keeps its line number, checked with `json_valid` (a broken line is reported, the rest read),
 * and expanded to typed columns with `json_group_structure` + `json_transform`. Nested values stay JSON text.
 * An array whose elements span several lines is read whole by `read_json` instead (lines then unknown).
 */
import type { SqlEngine } from '../engine';
import { ident, lit } from '../sql';
import type { EventsProblem } from '../types';
import { MAX_LISTED_PER_KIND } from './source';

export interface JsonRead {
  rows: number;
  rejected: number;
  problems: EventsProblem[];
  /** Top-level keys in first-seen order. */
  columns: string[];
}

const SCALAR: Record<string, string> = {
  UBIGINT: 'BIGINT',
  BIGINT: 'BIGINT',
  DOUBLE: 'DOUBLE',
  VARCHAR: 'VARCHAR',
  BOOLEAN: 'BOOLEAN',
  NULL: 'VARCHAR',
};

export async function readJsonRows(
  engine: SqlEngine,
  file: { path: string; display: string },
  table: string,
  arrayish: boolean,
): Promise<JsonRead> {
  const lines = `${table}_lines`;
  // Materialised first: a table keeps the file's order in its rowid, a table function's rows have none.
  await engine.run(
    `CREATE TEMP TABLE ${ident(`${lines}_in`)} AS SELECT j
     FROM read_csv(${lit(file.path)}, columns = {'j': 'VARCHAR'}, header = false, auto_detect = false, delim = E'\\x1F',
                   quote = '', escape = '', strict_mode = false, max_line_size = 10000000)`,
  );
  await engine.run(
    `CREATE TEMP TABLE ${ident(lines)} AS
     SELECT rowid + 1 AS _line, ${arrayish ? `regexp_replace(regexp_replace(j, '^\\s*\\[', ''), '[\\s,]*\\]?[\\s,]*$', '')` : 'j'} AS j
     FROM ${ident(`${lines}_in`)}`,
  );
  await engine.run(`DROP TABLE ${ident(`${lines}_in`)}`);
  const [{ bad }] = await engine.all<{ bad: number }>(
    `SELECT count(*)::BIGINT AS bad FROM ${ident(lines)} WHERE trim(coalesce(j, '')) <> '' AND NOT (json_valid(j) AND starts_with(ltrim(j), '{'))`,
  );
  if (arrayish && bad > 0) return readWholeArray(engine, file, table);

  const problems: EventsProblem[] = [];
  if (bad > 0) {
    const rows = await engine.all<{ _line: number; j: string }>(
      `SELECT _line, left(j, 80) AS j FROM ${ident(lines)} WHERE trim(coalesce(j, '')) <> '' AND NOT (json_valid(j) AND starts_with(ltrim(j), '{'))
       ORDER BY _line LIMIT ${MAX_LISTED_PER_KIND}`,
    );
    for (const r of rows)
      problems.push({
        file: file.display,
        line: r._line,
        column: 1,
        message: `not a JSON object: ${JSON.stringify(r.j)}; line skipped`,
        severity: 'error',
      });
    if (bad > MAX_LISTED_PER_KIND)
      problems.push({
        file: file.display,
        message: `${bad - MAX_LISTED_PER_KIND} more malformed lines not listed`,
        severity: 'error',
      });
  }
  const valid = `trim(coalesce(j, '')) <> '' AND json_valid(j) AND starts_with(ltrim(j), '{')`;
  const columns = await expand(engine, `SELECT _line, _line - 1 AS _ord, j FROM ${ident(lines)} WHERE ${valid}`, table);
  await engine.run(`DROP TABLE ${ident(lines)}`);
  const [{ rows }] = await engine.all<{ rows: number }>(`SELECT count(*)::BIGINT AS rows FROM ${ident(table)}`);
  return { rows, rejected: bad, problems, columns };
}

async function readWholeArray(
  engine: SqlEngine,
  file: { path: string; display: string },
  table: string,
): Promise<JsonRead> {
  await engine.run(`DROP TABLE IF EXISTS ${ident(`${table}_lines`)}`);
  try {
    const whole = `${table}_whole`;
    await engine.run(
      `CREATE TEMP TABLE ${ident(whole)} AS SELECT CAST(to_json(json) AS VARCHAR) AS j
       FROM read_json(${lit(file.path)}, format = 'array', records = false, maximum_object_size = 100000000)`,
    );
    const columns = await expand(
      engine,
      `SELECT CAST(NULL AS BIGINT) AS _line, rowid AS _ord, j FROM ${ident(whole)}`,
      table,
    );
    await engine.run(`DROP TABLE ${ident(whole)}`);
    const [{ rows }] = await engine.all<{ rows: number }>(`SELECT count(*)::BIGINT AS rows FROM ${ident(table)}`);
    return { rows, rejected: 0, problems: [], columns };
  } catch (err) {
    return {
      rows: 0,
      rejected: 0,
      columns: [],
      problems: [
        {
          file: file.display,
          message: `not a readable JSON array of objects: ${firstLine((err as Error).message)}`,
          severity: 'error',
        },
      ],
    };
  }
}

/** `source` yields (_line, _ord, j); `table` gets _line, _ord and one typed column per top-level key. */
async function expand(engine: SqlEngine, source: string, table: string): Promise<string[]> {
  const src = `${table}_src`;
  await engine.run(`CREATE TEMP TABLE ${ident(src)} AS ${source}`);
  const [{ s }] = await engine.all<{ s: string | null }>(
    `SELECT CAST(json_group_structure(CAST(j AS JSON)) AS VARCHAR) AS s FROM ${ident(src)}`,
  );
  const structure = s ? (JSON.parse(s) as Record<string, unknown>) : {};
  const columns = Object.keys(structure).filter((k) => k !== '_line' && k !== '_ord');
  const shape = Object.fromEntries(
    columns.map((k) => [k, typeof structure[k] === 'string' ? (SCALAR[structure[k] as string] ?? 'VARCHAR') : 'JSON']),
  );
  const select = columns.map(
    (k) => `${shape[k] === 'JSON' ? `CAST(t.${ident(k)} AS VARCHAR)` : `t.${ident(k)}`} AS ${ident(k)}`,
  );
  await engine.run(
    `CREATE TABLE ${ident(table)} AS SELECT _line, _ord${select.length ? `, ${select.join(', ')}` : ''}
     FROM (SELECT _line, _ord, json_transform(j, ${lit(JSON.stringify(shape))}) AS t FROM ${ident(src)}) ORDER BY _ord`,
  );
  await engine.run(`DROP TABLE ${ident(src)}`);
  return columns;
}

function firstLine(text: string): string {
  return text.split('\n', 1)[0];
}
