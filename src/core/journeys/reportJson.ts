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

/** Three arrays around the steps put them at their depth in the report: JSON.stringify indents them as it writes. */
const NEST_HEAD = '[\n  [\n    [\n      '.length;
const NEST_TAIL = '\n    ]\n  ]\n]'.length;

/** A journey's steps as `reportJsonChunks` writes them; computable as soon as the journey is parsed. */
export function stepsJsonText(steps: readonly Step[]): string {
  // The same text as re-indenting JSON.stringify(steps, null, 2), without a second pass over its 14 kB a journey.
  const nested = JSON.stringify([[[steps]]], null, 2);
  return nested.slice(NEST_HEAD, nested.length - NEST_TAIL);
}

/** Steps serialised ahead: the text of `stepsJsonText`, or that text as UTF-8 bytes. */
export type StepsText = string | Uint8Array;

/**
 * `stepsText` answers with a journey's steps serialised ahead, or undefined to have them serialised here. Pieces are
 * text, except steps given as bytes, which come out as they are.
 */
export function* reportJsonChunks(
  report: Report,
  stepsText?: (steps: readonly Step[]) => StepsText | undefined,
): Generator<string | Uint8Array> {
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
    for (let i = 0; i < value.length; i++) yield* journeyPieces(value[i], i ? ',' : '', stepsText);
    yield '\n  ]';
  }
  yield keys.length ? '\n}' : '}';
}

/** One element of `journeys`, indented as it sits there, after `separator`. */
function* journeyPieces(
  journey: unknown,
  separator: string,
  stepsText?: (steps: readonly Step[]) => StepsText | undefined,
): Generator<string | Uint8Array> {
  const lead = `${separator}\n${JOURNEY_INDENT}`;
  const steps = (journey as { steps?: unknown } | null)?.steps;
  const known = stepsText && Array.isArray(steps) ? stepsText(steps as Step[]) : undefined;
  if (known === undefined) {
    // An array element JSON.stringify would write as null (undefined, a function) stays null here too.
    yield lead + indent(JSON.stringify(journey, null, 2) ?? 'null', JOURNEY_INDENT);
    return;
  }
  const record = journey as Record<string, unknown>;
  let text = `${lead}{`;
  let first = true;
  for (const key of Object.keys(record)) {
    const value = record[key];
    if (!jsonable(value)) continue;
    text += `${first ? '' : ','}\n${STEPS_INDENT}${JSON.stringify(key)}: `;
    first = false;
    if (key !== 'steps') text += indent(JSON.stringify(value, null, 2), STEPS_INDENT);
    else if (typeof known === 'string') text += known;
    else {
      yield text;
      yield known;
      text = '';
    }
  }
  yield `${text}\n${JOURNEY_INDENT}}`;
}

/** What JSON.stringify keeps as an object member (it drops undefined, functions and symbols). */
function jsonable(v: unknown): boolean {
  return v !== undefined && typeof v !== 'function' && typeof v !== 'symbol';
}

/** Re-indents a pretty-printed JSON text nested deeper; raw newlines only ever separate its lines. */
function indent(text: string, by: string): string {
  return text.includes('\n') ? text.replaceAll('\n', `\n${by}`) : text;
}
