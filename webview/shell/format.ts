import type { JourneyOutcome, Outcome, Report, Status } from '../../src/core/journeys/types';
import { outcomeLabels, pct } from '../../src/dashboard/coreHelpers';

export { pct };

const numFmt = new Intl.NumberFormat('en', { maximumFractionDigits: 2 });
const intFmt = new Intl.NumberFormat('en');

export const num = (x: number | null | undefined): string =>
  x === null || x === undefined || !Number.isFinite(x) ? '–' : numFmt.format(x);
export const int = (x: number): string => intFmt.format(x);
export const plural = (n: number, one: string, many = `${one}s`): string => `${int(n)} ${n === 1 ? one : many}`;

// One duration for every surface (the rule-based notes print it too).
export { duration } from '../../src/dashboard/coreHelpers';

/*
 * The page shows one report at a time, so its outcome names (an event log's "purchase" / "no purchase", else
 * upgrade / cancel) are set here when a report arrives and every view reads them from these records.
 */
export const OUTCOME_NAME: Record<Outcome, string> = { ...outcomeLabels().name };
export const OUTCOME_LABEL: Record<JourneyOutcome, string> = { ...outcomeLabels().known };
export const PREDICTED_LABEL: Record<Outcome, string> = { ...outcomeLabels().predicted };
export const DIRECTION_LABEL: Record<Outcome, string> = { ...outcomeLabels().direction };

export function useOutcomeNames(report: Pick<Report, 'outcomes'>): void {
  const l = outcomeLabels(report);
  Object.assign(OUTCOME_NAME, l.name);
  Object.assign(OUTCOME_LABEL, l.known);
  Object.assign(PREDICTED_LABEL, l.predicted);
  Object.assign(DIRECTION_LABEL, l.direction);
}

export const STATUS_LABEL: Record<Status, string> = {
  'non-converted': 'Non-converted',
  attempted_conversion: 'Attempted conversion',
  converted: 'Converted',
  conversion_at_risk: 'Conversion at risk',
  churned: 'Churned',
  unknown: 'Unknown',
};

/** A CSS-safe class for a status (statuses are a closed set; anything else maps to `unknown`). */
export function statusClass(status: string): string {
  return `status-${status in STATUS_LABEL ? status.replace(/_/g, '-') : 'unknown'}`;
}
