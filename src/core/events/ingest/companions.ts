/**
 * Companion tables beside an events file: `users.csv` (keyed by user_id) and `products.csv` (keyed by product_id),
 * read like any CSV, numbers and dates typed, the key as VARCHAR so it joins the events' text ids.
 */
import type { SqlEngine } from '../engine';
import { ident } from '../sql';
import type { EventsProblem, SourceInfo } from '../types';
import { inferNumericColumns, parseHeader, readDelimited } from './delimited';
import { ROLE_NAMES } from './roles';
import type { FileHead } from './source';

export type CompanionKind = 'users' | 'products';

/** Recognised by name, as the issue describes them: `users.csv` / `products.csv` (any delimited extension). */
export function companionKind(display: string): CompanionKind | null {
  const base = display.split(/[\\/]/).pop()!.toLowerCase();
  if (/^users\.(csv|tsv|txt)$/.test(base)) return 'users';
  if (/^products\.(csv|tsv|txt)$/.test(base)) return 'products';
  return null;
}

export async function loadCompanion(
  engine: SqlEngine,
  head: FileHead,
  kind: CompanionKind,
  index: number,
): Promise<{ source: SourceInfo | null; problems: EventsProblem[] }> {
  const header = parseHeader(head.text);
  const keyNames = kind === 'users' ? ROLE_NAMES.user : ['product_id', 'sku', 'productid', 'id'];
  const key = header?.columns.find((c) => keyNames.includes(c.toLowerCase()));
  if (!header || !key) {
    const found = header?.columns.join(', ') || '(none)';
    return {
      source: null,
      problems: [
        {
          file: head.display,
          line: 1,
          message: `${kind} table without a ${keyNames[0]} column; columns found: ${found}; not joined`,
          severity: 'error',
        },
      ],
    };
  }
  const raw = `comp_${index}`;
  const read = await readDelimited(engine, head, header, raw);
  const others = header.columns.filter((c) => c !== key);
  const numeric = await inferNumericColumns(engine, raw, others);
  const dates = await inferTimeColumns(
    engine,
    raw,
    others.filter((c) => !numeric.has(c)),
  );
  const select = others.map((c) => {
    const t = numeric.get(c) ?? dates.get(c);
    return `${t ? `CAST(${ident(c)} AS ${t})` : ident(c)} AS ${ident(c === `${kind.slice(0, -1)}_id` ? `${c}_prop` : c)}`;
  });
  const keyOut = kind === 'users' ? 'user_id' : 'product_id';
  await engine.run(
    `CREATE OR REPLACE TABLE ${kind} AS SELECT CAST(${ident(key)} AS VARCHAR) AS ${keyOut}${select.length ? `, ${select.join(', ')}` : ''}
     FROM ${ident(raw)} WHERE ${ident(key)} IS NOT NULL QUALIFY row_number() OVER (PARTITION BY ${ident(key)} ORDER BY _ord) = 1`,
  );
  const problems = [...read.problems];
  const [{ kept, dup }] = await engine.all<{ kept: number; dup: number }>(
    `SELECT (SELECT count(*) FROM ${kind})::BIGINT AS kept, (SELECT count(*) - count(DISTINCT ${ident(key)}) FROM ${ident(raw)} WHERE ${ident(key)} IS NOT NULL)::BIGINT AS dup`,
  );
  if (dup > 0)
    problems.push({
      file: head.display,
      message: `${dup} rows repeat a ${key} already seen; the first is kept`,
      severity: 'warning',
    });
  return {
    source: {
      file: head.display,
      layout: 'csv',
      rows: kept,
      rejected: read.rejected,
      roles: { user: kind === 'users' ? key : '', session: null, time: null, event: null },
      table: kind,
    },
    problems,
  };
}

async function inferTimeColumns(engine: SqlEngine, table: string, columns: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (columns.length === 0) return out;
  const exprs = columns.map(
    (c, i) =>
      `bool_and(${ident(c)} IS NULL OR try_cast(${ident(c)} AS TIMESTAMP) IS NOT NULL) AND count(${ident(c)}) > 0 AS t${i}`,
  );
  const [row] = await engine.all(`SELECT ${exprs.join(', ')} FROM ${ident(table)}`);
  columns.forEach((c, i) => {
    if (row[`t${i}`]) out.set(c, 'TIMESTAMP');
  });
  return out;
}
