/** The fingerprint of each outcome type: what journeys that ended this way typically looked like. */
import type { CommonStep, Indicator, Journey, JourneyMetrics, Outcome, OutcomeProfile, Status } from './types';

const COMMON_STEPS = 8;

/** Label text compared across journeys: case, quotes, punctuation and parenthetical asides do not make a new step. */
export function normaliseLabel(label: string): string {
  return label
    .toLowerCase()
    .replace(/\([^)]*\)/g, ' ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Median of the values; null when there are none. */
export function median(values: readonly number[]): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function typicalPath(metrics: readonly JourneyMetrics[]): { path: Status[]; share: number } {
  const counts = new Map<string, { path: Status[]; n: number }>();
  for (const m of metrics) {
    const key = m.statusPath.join('>');
    const entry = counts.get(key);
    if (entry) entry.n++;
    else counts.set(key, { path: m.statusPath, n: 1 });
  }
  let best: { path: Status[]; n: number } = { path: [], n: 0 };
  // Ties go to the shorter, then alphabetically first path, so the profile does not depend on file order.
  for (const [key, entry] of counts) {
    const better =
      entry.n > best.n ||
      (entry.n === best.n &&
        (entry.path.length < best.path.length ||
          (entry.path.length === best.path.length && key < best.path.join('>'))));
    if (better) best = entry;
  }
  return { path: best.path, share: metrics.length ? best.n / metrics.length : 0 };
}

function commonSteps(journeys: readonly Journey[]): CommonStep[] {
  const byLabel = new Map<string, { journeys: number; variants: Map<string, number> }>();
  for (const journey of journeys) {
    const seen = new Set<string>();
    for (const step of journey.steps) {
      const key = normaliseLabel(step.label);
      if (!key) continue;
      let entry = byLabel.get(key);
      if (!entry) byLabel.set(key, (entry = { journeys: 0, variants: new Map() }));
      entry.variants.set(step.label, (entry.variants.get(step.label) ?? 0) + 1);
      if (!seen.has(key)) {
        seen.add(key);
        entry.journeys++;
      }
    }
  }
  return [...byLabel.entries()]
    .sort((a, b) => b[1].journeys - a[1].journeys || (a[0] < b[0] ? -1 : 1))
    .slice(0, COMMON_STEPS)
    .map(([, entry]) => ({
      // Shown as the most frequent spelling users actually see in their recordings.
      label: [...entry.variants.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0][0],
      journeys: entry.journeys,
      share: entry.journeys / journeys.length,
    }));
}

function profile(
  outcome: Outcome,
  journeys: Journey[],
  metrics: JourneyMetrics[],
  indicators: readonly Indicator[],
): OutcomeProfile | null {
  if (!journeys.length) return null;
  const { path, share } = typicalPath(metrics);
  const med = (pick: (m: JourneyMetrics) => number | null) =>
    median(metrics.flatMap((m) => (pick(m) === null ? [] : [pick(m)!])));
  return {
    outcome,
    journeys: journeys.length,
    typicalPath: path,
    typicalPathShare: share,
    medians: {
      steps: med((m) => m.steps) ?? 0,
      recordings: med((m) => m.recordings) ?? 0,
      daysSpanned: med((m) => m.daysSpanned) ?? 0,
      activeTimeMs: med((m) => m.activeTimeMs) ?? 0,
      daysToFirstAttempt: med((m) => m.daysToFirstAttempt),
      frictionErrors: med((m) => m.friction.errors) ?? 0,
      supportContacts: med((m) => m.friction.supportContacts) ?? 0,
    },
    commonSteps: commonSteps(journeys),
    indicators: indicators
      .filter((i) => i.direction === outcome)
      .sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight)),
  };
}

/** Profiles of journeys with a known outcome; open journeys are what gets predicted, not part of a fingerprint. */
export function buildProfiles(
  journeys: Journey[],
  metrics: JourneyMetrics[],
  indicators: Indicator[],
): { upgrade: OutcomeProfile | null; cancel: OutcomeProfile | null } {
  const of = (outcome: Outcome) => {
    const picked = journeys.flatMap((j, i) => (j.outcome === outcome ? [i] : []));
    return profile(
      outcome,
      picked.map((i) => journeys[i]),
      picked.map((i) => metrics[i]),
      indicators,
    );
  };
  return { upgrade: of('upgrade'), cancel: of('cancel') };
}
