import type { JourneyOutcome, Outcome, Status } from '../../src/core/journeys/types';
import { pct } from '../../src/dashboard/coreHelpers';

export { pct };

const numFmt = new Intl.NumberFormat('en', { maximumFractionDigits: 2 });
const intFmt = new Intl.NumberFormat('en');

export const num = (x: number | null | undefined): string =>
  x === null || x === undefined || !Number.isFinite(x) ? '–' : numFmt.format(x);
export const int = (x: number): string => intFmt.format(x);
export const plural = (n: number, one: string, many = `${one}s`): string => `${int(n)} ${n === 1 ? one : many}`;

export function duration(ms: number): string {
  if (!Number.isFinite(ms) || ms <= 0) return '0 s';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

export const OUTCOME_LABEL: Record<JourneyOutcome, string> = { upgrade: 'Upgraded', cancel: 'Cancelled', open: 'Open' };
export const PREDICTED_LABEL: Record<Outcome, string> = { upgrade: 'Likely upgrade', cancel: 'Likely cancel' };
export const DIRECTION_LABEL: Record<Outcome, string> = { upgrade: 'upgrade', cancel: 'cancellation' };

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
