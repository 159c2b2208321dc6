/**
 * The full report as the text of `JSON.stringify(report, null, 2)`, in pieces of about one journey each, so a 150 MB
 * report is never one string in memory (nor its UTF-8 copy). The same bytes as the one-piece form (tested).
 *
 * Steps are most of those bytes. A caller that serialised a journey's steps already, where the journey was parsed
 * and on whichever thread parsed it (`stepsJsonText`), passes that text in: writing the report then costs little
 * more than copying it.
 */
import type { Report, Step } from './types';

/** Where a journey's steps sit in the report: `journeys[i].steps`, three levels in, two spaces a level. */
const STEPS_INDENT = '      ';
const JOURNEY_INDENT = '    ';

/** A journey's steps as `reportJsonChunks` writes them; computable as soon as the journey is parsed. */
export function stepsJsonText(steps: readonly Step[]): string {
  return indent(JSON.stringify(steps, null, 2), STEPS_INDENT);
}

/** `stepsText` answers with `stepsJsonText` of a journey's steps, or undefined to have them serialised here. */
export function* reportJsonChunks(
  report: Report,
  stepsText?: (steps: readonly Step[]) => string | undefined,
): Generator<string> {
  const keys = Object.keys(report).filter((k) => jsonable((report as unknown as Record<string, unknown>)[k]));
  yield '{';
  for (const [n, key] of keys.entries()) {
    const value = (report as unknown as Record<string, unknown>)[key];
    const head = `${n ? ',' : ''}\n  ${JSON.stringify(key)}: `;
    if (key !== 'journeys' || !Array.isArray(value) || value.length === 0) {
      yield head + indent(JSON.stringify(value, null, 2), '  ');
      continue;
    }
    yield `${head}[`;
    for (let i = 0; i < value.length; i++)
      yield `${i ? ',' : ''}\n${JOURNEY_INDENT}${journeyText(value[i], stepsText)}`;
    yield '\n  ]';
  }
  yield keys.length ? '\n}' : '}';
}

/** One element of `journeys`, indented as it sits there. */
function journeyText(journey: unknown, stepsText?: (steps: readonly Step[]) => string | undefined): string {
  const steps = (journey as { steps?: unknown } | null)?.steps;
  const known = stepsText && Array.isArray(steps) ? stepsText(steps as Step[]) : undefined;
  // An array element JSON.stringify would write as null (undefined, a function) stays null here too.
  if (known === undefined) return indent(JSON.stringify(journey, null, 2) ?? 'null', JOURNEY_INDENT);
  const record = journey as Record<string, unknown>;
  const parts: string[] = [];
  for (const key of Object.keys(record)) {
    const value = record[key];
    if (!jsonable(value)) continue;
    const text = key === 'steps' ? known : indent(JSON.stringify(value, null, 2), STEPS_INDENT);
    parts.push(`\n${STEPS_INDENT}${JSON.stringify(key)}: ${text}`);
  }
  return parts.length ? `{${parts.join(',')}\n${JOURNEY_INDENT}}` : '{}';
}

/** What JSON.stringify keeps as an object member (it drops undefined, functions and symbols). */
function jsonable(v: unknown): boolean {
  return v !== undefined && typeof v !== 'function' && typeof v !== 'symbol';
}

/** Re-indents a pretty-printed JSON text nested deeper; raw newlines only ever separate its lines. */
function indent(text: string, by: string): string {
  return text.includes('\n') ? text.replaceAll('\n', `\n${by}`) : text;
}
