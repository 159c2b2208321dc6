/**
 * The events report's `journeys` section: the units as recordings journeys (unitJourneys.ts), put through the
 * recordings' report builder unchanged — the status-blind logistic regression with k-fold cross-validation, the
 * early-warning curve, indicators, profiles and the rule-based analyses — then cut to a size a host can hold:
 * every unit (up to 50,000) is summarised in `units`, but only a bounded sample carries its steps, timeline and analysis.
 */
import { computeMetrics } from '../../journeys/metrics';
import { withDefaults } from '../../journeys/options';
import { buildReportWithModel, deriveJourney, type JourneyDerived } from '../../journeys/report';
import { journeyTimeline } from '../../journeys/timeline';
import type { Journey, JourneyReport } from '../../journeys/types';
import type { SqlEngine } from '../engine';
import type { EventsOptions } from '../options';
import type { DatasetInfo, EventJourneysReport } from '../types';
import { outcomeSpec, type OutcomeSpec } from './outcomeSpec';
import { forEachJourneyBatch, readJourneys } from './unitJourneys';
import { labelUnits, type UnitLabels } from './unitLabels';

export const NO_OUTCOME_NOTE =
  'no --outcome (an event step, e.g. purchase) or --outcome-column (e.g. subscription_type=Annual) given';

export interface EventJourneys {
  journeys: Journey[];
  spec: OutcomeSpec;
  labels: UnitLabels;
}

/** The journeys and their labels, before the model: what the section is built from (tests read it too). */
export async function eventJourneys(
  engine: SqlEngine,
  info: DatasetInfo,
  options: EventsOptions,
): Promise<EventJourneys | null> {
  const spec = outcomeSpec(options);
  if (!spec) return null;
  const labels = await labelUnits(engine, info, spec, options);
  const journeys = await readJourneys(engine, info, spec, labels, options);
  return { journeys, spec, labels };
}

export async function computeJourneys(
  engine: SqlEngine,
  info: DatasetInfo,
  options: EventsOptions,
  root: string,
): Promise<{ value: EventJourneysReport | null; note?: string }> {
  const read = await eventJourneys(engine, info, options);
  if (!read) return { value: null, note: NO_OUTCOME_NOTE };
  const { journeys, spec, labels } = read;
  const notes = [...labels.notes];
  const analysis = withDefaults();
  // Timelines only for the journeys the report will carry: Mermaid for 12,000 units would be thrown away.
  const derived = new Map<Journey, JourneyDerived>(
    journeys.map((j) => [j, { metrics: computeMetrics(j), timeline: '' }]),
  );
  const { report, predictNew } = buildReportWithModel(
    { root, journeys, problems: [], derived, outcomes: { upgrade: spec.upgrade, cancel: labels.cancelName } },
    analysis,
  );

  const byId = new Map(journeys.map((j) => [j.id, j]));
  const { chosen, rule } = chooseSample(report.journeys, options.journeySample, spec.upgrade);
  for (const jr of chosen) jr.timeline = journeyTimeline(byId.get(jr.id)!, { maxNodes: analysis.maxTimelineNodes });

  const units: EventJourneysReport['units'] = report.journeys.map((j) => ({
    id: j.id,
    outcome: j.outcome,
    pUpgrade: j.prediction?.pUpgrade ?? null,
    steps: j.metrics.steps,
    sessions: j.metrics.recordings,
  }));
  if (labels.modelled < labels.counts.units) {
    // Units beyond the model's sample are scored by its final model, a batch at a time (never all in memory).
    const before = units.length;
    await forEachJourneyBatch(engine, info, spec, labels, options, 'rest', (batch) => {
      const p = predictNew ? predictNew(batch) : batch.map(() => null);
      batch.forEach((j, i) =>
        units.push({
          id: j.id,
          outcome: j.outcome,
          pUpgrade: p[i]?.pUpgrade ?? null,
          steps: j.steps.length,
          sessions: j.recordings,
        }),
      );
    });
    units.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    notes.push(
      `the model was trained and cross-validated on ${before} ${options.unit}s (a seeded sample keeping each label's share, ` +
        `of ${labels.counts.units}); the other ${units.length - before} are scored by its final model`,
    );
  }
  const scored = units.length;
  const listed = listUnits(units, MAX_UNITS_LISTED);
  if (scored < labels.counts.units) {
    notes.push(
      `${labels.counts.units - scored} ${options.unit}s have no event before the outcome (it is their first event, or they only hold excluded events) and are not journeys`,
    );
  }

  const positives = report.journeys.filter((j) => j.outcome === 'upgrade').length;
  const negatives = report.journeys.filter((j) => j.outcome === 'cancel').length;
  // The recordings' note tells the user to sort files into folders; here the labels come from the log.
  if (!report.model.evaluation) {
    report.model.note =
      `A model needs at least 2 ${options.unit}s of each outcome; found ${positives} ${spec.upgrade} and ` +
      `${negatives} ${labels.cancelName}${labels.counts.open ? ` (and ${labels.counts.open} still open)` : ''}.`;
  }
  return {
    value: {
      ...report,
      journeys: chosen,
      outcomes: { definition: spec.definition, from: spec.from, upgrade: spec.upgrade, cancel: labels.cancelName },
      unit: options.unit,
      openAfter: labels.openAfter,
      counts: labels.counts,
      modelled: report.journeys.length,
      baselineAccuracy: positives + negatives ? Math.max(positives, negatives) / (positives + negatives) : null,
      excluded: labels.excluded,
      sample: { limit: options.journeySample, shown: chosen.length, total: report.journeys.length, rule },
      units: listed.units,
      unitsListed: { shown: listed.units.length, total: scored, rule: listed.rule },
    },
    note: notes.length ? notes.join('; ') : undefined,
  };
}

/** Units `units` lists: 12,000 users fit; 271,000 sessions (measured: 28 MB of JSON) do not. */
export const MAX_UNITS_LISTED = 50_000;

/**
 * The units the report lists, in id order: all up to `limit`; beyond it the open ones first (most likely to reach
 * the outcome first: the ones to act on), then labelled ones evenly spaced by id.
 */
export function listUnits<T extends { id: string; outcome: string; pUpgrade: number | null }>(
  all: T[],
  limit: number,
): { units: T[]; rule: string } {
  if (all.length <= limit) return { units: all, rule: `all ${all.length}` };
  const open = all
    .filter((u) => u.outcome === 'open')
    .sort((a, b) => (b.pUpgrade ?? 0) - (a.pUpgrade ?? 0))
    .slice(0, limit);
  const labelled = all.filter((u) => u.outcome !== 'open');
  const picked = new Set([...open, ...evenlySpaced(labelled, limit - open.length)]);
  return {
    units: all.filter((u) => picked.has(u)),
    rule: `${picked.size} of ${all.length}: the ${open.length} open ones most likely to reach the outcome first, then labelled ones evenly spaced by id`,
  };
}

/** Steps the sampled journeys may carry together (about 0.5 kB of JSON each), whatever their number. */
export const SAMPLE_STEP_BUDGET = 40_000;

/**
 * Which journeys the report carries in full, in the report's (id) order: all of them up to `limit` journeys and
 * {@link SAMPLE_STEP_BUDGET} steps; beyond that, first the open units most likely to reach the outcome (up to a
 * quarter of the limit: "who looks like converting"), then units that reached it and units that did not, taken in
 * turn, each class evenly spaced by id. A journey that would break the step budget is passed over.
 */
export function chooseSample(
  all: JourneyReport[],
  limit: number,
  reached: string,
): { chosen: JourneyReport[]; rule: string } {
  const steps = all.reduce((n, j) => n + j.steps.length, 0);
  if (all.length <= limit && steps <= SAMPLE_STEP_BUDGET) return { chosen: all, rule: `all ${all.length} journeys` };
  const open = all
    .filter((j) => j.outcome === 'open')
    .sort((a, b) => (b.prediction?.pUpgrade ?? 0) - (a.prediction?.pUpgrade ?? 0) || (a.id < b.id ? -1 : 1))
    .slice(0, Math.floor(limit / 4));
  const pos = evenlySpaced(
    all.filter((j) => j.outcome === 'upgrade'),
    limit,
  );
  const neg = evenlySpaced(
    all.filter((j) => j.outcome === 'cancel'),
    limit,
  );
  const order = [...open];
  for (let i = 0; i < Math.max(pos.length, neg.length); i++) {
    if (i < pos.length) order.push(pos[i]);
    if (i < neg.length) order.push(neg[i]);
  }
  const picked = new Set<JourneyReport>();
  const taken = { open: 0, upgrade: 0, cancel: 0 };
  let budget = SAMPLE_STEP_BUDGET;
  for (const j of order) {
    if (picked.size >= limit) break;
    if (j.steps.length > budget) continue;
    budget -= j.steps.length;
    picked.add(j);
    taken[j.outcome]++;
  }
  return {
    chosen: all.filter((j) => picked.has(j)),
    rule:
      `${picked.size} of ${all.length} journeys (at most ${limit}, ${SAMPLE_STEP_BUDGET} steps): ` +
      (taken.open ? `the ${taken.open} open ones most likely to reach ${reached}, then ` : '') +
      `${taken.upgrade} that reached it and ${taken.cancel} that did not, evenly spaced by id`,
  };
}

/** n items spread evenly over the list (all of them when n ≥ its length), in list order. */
function evenlySpaced<T>(items: T[], n: number): T[] {
  if (n >= items.length) return items;
  return Array.from({ length: n }, (_, i) => items[Math.floor((i * items.length) / n)]);
}

/**
 * One unit's journey on demand (a dashboard opening a unit outside the report's sample): its steps, metrics and
 * timeline as the report's entries have them. `prediction` is null here: the unit's score is in the report's `units`
 * (the model is not kept between requests). Null when the unit has no journey.
 */
export async function unitJourney(
  engine: SqlEngine,
  info: DatasetInfo,
  options: EventsOptions,
  id: string,
): Promise<JourneyReport | null> {
  const spec = outcomeSpec(options);
  if (!spec) throw new Error(NO_OUTCOME_NOTE);
  const labels = await labelUnits(engine, info, spec, options);
  const [journey] = await readJourneys(engine, info, spec, labels, options, { id });
  if (!journey) return null;
  const { metrics, timeline } = deriveJourney(journey, withDefaults());
  return {
    id: journey.id,
    file: journey.file,
    name: journey.name,
    outcome: journey.outcome,
    outcomeSource: journey.outcomeSource,
    prediction: null,
    steps: journey.steps,
    metrics,
    timeline,
    warnings: journey.warnings,
    contentHash: journey.contentHash,
  };
}
