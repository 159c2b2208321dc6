import { STATUSES, type Journey, type JourneyMetrics, type Status, type Step } from './types';
import { hasFriction, mayHaveFriction } from './stepKinds';

const DAY_MS = 86_400_000;

export function emptyStatusRecord(): Record<Status, number> {
  const record = {} as Record<Status, number>;
  for (const s of STATUSES) record[s] = 0;
  record.unknown = 0;
  return record;
}

/** Days since the epoch for an ISO date, or NaN; UTC so a DST change never shifts a day. */
export function dayNumber(date: string): number {
  if (!date) return NaN;
  const t = Date.parse(`${date.slice(0, 10)}T00:00:00Z`);
  return Number.isFinite(t) ? Math.round(t / DAY_MS) : NaN;
}

/** First and last usable dates of the given steps (in day numbers), or null when none is dated. */
export function dateBounds(steps: readonly Step[]): { first: number; last: number } | null {
  let first = Infinity;
  let last = -Infinity;
  for (const step of steps) {
    const d = dayNumber(step.date);
    if (Number.isNaN(d)) continue;
    if (d < first) first = d;
    if (d > last) last = d;
  }
  return first === Infinity ? null : { first, last };
}

/** Recording time from first start to last end, per recording: the clocks restart at zero in every recording. */
export function activeTimeMs(steps: readonly Step[]): number {
  const spans = new Map<string, { start: number; end: number }>();
  for (const step of steps) {
    const start = Number.isFinite(step.startMs) ? step.startMs : 0;
    const end = Math.max(start, Number.isFinite(step.endMs) ? step.endMs : start);
    const span = spans.get(step.recordingId);
    if (!span) spans.set(step.recordingId, { start, end });
    else {
      if (start < span.start) span.start = start;
      if (end > span.end) span.end = end;
    }
  }
  let total = 0;
  for (const { start, end } of spans.values()) total += end - start;
  return total;
}

export function collapseStatuses(steps: readonly Pick<Step, 'status'>[]): Status[] {
  const path: Status[] = [];
  for (const step of steps) if (path[path.length - 1] !== step.status) path.push(step.status);
  return path;
}

/** Expects `journey.steps` in time order, as the parser delivers them. */
export function computeMetrics(journey: Journey): JourneyMetrics {
  const steps = journey.steps;
  const statusCounts = emptyStatusRecord();
  for (const step of steps) statusCounts[step.status] = (statusCounts[step.status] ?? 0) + 1;
  const statusShares = emptyStatusRecord();
  for (const key of Object.keys(statusCounts) as Status[]) {
    statusShares[key] = steps.length ? statusCounts[key] / steps.length : 0;
  }

  const bounds = dateBounds(steps);
  const daysSpanned = bounds ? bounds.last - bounds.first + 1 : 0;

  const firstAttempt = steps.findIndex((s) => s.status === 'attempted_conversion');
  let daysToFirstAttempt: number | null = null;
  if (firstAttempt >= 0 && bounds) {
    const d = dayNumber(steps[firstAttempt].date);
    daysToFirstAttempt = Number.isNaN(d) ? null : d - bounds.first;
  }

  const friction = { errors: 0, supportContacts: 0, cancellationSteps: 0, retentionSteps: 0 };
  for (const step of steps) {
    if (!mayHaveFriction(step)) continue;
    if (hasFriction(step, 'errors')) friction.errors++;
    if (hasFriction(step, 'supportContacts')) friction.supportContacts++;
    if (hasFriction(step, 'cancellationSteps')) friction.cancellationSteps++;
    if (hasFriction(step, 'retentionSteps')) friction.retentionSteps++;
  }

  return {
    steps: steps.length,
    recordings: journey.recordings,
    daysSpanned,
    activeTimeMs: activeTimeMs(steps),
    statusCounts,
    statusShares,
    daysToFirstAttempt,
    stepsToFirstAttempt: firstAttempt >= 0 ? firstAttempt : null,
    // The last recorded step is where the known outcome became visible; open journeys have no outcome yet.
    daysToOutcome: journey.outcome !== 'open' && bounds ? bounds.last - bounds.first : null,
    friction,
    statusPath: collapseStatuses(steps),
  };
}
