import type { CompactJourney, CompactReport } from '../core/journeys/reportSummary';

/** What a journey looked like when the dashboard was last sent it: enough to tell whether it needs sending again. */
export type JourneyFingerprints = Map<string, string>;

/** Changes this small in a report this large go to the dashboard journey by journey instead of as a whole report. */
export const INCREMENTAL_FROM_JOURNEYS = 2000;
export const MAX_INCREMENTAL_CHANGES = 200;

export function fingerprints(report: CompactReport): JourneyFingerprints {
  return new Map(report.journeys.map((j) => [j.id, fingerprint(j)]));
}

/**
 * Journeys whose shown content differs from what the dashboard has: new or edited files, another known outcome,
 * a prediction that moved into another half-percentage-point step, another analysis or analysis error.
 * Rule-based analyses are rebuilt on every update, so an analysis is compared by what it says, not by identity.
 */
export function diffJourneys(
  before: JourneyFingerprints,
  report: CompactReport,
): { changed: CompactJourney[]; removed: string[] } {
  const changed: CompactJourney[] = [];
  const seen = new Set<string>();
  for (const j of report.journeys) {
    seen.add(j.id);
    if (before.get(j.id) !== fingerprint(j)) changed.push(j);
  }
  const removed = [...before.keys()].filter((id) => !seen.has(id));
  return { changed, removed };
}

function fingerprint(j: CompactJourney): string {
  const p = j.prediction;
  const a = j.analysis;
  return [
    j.contentHash,
    j.outcome,
    p ? `${p.outcome}:${Math.round(p.pUpgrade * 200)}` : '-',
    // A compact journey carries only an AI analysis; a rule-based one stays in the worker and shows as its source.
    a ? `${a.source}:${a.cacheKey ?? a.summary}` : (j.analysisSource ?? '-'),
    j.analysisError ?? '',
  ].join('|');
}
