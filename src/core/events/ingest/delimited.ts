/**
 * Delimited text (CSV/TSV/;/|) read by DuckDB's `read_csv` with explicit options: every column as VARCHAR
 * (types are inferred afterwards over all rows, so one odd row cannot make the sniffer give up or reject
 * thousands of good ones), and `store_rejects` so every malformed row is reported with its line.
 */
import type { SqlEngine } from '../engine';
import { ident, lit } from '../sql';
import type { EventsProblem } from '../types';
import { MAX_LISTED_PER_KIND } from './source';

const DELIMITERS = [',', '\t', ';', '|'];

export interface DelimitedHeader {
  delimiter: string;
  columns: string[];
}

/** The header line's delimiter (the candidate splitting it into most fields) and its column names. */
export function parseHeader(text: string): DelimitedHeader | null {
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  if (!firstLine.trim()) return null;
  let best: DelimitedHeader | null = null;
  for (const delimiter of DELIMITERS) {
    const columns = splitLine(firstLine, delimiter);
    if (columns.length >= 2 && (!best || columns.length > best.columns.length)) best = { delimiter, columns };
  }
  if (!best) return null;
  // Blank and repeated names get a suffix, as DuckDB itself would name them.
  const seen = new Map<string, number>();
  best.columns = best.columns.map((raw, i) => {
    const name = raw.trim() || `column${i}`;
    const n = seen.get(name) ?? 0;
    seen.set(name, n + 1);
    return n === 0 ? name : `${name}_${n}`;
  });
  return best;
}

function splitLine(line: string, delimiter: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === delimiter) {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

/** DuckDB's read_csv of the file with explicit options: every column VARCHAR but those `types` names. */
export function readCsvSql(path: string, header: DelimitedHeader, types: Map<string, string>, extra = ''): string {
  const columns = `{${header.columns.map((c) => `${lit(c)}: ${lit(types.get(c) ?? 'VARCHAR')}`).join(', ')}}`;
  return `read_csv(${lit(path)}, header = true, auto_detect = false, delim = ${lit(header.delimiter)}, quote = '"', escape = '"',
       columns = ${columns}${extra}, max_line_size = 2097152)`;
}

/**
 * Reads `file` into `table` (all VARCHAR) plus `_ord` (0-based order of accepted rows) and `_line` (the 1-based
 * line in the file). DuckDB keeps the accepted rows in file order and lists the rejected ones with their line, so an
 * accepted row's line is its ordinal plus the header plus the lines rejected before it (an unclosed quote swallows
 * several). Rows with embedded newlines inside quotes shift later lines by one each (documented limit).
 */
export async function readDelimited(
  engine: SqlEngine,
  file: { path: string; display: string },
  header: DelimitedHeader,
  table: string,
): Promise<{ rows: number; rejected: number; problems: EventsProblem[] }> {
  const rej = `${table}_rej`;
  const scan = `${table}_scan`;
  const readCsv = (rejects: string) =>
    `CREATE OR REPLACE TEMP TABLE ${ident(`${table}_in`)} AS SELECT * FROM ${readCsvSql(file.path, header, new Map(), rejects)}`;
  await engine.run(`DROP TABLE IF EXISTS ${ident(rej)}; DROP TABLE IF EXISTS ${ident(scan)}`);
  // A strict read first: it fails on the first malformed row, and without one it gives exactly the rows the
  // rejects-keeping read would, at a third less CPU. Only a file with a malformed row is read again keeping them.
  let rejectedRows: RejectedRow[] = [];
  try {
    await engine.run(readCsv(''));
    await engine.run(
      `CREATE TEMP VIEW ${ident(table)} AS SELECT *, rowid AS _ord, rowid + 2 AS _line FROM ${ident(`${table}_in`)}`,
    );
  } catch {
    await engine.run(readCsv(`, store_rejects = true, rejects_table = ${lit(rej)}, rejects_scan = ${lit(scan)}`));
    rejectedRows = await withRejects(engine, table, rej);
  }
  const [{ rows }] = await engine.all<{ rows: number }>(`SELECT count(*)::BIGINT AS rows FROM ${ident(`${table}_in`)}`);
  const problems = rejectedRows.slice(0, MAX_LISTED_PER_KIND).map((r): EventsProblem => ({
    file: file.display,
    line: r.line,
    column:
      header.columns.indexOf(r.column_name ?? '') >= 0 ? header.columns.indexOf(r.column_name ?? '') + 1 : undefined,
    message: rejectMessage(r),
    severity: 'error',
  }));
  if (rejectedRows.length > MAX_LISTED_PER_KIND) {
    problems.push({
      file: file.display,
      message: `${rejectedRows.length - MAX_LISTED_PER_KIND} more malformed rows not listed`,
      severity: 'error',
    });
  }
  return { rows, rejected: rejectedRows.length, problems };
}

type RejectedRow = {
  line: number;
  span: number;
  column_name: string | null;
  error_type: string;
  error_message: string;
};

/** The view over a read that kept its rejected rows (`rej`): each accepted row's line, and the rejected rows. */
async function withRejects(engine: SqlEngine, table: string, rej: string): Promise<RejectedRow[]> {
  // One line per rejected row (DuckDB may list several errors for one row); span = the lines it covers.
  await engine.run(
    `CREATE TEMP TABLE ${ident(`${table}_rl`)} AS
     WITH r AS (SELECT line, max(len(string_split(rtrim(csv_line, E'\\n'), E'\\n'))) AS span FROM ${ident(rej)} GROUP BY line)
     SELECT line, span,
            line - 2 - coalesce(sum(span) OVER (ORDER BY line ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS before,
            sum(span) OVER (ORDER BY line ROWS UNBOUNDED PRECEDING) AS cum
     FROM r`,
  );
  const [{ n }] = await engine.all<{ n: number }>(`SELECT count(*)::BIGINT AS n FROM ${ident(`${table}_rl`)}`);
  // Without rejected rows a row's line is its rowid + 2 (the header is line 1); the ASOF join only when needed.
  await engine.run(
    n === 0
      ? `CREATE TEMP VIEW ${ident(table)} AS SELECT *, rowid AS _ord, rowid + 2 AS _line FROM ${ident(`${table}_in`)}`
      : `CREATE TEMP VIEW ${ident(table)} AS
         SELECT i.* EXCLUDE (_i), i._i - 1 AS _ord, i._i + 1 + coalesce(r.cum, 0) AS _line
         FROM (SELECT *, rowid + 1 AS _i FROM ${ident(`${table}_in`)}) i
         ASOF LEFT JOIN ${ident(`${table}_rl`)} r ON i._i > r.before`,
  );
  return engine.all<RejectedRow>(
    `SELECT e.line, r.span, e.column_name, e.error_type, e.error_message
     FROM ${ident(rej)} e JOIN ${ident(`${table}_rl`)} r USING (line)
     QUALIFY row_number() OVER (PARTITION BY e.line ORDER BY e.column_idx) = 1
     ORDER BY e.line`,
  );
}

function rejectMessage(r: RejectedRow): string {
  if (r.error_type === 'UNQUOTED VALUE' || /unterminated quote/i.test(r.error_message)) {
    return r.span > 1
      ? `unclosed quote: lines ${r.line}–${r.line + r.span - 1} could not be read as rows`
      : `unclosed quote in column ${r.column_name ?? '?'}; row skipped`;
  }
  if (r.error_type === 'MISSING COLUMNS' || r.error_type === 'TOO MANY COLUMNS') {
    return `wrong number of columns (${r.error_message}); row skipped`;
  }
  return `${r.error_message}; row skipped`;
}

/**
 * Which VARCHAR columns hold only integers or only numbers (over every row, not a sample), so properties like
 * price and quantity are numbers. Id-like names stay text: `0042` must not become 42.
 */
export async function inferNumericColumns(
  engine: SqlEngine,
  table: string,
  columns: string[],
): Promise<Map<string, 'BIGINT' | 'DOUBLE'>> {
  const candidates = columns.filter((c) => !/(^|_)id$|^id_|uuid|key$/i.test(c));
  const out = new Map<string, 'BIGINT' | 'DOUBLE'>();
  if (candidates.length === 0) return out;
  // try_cast('1.5' AS BIGINT) rounds instead of failing, so integers are recognised by their digits.
  const isInt = (c: string) =>
    `bool_and(${ident(c)} IS NULL OR (regexp_full_match(trim(${ident(c)}), '[-+]?[0-9]{1,18}')))`;
  const isNum = (c: string) => `bool_and(${ident(c)} IS NULL OR try_cast(${ident(c)} AS DOUBLE) IS NOT NULL)`;
  // The first rows rule most text columns out (one non-number is enough), so the scan over every row only tests
  // what is still possible: the same answer, without a regex over every row of every text column.
  const [head] = await engine.all(
    `SELECT ${candidates.map((c, i) => `${isInt(c)} AS i${i}, ${isNum(c)} AS d${i}`).join(', ')} FROM (SELECT * FROM ${ident(table)} LIMIT 2048)`,
  );
  const exprs = candidates.flatMap((c, i) => [
    head[`i${i}`] === false ? `false AS i${i}` : `${isInt(c)} AS i${i}`,
    head[`d${i}`] === false ? `false AS d${i}` : `${isNum(c)} AS d${i}`,
    `count(${ident(c)}) AS n${i}`,
  ]);
  const live = candidates.filter((_, i) => head[`d${i}`] !== false);
  if (live.length === 0) return out;
  const [row] = await engine.all(`SELECT ${exprs.join(', ')} FROM ${ident(table)}`);
  candidates.forEach((c, i) => {
    if (!row[`n${i}`]) return;
    if (row[`i${i}`]) out.set(c, 'BIGINT');
    else if (row[`d${i}`]) out.set(c, 'DOUBLE');
  });
  return out;
}
