// STUB (owner: model workstream). Fingerprint of each outcome type.
import type { Indicator, Journey, JourneyMetrics, OutcomeProfile } from './model';

export function buildProfiles(
  _journeys: Journey[],
  _metrics: JourneyMetrics[],
  _indicators: Indicator[],
): { upgrade: OutcomeProfile | null; cancel: OutcomeProfile | null } {
  throw new Error('not implemented');
}
