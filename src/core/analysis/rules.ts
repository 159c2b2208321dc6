// STUB (owner: timeline/AI workstream). The analysis shown when no AI is available.
import type { CrossJourneyAnalysis, JourneyAnalysis, JourneyReport, Report } from '../model';

export function ruleBasedAnalysis(_journey: JourneyReport, _report: Pick<Report, 'model' | 'profiles'>): JourneyAnalysis {
  throw new Error('not implemented');
}

export function ruleBasedCrossJourney(_report: Report): CrossJourneyAnalysis {
  throw new Error('not implemented');
}
