/**
 * A compact index of a large report's journeys: one short row per journey with just what the journeys list shows,
 * filters and sorts on. The exported HTML puts it before the app so 10,000 journeys paint before the browser has
 * read the full report (tens of MB). Encoded in Node, decoded in the webview; vscode-free and DOM-free.
 */
import {
  STATUSES,
  type JourneyReport,
  type Outcome,
  type OutcomeSource,
  type JourneyOutcome,
  type Report,
  type Status,
} from '../core/journeys/types';

type Row = [
  id: string,
  name: string,
  outcome: JourneyOutcome,
  source: OutcomeSource,
  predicted: Outcome | 0,
  pUpgrade: number,
  steps: number,
  days: number,
  recordings: number,
  warnings: number,
  lastDate: string,
  statusMask: number,
  analysisFailed: 0 | 1,
];

export interface ReportIndex {
  report: Omit<Report, 'journeys'>;
  rows: Row[];
}

const ALL_STATUSES: Status[] = [...STATUSES, 'unknown'];

function emptyStatusRecord(): Record<Status, number> {
  return Object.fromEntries(ALL_STATUSES.map((s) => [s, 0])) as Record<Status, number>;
}

export function encodeReportIndex(report: Report): ReportIndex {
  const { journeys, ...rest } = report;
  return {
    report: rest,
    rows: journeys.map((j): Row => {
      let mask = 0;
      ALL_STATUSES.forEach((s, i) => {
        if ((j.metrics.statusCounts[s] ?? 0) > 0) mask |= 1 << i;
      });
      const last = [...j.steps].reverse().find((s) => s.date)?.date ?? '';
      return [
        j.id,
        j.name,
        j.outcome,
        j.outcomeSource,
        j.prediction?.outcome ?? 0,
        j.prediction ? Math.round(j.prediction.pUpgrade * 1e4) / 1e4 : -1,
        j.metrics.steps,
        j.metrics.daysSpanned,
        j.metrics.recordings,
        j.warnings.length,
        last,
        mask,
        j.analysisError ? 1 : 0,
      ];
    }),
  };
}

/** Light journeys: right for the list rows, empty inside (no steps beyond the last date, no timeline, no analysis). */
export function decodeReportIndex(index: ReportIndex): Report {
  return {
    ...index.report,
    journeys: index.rows.map(
      ([
        id,
        name,
        outcome,
        outcomeSource,
        predicted,
        p,
        steps,
        days,
        recordings,
        warnings,
        lastDate,
        mask,
        failed,
      ]): JourneyReport => {
        const statusCounts = emptyStatusRecord();
        ALL_STATUSES.forEach((s, i) => {
          if (mask & (1 << i)) statusCounts[s] = 1;
        });
        return {
          id,
          name,
          outcome,
          outcomeSource,
          file: '',
          timeline: '',
          contentHash: '',
          prediction: predicted ? { outcome: predicted, pUpgrade: p, outOfFold: true, top: [] } : null,
          steps: lastDate
            ? [
                {
                  index: steps,
                  label: '',
                  status: 'unknown',
                  rawStatus: '',
                  date: lastDate,
                  startMs: 0,
                  endMs: 0,
                  startClock: '',
                  endClock: '',
                  details: '',
                  recordingId: '',
                  sourcePath: [],
                },
              ]
            : [],
          metrics: {
            steps,
            recordings,
            daysSpanned: days,
            activeTimeMs: 0,
            statusCounts,
            statusShares: emptyStatusRecord(),
            daysToFirstAttempt: null,
            stepsToFirstAttempt: null,
            daysToOutcome: null,
            friction: { errors: 0, supportContacts: 0, cancellationSteps: 0, retentionSteps: 0 },
            statusPath: [],
          },
          warnings: Array.from({ length: warnings }, () => ''),
          ...(failed ? { analysisError: 'The last analysis failed (details load with the full report).' } : {}),
        };
      },
    ),
  };
}
