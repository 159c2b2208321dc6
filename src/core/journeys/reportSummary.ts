/**
 * The compact report: everything but the bulky per-journey parts (steps, timelines, analyses), which are most of a
 * full report's bytes (at 10,000 journeys about 150 MB as JSON against a few MB for this). What `--summary-json`
 * writes, and what a host holding only the summary would keep resident (fetching a journey's steps on demand).
 */
import type { JourneyReport, Report } from './types';

/** Bumped when the summary's own shape changes (independent of the full report's `schemaVersion`). */
export const SUMMARY_VERSION = 1;

/** A journey without `steps`, `timeline` and `analysis`; `analysisSource` says whether the full report has one. */
export type JourneySummary = Omit<JourneyReport, 'steps' | 'timeline' | 'analysis'> & {
  analysisSource?: 'ai' | 'rules';
};

export interface ReportSummary extends Omit<Report, 'journeys'> {
  summaryVersion: typeof SUMMARY_VERSION;
  journeys: JourneySummary[];
}

export function summariseJourney(j: JourneyReport): JourneySummary {
  const { steps: _steps, timeline: _timeline, analysis, ...rest } = j;
  return analysis ? { ...rest, analysisSource: analysis.source } : rest;
}

export function reportSummary(report: Report): ReportSummary {
  const { journeys, ...rest } = report;
  return { ...rest, summaryVersion: SUMMARY_VERSION, journeys: journeys.map(summariseJourney) };
}

/**
 * The text of `JSON.stringify(report, null, 2)`, in pieces of about one journey each, so a 150 MB report is never one
 * string in memory (nor its UTF-8 copy). The same bytes as the one-piece form (tested).
 */
export function* reportJsonChunks(report: Report): Generator<string> {
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
    for (let i = 0; i < value.length; i++) {
      // An array element JSON.stringify would write as null (undefined, a function) stays null here too.
      const text = JSON.stringify(value[i], null, 2) ?? 'null';
      yield `${i ? ',' : ''}\n    ${indent(text, '    ')}`;
    }
    yield '\n  ]';
  }
  yield keys.length ? '\n}' : '}';
}

/** What JSON.stringify keeps as an object member (it drops undefined, functions and symbols). */
function jsonable(v: unknown): boolean {
  return v !== undefined && typeof v !== 'function' && typeof v !== 'symbol';
}

/** Re-indents a pretty-printed JSON text nested one level deeper; raw newlines only ever separate its lines. */
function indent(text: string, by: string): string {
  return text.includes('\n') ? text.replaceAll('\n', `\n${by}`) : text;
}
