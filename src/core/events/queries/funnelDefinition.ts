/**
 * The funnel step language: `STEP > STEP > ...`, a step being an event name (`add_to_cart`) or
 * `Name: condition & condition`, a condition `column OP value` with `=`, `!=`, `^=` (starts with), `*=` (contains),
 * `~=` (regular expression). `\>` and `\&` put a literal `>` / `&` in a value; a value may be double-quoted.
 */
import type { Condition, ConditionOp, FunnelDefinition, FunnelOrder, FunnelStepDef, FunnelUnit } from '../types';
import { parseWindow } from '../options';

const OPS: ConditionOp[] = ['!=', '^=', '*=', '~=', '='];
const CONDITION = /^\s*([^\s=!^*~&>:][^\s=!^*~&>]*)\s*(!=|\^=|\*=|~=|=)\s*(.*?)\s*$/;

/** The column an event-name step matches: `event`, or `page` in a log without an event column. */
export const EVENT_NAME_COLUMN = 'event';

function splitUnescaped(text: string, sep: string): string[] {
  const parts: string[] = [];
  let cur = '';
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\' && (text[i + 1] === sep || text[i + 1] === '\\')) {
      cur += text[i + 1];
      i++;
    } else if (text[i] === sep) {
      parts.push(cur);
      cur = '';
    } else cur += text[i];
  }
  parts.push(cur);
  return parts;
}

function unquote(v: string): string {
  return v.length >= 2 && v.startsWith('"') && v.endsWith('"') ? v.slice(1, -1) : v;
}

function parseConditions(text: string): Condition[] | null {
  const out: Condition[] = [];
  for (const part of splitUnescaped(text, '&')) {
    const m = CONDITION.exec(part);
    if (!m || !OPS.includes(m[2] as ConditionOp)) return null;
    out.push({ column: m[1], op: m[2] as ConditionOp, value: unquote(m[3]) });
  }
  return out.length ? out : null;
}

export function parseStep(raw: string): FunnelStepDef {
  const text = raw.trim();
  if (!text) throw new Error('a funnel step is empty (two ">" in a row, or one at an end?)');
  const colon = text.indexOf(':');
  if (colon > 0) {
    const conditions = parseConditions(text.slice(colon + 1));
    if (conditions) return { name: text.slice(0, colon).trim(), match: text.slice(colon + 1).trim(), conditions };
  }
  // A bare condition (`css=button.buy`) is a step named after itself.
  const bare = /[=~^*!]=|=/.test(text) ? parseConditions(text) : null;
  if (bare) return { name: text, match: text, conditions: bare };
  const name = unquote(text);
  return { name, match: name, conditions: [{ column: EVENT_NAME_COLUMN, op: '=', value: name }] };
}

export function parseSteps(text: string): FunnelStepDef[] {
  const steps = splitUnescaped(text, '>').map(parseStep);
  if (steps.length < 1) throw new Error('a funnel needs at least one step');
  return steps;
}

export function funnelDefinition(input: {
  steps: FunnelStepDef[];
  unit?: FunnelUnit;
  window?: string | null;
  order?: FunnelOrder;
  by?: string | null;
}): FunnelDefinition {
  return {
    steps: input.steps,
    unit: input.unit ?? 'user',
    windowMs: input.window ? parseWindow(input.window) : null,
    order: input.order ?? 'sequential',
    by: input.by ?? null,
  };
}

/** The text a user would type for a definition (for "suggested" funnels and the dashboard's editor). */
export function formatSteps(steps: FunnelStepDef[]): string {
  return steps
    .map((s) => {
      const c = s.conditions;
      if (c.length === 1 && c[0].column === EVENT_NAME_COLUMN && c[0].op === '=' && c[0].value === s.name)
        return esc(s.name);
      return `${esc(s.name)}: ${c.map((x) => `${x.column}${x.op}${esc(x.value)}`).join(' & ')}`;
    })
    .join(' > ');
}

function esc(v: string): string {
  return v.replaceAll('\\', '\\\\').replaceAll('>', '\\>').replaceAll('&', '\\&');
}
