/**
 * The full report as the text of `JSON.stringify(report, null, 2)`, in pieces of about one journey each, so a 150 MB
 * report is never one string in memory (nor its UTF-8 copy). The same bytes as the one-piece form (tested).
 *
 * Most of a journey's text is known as soon as it is parsed: all but its prediction and analysis. A caller that
 * serialised those members already, on whichever thread parsed the journey (`journeyRunsAhead`), passes them in, and
 * writing the report then costs little more than copying them.
 */
import type { Journey, JourneyMetrics, Report, Step } from './types';

/** Where a journey's members sit in the report: `journeys[i].<member>`, three levels in, two spaces a level. */
const MEMBER_INDENT = '      ';
const JOURNEY_INDENT = '    ';

/** The members of a journey report before and after its prediction, in the order buildReport gives them. */
const HEAD_MEMBERS = ['id', 'file', 'name', 'outcome', 'outcomeSource'] as const;
const BODY_MEMBERS = ['steps', 'metrics', 'timeline', 'warnings', 'contentHash'] as const;

/** Three arrays around a value put it at a member's depth: JSON.stringify indents it as it writes. */
const NEST_HEAD = '[\n  [\n    [\n      '.length;
const NEST_TAIL = '\n    ]\n  ]\n]'.length;

/** A value as it reads as a journey's member in the report. */
function memberValueText(value: unknown): string {
  // The same text as re-indenting JSON.stringify(value, null, 2), without a second pass over it.
  const nested = JSON.stringify([[[value]]], null, 2);
  return nested.slice(NEST_HEAD, nested.length - NEST_TAIL);
}

/** A journey's steps as the report writes them. */
export function stepsJsonText(steps: readonly Step[]): string {
  return memberValueText(steps);
}

/**
 * Consecutive members of a journey serialised ahead. The writer uses the text only where the report's journey holds
 * these very values (the same objects: identity, not equality) under these keys in this order; anywhere else it
 * serialises the journey itself, so a stale or foreign run can cost time but never change a byte.
 */
export interface MemberRun {
  keys: readonly string[];
  values: readonly unknown[];
  /** `,`-separated members, the first without its comma; text, or that text as UTF-8 bytes. */
  text: string | Uint8Array;
}

/** The runs of a journey's report entry known once it is parsed and its metrics and timeline derived. */
export function journeyRunsAhead(
  journey: Journey,
  derived: { metrics: JourneyMetrics; timeline: string },
): MemberRun[] {
  const member: Record<string, unknown> = { ...journey, metrics: derived.metrics, timeline: derived.timeline };
  const runs: MemberRun[] = [];
  for (const keys of [HEAD_MEMBERS, BODY_MEMBERS]) {
    const values = keys.map((k) => member[k]);
    // A member JSON.stringify would leave out is left to the writer.
    if (!values.every(jsonable)) continue;
    const text = keys.map(
      (k, n) => `${n ? ',' : ''}\n${MEMBER_INDENT}${JSON.stringify(k)}: ${memberValueText(values[n])}`,
    );
    runs.push({ keys, values, text: text.join('') });
  }
  return runs;
}

/**
 * `ahead` answers with a journey's runs serialised ahead (found by its steps array), or undefined to have it
 * serialised here. Pieces are text, except runs given as bytes, which come out as they are.
 */
export function* reportJsonChunks(
  report: Report,
  ahead?: (steps: readonly Step[]) => readonly MemberRun[] | undefined,
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
    for (let i = 0; i < value.length; i++) yield* journeyPieces(value[i], i ? ',' : '', ahead);
    yield '\n  ]';
  }
  yield keys.length ? '\n}' : '}';
}

/** One element of `journeys`, indented as it sits there, after `separator`. */
function* journeyPieces(
  journey: unknown,
  separator: string,
  ahead?: (steps: readonly Step[]) => readonly MemberRun[] | undefined,
): Generator<string | Uint8Array> {
  const lead = `${separator}\n${JOURNEY_INDENT}`;
  const steps = (journey as { steps?: unknown } | null)?.steps;
  const runs = ahead && Array.isArray(steps) ? ahead(steps as Step[]) : undefined;
  const record = journey as Record<string, unknown>;
  const keys = runs ? Object.keys(record).filter((k) => jsonable(record[k])) : [];
  if (!runs || keys.length === 0) {
    // An array element JSON.stringify would write as null (undefined, a function) stays null here too.
    yield lead + indent(JSON.stringify(journey, null, 2) ?? 'null', JOURNEY_INDENT);
    return;
  }
  let text = `${lead}{`;
  for (let i = 0; i < keys.length;) {
    if (i) text += ',';
    const run = runs.find((r) => r.keys.every((k, n) => keys[i + n] === k && record[k] === r.values[n]));
    if (!run) {
      text += `\n${MEMBER_INDENT}${JSON.stringify(keys[i])}: ${memberValueText(record[keys[i]])}`;
      i++;
    } else if (typeof run.text === 'string') {
      text += run.text;
      i += run.keys.length;
    } else {
      yield text;
      yield run.text;
      text = '';
      i += run.keys.length;
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
