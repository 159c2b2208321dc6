/**
 * The compact report: everything but the bulky per-journey parts (steps, timelines, analyses), which are most of a
 * full report's bytes (at 10,000 journeys about 150 MB as JSON against a few MB for this). What `--summary-json`
 * writes, and what the extension host keeps resident: the session worker serves a journey's steps, timeline and
 * analysis on demand ({@link JourneyDetail}).
 */
import type { JourneyAnalysis, JourneyReport, Report } from './types';

/**
 * Bumped when the summary's own shape changes (independent of the full report's `schemaVersion`).
 * 2: journeys carry `lastDate`.
 */
export const SUMMARY_VERSION = 2;

/** A journey without `steps`, `timeline` and `analysis`; `analysisSource` says whether the full report has one. */
export type JourneySummary = Omit<JourneyReport, 'steps' | 'timeline' | 'analysis'> & {
  analysisSource?: 'ai' | 'rules';
  /** The date of the last dated step ('' when none is dated): the list sorts by it without the steps. */
  lastDate?: string;
};

/**
 * A journey as the extension host and the dashboard hold it: the summary, plus steps, timeline and analysis when it
 * carries them (a full report's journey, a journey loaded on demand, an AI analysis made in the host).
 */
export type CompactJourney = JourneySummary & Partial<Pick<JourneyReport, 'steps' | 'timeline' | 'analysis'>>;

/** A report of compact journeys: a full Report and a ReportSummary are both one. */
export interface CompactReport extends Omit<Report, 'journeys'> {
  journeys: CompactJourney[];
}

/** What the session worker serves for one journey when the dashboard opens it (or the AI needs its steps). */
export type JourneyDetail = Pick<JourneyReport, 'id' | 'contentHash' | 'steps' | 'timeline'> & {
  analysis?: JourneyAnalysis;
};

export function journeyDetail(j: JourneyReport): JourneyDetail {
  const { id, contentHash, steps, timeline, analysis } = j;
  return analysis ? { id, contentHash, steps, timeline, analysis } : { id, contentHash, steps, timeline };
}

/**
 * The full journey from its summary and its detail. An analysis the summary carries wins: it was made after the
 * detail's (an AI analysis in the host replaces the worker's rule-based one).
 */
export function withDetail(j: CompactJourney, d: JourneyDetail): JourneyReport {
  const { analysisSource: _source, lastDate: _last, ...rest } = j;
  const analysis = j.analysis ?? d.analysis;
  return { ...rest, steps: d.steps, timeline: d.timeline, ...(analysis ? { analysis } : {}) };
}

/** The date of the last dated step, as the summary's `lastDate` says it. */
export function lastStepDate(j: Pick<CompactJourney, 'steps' | 'lastDate'>): string {
  if (j.lastDate !== undefined) return j.lastDate;
  const steps = j.steps ?? [];
  for (let i = steps.length - 1; i >= 0; i--) if (steps[i].date) return steps[i].date;
  return '';
}

export interface ReportSummary extends Omit<Report, 'journeys'> {
  summaryVersion: typeof SUMMARY_VERSION;
  journeys: JourneySummary[];
}

export function summariseJourney(j: JourneyReport): JourneySummary {
  const { steps, timeline: _timeline, analysis, ...rest } = j;
  const lastDate = lastStepDate({ steps });
  return analysis ? { ...rest, lastDate, analysisSource: analysis.source } : { ...rest, lastDate };
}

export function reportSummary(report: Report): ReportSummary {
  const { journeys, ...rest } = report;
  return { ...rest, summaryVersion: SUMMARY_VERSION, journeys: journeys.map(summariseJourney) };
}

/** The same summary from a report whose journeys were summarised already (the session worker's compact report). */
export function compactReportSummary(report: Omit<Report, 'journeys'> & { journeys: JourneySummary[] }): ReportSummary {
  const { journeys, ...rest } = report;
  return { ...rest, summaryVersion: SUMMARY_VERSION, journeys };
}
