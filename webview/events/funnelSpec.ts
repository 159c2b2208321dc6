/**
 * The funnel's text form, as the CLI takes it (`Name: column OP value & ...`, steps joined by ` > `), and back.
 * The editor starts from the host's parsed definition when it has one; this reads a report's `match` texts otherwise,
 * and writes the `--funnel` argument an export shows for the command line.
 */
import type {
  Condition,
  ConditionOp,
  FunnelDefinition,
  FunnelReport,
  FunnelStepDef,
} from '../../src/core/events/types';

export const OPS: { op: ConditionOp; label: string }[] = [
  { op: '=', label: '= equals' },
  { op: '!=', label: '≠ is not' },
  { op: '^=', label: '^= starts with' },
  { op: '*=', label: '*= contains' },
  { op: '~=', label: '~= matches regex' },
];
/** The canonical event column (src/core/events/types.ts): a step written as a bare name matches it. */
export const EVENT_COLUMN = 'event';

const OP_RE = /^\s*([^\s=!^*~&]+)\s*(!=|\^=|\*=|~=|=)\s*(.*?)\s*$/;

/** `css=button.add & path^=/p` → conditions; a bare `add_to_cart` → `event = add_to_cart`. */
export function parseMatch(match: string): Condition[] {
  const parts = match
    .split('&')
    .map((p) => p.trim())
    .filter(Boolean);
  const conditions: Condition[] = [];
  for (const part of parts) {
    const m = OP_RE.exec(part);
    if (m) conditions.push({ column: m[1], op: m[2] as ConditionOp, value: m[3] });
    else conditions.push({ column: EVENT_COLUMN, op: '=', value: part });
  }
  return conditions.length ? conditions : [{ column: EVENT_COLUMN, op: '=', value: match.trim() }];
}

export function matchText(conditions: Condition[]): string {
  if (conditions.length === 1 && conditions[0].column === EVENT_COLUMN && conditions[0].op === '=')
    return conditions[0].value;
  return conditions.map((c) => `${c.column}${c.op}${c.value}`).join(' & ');
}

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `7d`, `24h`, `30m` → ms; '' → null (no window); anything else → undefined (invalid). */
export function parseWindow(text: string): number | null | undefined {
  const t = text.trim();
  if (t === '') return null;
  const m = /^(\d+(?:\.\d+)?)\s*([smhdw])$/i.exec(t);
  if (!m) return undefined;
  const ms = Math.round(Number(m[1]) * UNIT_MS[m[2].toLowerCase()]);
  return ms > 0 ? ms : undefined;
}

export function windowText(ms: number | null): string {
  if (ms === null) return '';
  for (const u of ['d', 'h', 'm', 's']) if (ms % UNIT_MS[u] === 0) return `${ms / UNIT_MS[u]}${u}`;
  return `${Math.round(ms / 1000)}s`;
}

/** The definition behind a report's funnel, read back from its steps' texts. */
export function definitionFromReport(f: FunnelReport): FunnelDefinition {
  return {
    steps: f.steps.map((s) => ({ name: s.name, match: s.match, conditions: parseMatch(s.match) })),
    unit: f.unit,
    windowMs: f.window ? (parseWindow(f.window) ?? null) : null,
    order: f.order,
    by: f.breakdown?.by ?? null,
  };
}

export function stepText(s: FunnelStepDef): string {
  const match = matchText(s.conditions);
  return s.name && s.name !== match ? `${s.name}: ${match}` : match;
}

/** The CLI arguments that compute this funnel. */
export function cliArguments(d: FunnelDefinition): string {
  const args = [`--funnel ${shellQuote(d.steps.map(stepText).join(' > '))}`, `--unit ${d.unit}`, `--order ${d.order}`];
  if (d.windowMs !== null) args.push(`--window ${windowText(d.windowMs)}`);
  if (d.by) args.push(`--by ${shellQuote(d.by)}`);
  return args.join(' ');
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}
