/**
 * From a raw table (source columns + `_ord` + `_line`) to a stage table (see source.ts): roles applied, time
 * parsed to UTC, page and revenue derived, properties kept. Rows without a user or with a time that does not
 * parse are left out *and reported* with their line.
 */
import type { SqlEngine } from '../engine';
import { ident } from '../sql';
import { CANONICAL_COLUMNS, type ColumnRoles, type EventsProblem } from '../types';
import { MAX_LISTED_PER_KIND } from './source';
import { pageColumn } from './roles';

export interface RawColumn {
  name: string;
  type: string;
}

export async function describe(engine: SqlEngine, table: string): Promise<RawColumn[]> {
  const rows = await engine.all<{ column_name: string; column_type: string }>(`DESCRIBE ${ident(table)}`);
  return rows.map((r) => ({ name: r.column_name, type: r.column_type }));
}

/** Any time a log may hold, to TIMESTAMP in UTC (strings without an offset are taken as UTC; epochs in s or ms). */
export function timeExpr(column: string, type: string): string {
  const c = ident(column);
  if (type === 'TIMESTAMP') return c;
  if (type.startsWith('TIMESTAMP')) return `(${c} AT TIME ZONE 'UTC')`;
  if (type === 'DATE') return `CAST(${c} AS TIMESTAMP)`;
  if (/INT|DOUBLE|FLOAT|DECIMAL|REAL/.test(type)) {
    return `(CASE WHEN abs(${c}) > 1e11 THEN epoch_ms(CAST(${c} AS BIGINT)) ELSE epoch_ms(CAST(${c} * 1000 AS BIGINT)) END)`;
  }
  const s = `trim(CAST(${c} AS VARCHAR))`;
  // TIMESTAMP parsing is fast but ignores a UTC offset, so strings ending in one take the (slower) TIMESTAMPTZ path.
  return `coalesce(CASE WHEN NOT regexp_matches(${s}, '[+-]\\d\\d:?\\d\\d$') THEN try_cast(${s} AS TIMESTAMP) END,
    try_cast(${s} AS TIMESTAMPTZ) AT TIME ZONE 'UTC', try_strptime(${s}, ['%d/%m/%Y %H:%M:%S', '%m/%d/%Y %H:%M:%S', '%d.%m.%Y %H:%M:%S', '%Y/%m/%d %H:%M:%S']),
    CASE WHEN regexp_full_match(${s}, '\\d{10}(\\.\\d+)?') THEN epoch_ms(CAST(CAST(${s} AS DOUBLE) * 1000 AS BIGINT))
         WHEN regexp_full_match(${s}, '\\d{13}') THEN epoch_ms(CAST(${s} AS BIGINT)) END)`;
}

/**
 * The common shape `YYYY-MM-DD hh:mm:ss` (or with a `T`): 19 characters with `-` and `:` where a date and a time
 * put them has no room for a UTC offset or blanks, so a plain TIMESTAMP cast reads it. Null for any other value;
 * the caller then evaluates timeExpr on that row only (`CASE WHEN fast IS NOT NULL THEN fast ELSE timeExpr END` one
 * query level up: DuckDB evaluates a CASE branch only for its rows but every argument of a coalesce for all). The
 * shape test is a LIKE, which reads the string in place; the general expression costs about 3× as much per row.
 */
export function fastTimeExpr(column: string, type: string): string | null {
  if (type !== 'VARCHAR') return null;
  const c = ident(column);
  return `CASE WHEN ${c} LIKE '____-__-_____:__:__' THEN try_cast(${c} AS TIMESTAMP) END`;
}

const MONEY_NAMES = ['revenue', 'amount', 'total_amount', 'order_total', 'total'];
const PURCHASE = `'(?i)(purchase|order_completed|order_placed|checkout_completed|^order$|transaction)'`;

/** The revenue of an event: a money column where there is one, else price × quantity on purchase events. */
export function revenueExpr(columns: RawColumn[], eventColumn: string | null): string {
  const byLower = new Map(columns.map((c) => [c.name.toLowerCase(), c]));
  const money = MONEY_NAMES.map((n) => byLower.get(n)).find(Boolean);
  if (money) {
    return /INT|DOUBLE|FLOAT|DECIMAL/.test(money.type)
      ? `CAST(${ident(money.name)} AS DOUBLE)`
      : `try_cast(regexp_extract(CAST(${ident(money.name)} AS VARCHAR), '-?[0-9]+(\\.[0-9]+)?') AS DOUBLE)`;
  }
  const price = byLower.get('price');
  if (price && eventColumn) {
    const quantity = byLower.get('quantity') ?? byLower.get('qty');
    const q = quantity ? `coalesce(try_cast(${ident(quantity.name)} AS DOUBLE), 1)` : '1';
    return `CASE WHEN regexp_matches(CAST(${ident(eventColumn)} AS VARCHAR), ${PURCHASE}) THEN try_cast(${ident(price.name)} AS DOUBLE) * ${q} END`;
  }
  return 'CAST(NULL AS DOUBLE)';
}

export interface StageSpec {
  engine: SqlEngine;
  raw: string;
  stage: string;
  src: number;
  file: string;
  columns: RawColumn[];
  roles: ColumnRoles;
  /** Property casts (CSV columns that hold only numbers). */
  casts?: Map<string, string>;
  /** Extra SQL select items computed from the raw table, e.g. the typed-events user. */
  userExpr?: string;
  eventExpr?: string;
  pageExpr?: string;
  revenue?: string;
}

/**
 * Stage tables use `_`-prefixed names for their own columns (source.ts, plus `_rid`, `_bad`, `_badtime`), so a
 * source column starting with `_` is renamed `prop_…`, and one named like a canonical column gets `_prop`.
 */
export function propertyName(name: string): string {
  if (name.startsWith('_')) return `prop${name}`;
  return CANONICAL_COLUMNS.includes(name.toLowerCase()) ? `${name}_prop` : name;
}

/** The fast-path time of a row (fastTimeExpr), one query level below the stage's own columns. */
const FAST_TS = '_jl_fast_ts';

/**
 * The stage's rows (see source.ts) read from `from`: roles applied, `_bad` flagging a row that cannot be kept and
 * `_timetext` the time that did not parse. `ordered`: `from` has `_ord` and `_line` (a raw table); a direct read
 * (directCsv.ts) has neither and numbers its rows afterwards.
 */
export function stageSelectSql(
  spec: Omit<StageSpec, 'engine' | 'raw' | 'stage'>,
  from: string,
  ordered = true,
): string {
  const { roles } = spec;
  const typeOf = new Map(spec.columns.map((c) => [c.name, c.type]));
  const user = spec.userExpr ?? `nullif(trim(CAST(${ident(roles.user)} AS VARCHAR)), '')`;
  const timeType = roles.time ? (typeOf.get(roles.time) ?? 'VARCHAR') : null;
  const fast = roles.time && timeType ? fastTimeExpr(roles.time, timeType) : null;
  const general = roles.time && timeType ? timeExpr(roles.time, timeType) : 'CAST(NULL AS TIMESTAMP)';
  const ts = fast ? `CASE WHEN ${FAST_TS} IS NOT NULL THEN ${FAST_TS} ELSE ${general} END` : general;
  const session = roles.session ? `nullif(CAST(${ident(roles.session)} AS VARCHAR), '')` : 'CAST(NULL AS VARCHAR)';
  const event = spec.eventExpr ?? (roles.event ? `CAST(${ident(roles.event)} AS VARCHAR)` : 'CAST(NULL AS VARCHAR)');
  const page = spec.pageExpr ?? pageExprFor(spec.columns, event);
  const revenue = spec.revenue ?? revenueExpr(spec.columns, roles.event);
  const propSelect = stageProperties(spec).map((c) => {
    const cast = spec.casts?.get(c.name);
    return `${cast ? `CAST(${ident(c.name)} AS ${cast})` : ident(c.name)} AS ${ident(propertyName(c.name))}`;
  });
  const bad = roles.time ? `_user IS NULL OR (_ts IS NULL AND _t0 IS NOT NULL)` : '_user IS NULL';
  const order = ordered ? '_ord::BIGINT AS _ord, _ord::BIGINT AS _rid, _line::BIGINT AS _line,' : '';
  return `SELECT * EXCLUDE (_t0), (${bad}) AS _bad, CASE WHEN _ts IS NULL THEN CAST(_t0 AS VARCHAR) END AS _timetext FROM (
       SELECT ${spec.src}::INTEGER AS _src, ${order}
         ${user} AS _user, ${session} AS _session, ${ts} AS _ts, 0::INTEGER AS _pos, ${event} AS _event, ${page} AS _page,
         ${revenue} AS _revenue, ${roles.time ? ident(roles.time) : 'CAST(NULL AS VARCHAR)'} AS _t0
         ${propSelect.length ? `, ${propSelect.join(', ')}` : ''}
       FROM ${fast ? `(SELECT *, ${fast} AS ${FAST_TS} FROM ${from})` : from})`;
}

/** The source columns kept as properties: all but the role columns and the raw table's own. */
export function stageProperties(spec: Pick<StageSpec, 'columns' | 'roles'>): RawColumn[] {
  const { roles } = spec;
  const roleColumns = new Set([roles.user, roles.session, roles.time, roles.event].filter((c): c is string => !!c));
  return spec.columns.filter((c) => c.name !== '_ord' && c.name !== '_line' && !roleColumns.has(c.name));
}

export async function stageTabular(
  spec: StageSpec,
): Promise<{ rows: number; rejected: number; problems: EventsProblem[]; properties: RawColumn[] }> {
  const { engine } = spec;
  const stage = ident(spec.stage);
  // A view, not a table: materialising every column here and again in `events` cost more than evaluating the
  // roles twice (once to count and list the rows that cannot be kept, once when `events` is built from it).
  // A row that cannot be kept is flagged (`_bad`), reported below, left out of events.
  await engine.run(`CREATE TEMP VIEW ${stage} AS ${stageSelectSql(spec, ident(spec.raw))}`);
  const [{ nbad, missing, rows }] = await engine.all<{ nbad: number; missing: number; rows: number }>(
    `SELECT count(*) FILTER (WHERE _bad)::BIGINT AS nbad, count(*) FILTER (WHERE NOT _bad AND _ts IS NULL)::BIGINT AS missing,
            count(*) FILTER (WHERE NOT _bad)::BIGINT AS rows FROM ${stage}`,
  );
  const badRows =
    nbad === 0
      ? []
      : await engine.all<UnkeptRow>(
          `SELECT _line AS line, CASE WHEN _user IS NULL THEN 'user' ELSE 'time' END AS why, _timetext AS value
     FROM ${stage} WHERE _bad ORDER BY _ord LIMIT ${MAX_LISTED_PER_KIND}`,
        );
  const problems = unkeptRowProblems(spec, badRows, nbad, missing);
  const properties = (await describe(engine, spec.stage)).filter((c) => !c.name.startsWith('_'));
  return { rows, rejected: nbad, problems, properties };
}

/** A row left out of events: its line, whether the user or the time was missing, and the time as written. */
export type UnkeptRow = {
  line: number | null;
  why: 'user' | 'time';
  value: string | null;
};

/** The problems of a source's unkept rows (`nbad` in all, the first listed) and of its rows without a time. */
export function unkeptRowProblems(
  spec: Pick<StageSpec, 'file' | 'columns' | 'roles'>,
  badRows: UnkeptRow[],
  nbad: number,
  missing: number,
): EventsProblem[] {
  const { roles } = spec;
  const problems: EventsProblem[] = [];
  for (const r of badRows) {
    problems.push({
      file: spec.file,
      line: r.line ?? undefined,
      column: r.why === 'time' ? columnIndex(spec.columns, roles.time) : columnIndex(spec.columns, roles.user),
      message:
        r.why === 'user'
          ? `no ${roles.user || 'user'} value; row skipped`
          : `time ${JSON.stringify(r.value)} in ${roles.time} does not parse; row skipped`,
      severity: 'error',
    });
  }
  if (nbad > MAX_LISTED_PER_KIND) {
    problems.push({
      file: spec.file,
      message: `${nbad - MAX_LISTED_PER_KIND} more rows without a user or a readable time not listed`,
      severity: 'error',
    });
  }
  if (roles.time && missing > 0) {
    problems.push({
      file: spec.file,
      message: `${missing} rows have no ${roles.time}; they are kept, ordered after the timed ones`,
      severity: 'warning',
    });
  }
  return problems;
}

function pageExprFor(columns: RawColumn[], event: string): string {
  const page = pageColumn(columns.map((c) => c.name));
  return page ? `coalesce(CAST(${ident(page)} AS VARCHAR), ${event})` : event;
}

function columnIndex(columns: RawColumn[], name: string | null): number | undefined {
  const i = columns.filter((c) => c.name !== '_ord' && c.name !== '_line').findIndex((c) => c.name === name);
  return i >= 0 ? i + 1 : undefined;
}
