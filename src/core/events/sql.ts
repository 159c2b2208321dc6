/**
 * Escaping for SQL built from user input (column names from a CSV header, values typed into a funnel step).
 * Every identifier and literal that did not come from our own source text goes through these.
 */

/** A double-quoted identifier: `my "col"` → `"my ""col"""`. */
export function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** A single-quoted string literal. NUL cannot appear in a DuckDB string, so it is dropped rather than truncating. */
export function lit(value: string): string {
  return `'${value.replaceAll('\u0000', '').replaceAll("'", "''")}'`;
}

/** A numeric literal, refusing NaN and infinities (they would be parsed as identifiers). */
export function num(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
  return String(value);
}
