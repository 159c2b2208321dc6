/** Small, hand-made reports for the AI and rule-based analysis tests (real metrics, no parser needed). */
import { computeMetrics } from '../../src/core/journeys/metrics';
import type { JourneyOutcome, JourneyReport, Prediction, Report } from '../../src/core/journeys/types';
import { buildJourney, type StepSpec } from './buildJourney';

export type { StepSpec };

export function journeyReport(
  id: string,
  outcome: JourneyOutcome,
  specs: StepSpec[],
  prediction: Prediction | null = null,
): JourneyReport {
  // Five-second steps on the analyses' own default day; the rest of the journey as the model tests build it.
  const timed = specs.map((s, i) => ({ date: '2024-05-10', startMs: i * 5000, endMs: i * 5000 + 2000, ...s }));
  const journey = {
    ...buildJourney(id, outcome, timed, 1),
    file: `/data/${id}`,
    name: id.replace(/\.json$/, ''),
    contentHash: `hash-${id}`,
  };
  return {
    id,
    file: journey.file,
    name: journey.name,
    outcome,
    outcomeSource: journey.outcomeSource,
    prediction,
    steps: journey.steps,
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
  {
    label: 'Received Payment Failure Notification',
    status: 'conversion_at_risk',
    date: '2024-06-20',
    details: 'The card was declined.',
  },
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
