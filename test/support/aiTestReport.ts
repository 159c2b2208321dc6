/** Small, hand-made reports for the AI and rule-based analysis tests (real metrics, no parser needed). */
import { computeMetrics } from '../../src/core/metrics';
import type { Journey, JourneyOutcome, JourneyReport, Prediction, Report, Status, Step } from '../../src/core/model';

export interface StepSpec {
  label: string;
  status?: Status;
  date?: string;
  details?: string;
}

export function journeyReport(id: string, outcome: JourneyOutcome, specs: StepSpec[], prediction: Prediction | null = null): JourneyReport {
  const steps: Step[] = specs.map((s, i) => ({
    index: i + 1,
    label: s.label,
    status: s.status ?? 'non-converted',
    rawStatus: s.status ?? 'non-converted',
    date: s.date ?? '2024-05-10',
    startMs: i * 5000,
    endMs: i * 5000 + 2000,
    startClock: '',
    endClock: '',
    details: s.details ?? '',
    recordingId: 'rec-1',
    sourcePath: [],
  }));
  const journey: Journey = {
    id,
    file: `/data/${id}`,
    name: id.replace(/\.json$/, ''),
    outcome,
    outcomeSource: outcome === 'open' ? 'none' : 'folder',
    steps,
    recordings: 1,
    warnings: [],
    contentHash: `hash-${id}`,
  };
  return {
    id,
    file: journey.file,
    name: journey.name,
    outcome,
    outcomeSource: journey.outcomeSource,
    prediction,
    steps,
    metrics: computeMetrics(journey),
    timeline: '',
    warnings: [],
    contentHash: journey.contentHash,
  };
}

export const UPGRADE_STEPS: StepSpec[] = [
  { label: "Click 'Start for Free' Button", date: '2024-05-10' },
  { label: 'Completed Onboarding', date: '2024-05-10' },
  { label: 'Viewed Pricing Page', status: 'attempted_conversion', date: '2024-05-12' },
  { label: 'Payment Successful', status: 'converted', date: '2024-05-12', details: 'Paid for the annual plan.' },
];

export const CANCEL_STEPS: StepSpec[] = [
  { label: 'Used Advanced Pro Features', status: 'converted', date: '2024-06-01' },
  { label: 'Received Payment Failure Notification', status: 'conversion_at_risk', date: '2024-06-20', details: 'The card was declined.' },
  { label: 'Opened Support Chat', status: 'conversion_at_risk', date: '2024-06-20' },
  { label: "Selected 'Cancel Subscription' Option", status: 'churned', date: '2024-06-21' },
  { label: 'Declined Retention Offer', status: 'churned', date: '2024-06-21' },
];

export function sampleReport(journeys: JourneyReport[]): Report {
  return {
    schemaVersion: 1,
    generatedAt: '2024-07-01T00:00:00.000Z',
    root: '/data',
    journeys,
    model: { evaluation: null, indicators: [], statusBlind: true, featureCount: 0, trainedOn: 0 },
    profiles: { upgrade: null, cancel: null },
    problems: [],
  };
}
