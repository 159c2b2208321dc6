// Contract: parse one recording's text into a normalised Journey, with every problem located (file, line, column).
// Never throws on content. The layouts it reads are registered in layouts.ts (chunk map, bare `{steps}` chunk,
// regrouped export).
//
// Error (journey null, file skipped): syntax error, empty, binary, a top level that is not an object, `groups` that
// is not an array, or no usable step at all. Everything else is a warning and the journey is still built: a bad chunk
// or a step that is not an object is skipped; a step with a wrong or missing field is kept with a visible default
// (label "(no label)", status unknown, date '', time of the step before it), because an analyst would rather see a
// flawed step than lose it. Repeated data-quality issues (clock skew, unknown statuses, failed narrations) become one
// summarised line in `journey.warnings`.
import { contentHash } from '../../shared/hash';
import type { Journey, Problem } from '../types';
import { orderSteps } from '../normalize';
import type { OutcomeRule } from '../options';
import { decideOutcome } from '../outcome';
import { emptyExtraction, type Extraction } from './extraction';
import { readJsonText, type JsonRead } from './jsonText';
import type { LayoutContext } from './layout';
import { LAYOUTS } from './layouts';
import type { JsonLocator } from './locate';
import { ProblemLog } from './problems';
import { isObject } from '../../shared/isObject';
import { describe, newStepStats, type StepStats } from './readStep';

export { looksLikeRecording } from './sniff';
export { locateJsonPath } from './locate';

export interface ParseInput {
  /** File content as read from disk (may start with a BOM). */
  text: string;
  /** Absolute path of the file. */
  file: string;
  /** Path relative to the analysed root, forward slashes; becomes the journey id. */
  relPath: string;
  outcomeRules: OutcomeRule[];
}

export interface ParseOutput {
  /** Null when the file could not be read as a recording at all. */
  journey: Journey | null;
  /** Located problems (file, line, column); warnings when the journey was still built. */
  problems: Problem[];
}

export function parseRecording(input: ParseInput, read?: JsonRead): ParseOutput {
  try {
    return parseOrReport(input, read ?? readJsonText(input.text));
  } catch (err) {
    // A safety net, not a code path: one unforeseen input must cost one file, never the run.
    const message = `could not parse this file (${err instanceof Error ? err.message : String(err)}); file skipped`;
    return { journey: null, problems: [{ file: input.file, message, severity: 'error' }] };
  }
}

function parseOrReport(input: ParseInput, read: JsonRead): ParseOutput {
  if (!read.ok) {
    const problem: Problem = { file: input.file, message: read.message, severity: 'error' };
    if (read.line !== undefined) {
      problem.line = read.line;
      problem.column = read.column;
    }
    return { journey: null, problems: [problem] };
  }

  const log = new ProblemLog();
  const stats = newStepStats();
  const extraction = readLayout(read.value, baseName(input.relPath), read.locator, log, stats);
  if (extraction && extraction.drafts.length === 0 && !log.hasErrors) log.error([], noStepsMessage(extraction));
  if (!extraction || log.hasErrors) return { journey: null, problems: log.resolve(input.file, read.locator) };

  const steps = orderSteps(extraction.drafts);
  const { outcome, source } = decideOutcome(input.relPath, steps, input.outcomeRules);
  const journey: Journey = {
    id: input.relPath,
    file: input.file,
    name: baseName(input.relPath),
    outcome,
    outcomeSource: source,
    steps,
    recordings: extraction.recordings,
    warnings: journeyWarnings(extraction, stats),
    contentHash: contentHash(input.text),
  };
  return { journey, problems: log.resolve(input.file, read.locator) };
}

function readLayout(
  top: unknown,
  name: string,
  locator: JsonLocator,
  log: ProblemLog,
  stats: StepStats,
): Extraction | null {
  if (isObject(top)) return readObject(top, { name, locator, log, stats, at: [] });
  // Some exports wrap the recording (or several) in an array: `[ { ...chunk map... } ]`. Each object item is read as
  // a recording of its own layout; its recordings follow the items before it.
  if (Array.isArray(top) && top.some(isRecordingObject)) {
    const out = emptyExtraction();
    let rankOffset = 0;
    for (let i = 0; i < top.length; i++) {
      const item = top[i];
      if (!isObject(item)) {
        log.warn(
          [i],
          `item ${i + 1} of the wrapping array should be a recording object, found ${describe(item)}; ignored`,
        );
        continue;
      }
      const read = readObject(item, { name, locator, log, stats, at: [i] });
      if (!read) return null;
      for (const d of read.drafts) out.drafts.push({ ...d, recordingRank: d.recordingRank + rankOffset });
      // Ranks within an item run from 0 to its recordings - 1.
      rankOffset += Math.max(read.recordings, 1);
      out.recordings += read.recordings;
      for (const [reason, n] of read.notNarrated) out.notNarrated.set(reason, (out.notNarrated.get(reason) ?? 0) + n);
    }
    return out;
  }
  log.error(
    [],
    `expected a JSON object of recording chunks (or a regrouped export with "groups"), found ${describe(top)}; file skipped`,
  );
  return null;
}

/** An object one of the layouts reads: a chunk, a regrouped export, or a map whose values are chunks. */
function isRecordingObject(item: unknown): boolean {
  if (!isObject(item)) return false;
  if (Array.isArray(item.steps) || item.groups !== undefined) return true;
  return Object.values(item).some((v) => isObject(v) && (v.steps !== undefined || v.error !== undefined));
}

function readObject(top: Record<string, unknown>, ctx: LayoutContext): Extraction | null {
  const layout = LAYOUTS.find((l) => l.claims(top)) ?? LAYOUTS[LAYOUTS.length - 1];
  return layout.read(top, ctx);
}

function noStepsMessage(x: Extraction): string {
  const failed = [...x.notNarrated.values()].reduce((a, b) => a + b, 0);
  if (x.recordings === 0) return 'no steps: the file holds no recording chunks; file skipped';
  const why = failed > 0 ? ` (${failed} could not be narrated)` : '';
  return `no steps: none of the ${x.recordings} recording${x.recordings === 1 ? '' : 's'} in the file has a usable step${why}; file skipped`;
}

/** One summarised note per kind of data-quality issue: a journey with 40 skewed clocks gets one line, not 40. */
function journeyWarnings(x: Extraction, stats: StepStats): string[] {
  const warnings: string[] = [];
  const failed = [...x.notNarrated.entries()].sort((a, b) => b[1] - a[1]);
  const failedCount = failed.reduce((n, [, c]) => n + c, 0);
  if (failedCount > 0) {
    const reasons = failed.map(([reason]) => reason).join('; ');
    warnings.push(`${plural(failedCount, 'recording')} could not be narrated (${reasons})`);
  }
  if (stats.clockMismatches > 0) {
    warnings.push(
      `${plural(stats.clockMismatches, 'step')}: start_ms_since/end_ms_since disagree with the MM:SS.S clock by more than 1 s; ` +
        `the clock was used (first: ${stats.firstMismatch})`,
    );
  }
  if (stats.endBeforeStart > 0) {
    const one = stats.endBeforeStart === 1;
    warnings.push(
      `${plural(stats.endBeforeStart, 'step')} ${one ? 'ends before it starts' : 'end before they start'}; end clock ignored, end set to the start`,
    );
  }
  if (stats.unknownStatuses.size > 0) {
    const total = [...stats.unknownStatuses.values()].reduce((a, b) => a + b, 0);
    const list = [...stats.unknownStatuses.entries()].map(([raw, n]) => `${JSON.stringify(raw)} ×${n}`).join(', ');
    warnings.push(`${plural(total, 'step')} with an unrecognised status, shown as unknown: ${list}`);
  }
  if (stats.skipped > 0) warnings.push(`${plural(stats.skipped, 'malformed step')} skipped (see problems for where)`);
  return warnings;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function baseName(relPath: string): string {
  const file = relPath.slice(Math.max(relPath.lastIndexOf('/'), relPath.lastIndexOf('\\')) + 1);
  const dot = file.lastIndexOf('.');
  return dot > 0 ? file.slice(0, dot) : file;
}
