import { ruleBasedAnalysis } from './analysis/rules/journeyRules';
import type { OutcomeNames } from './outcomeNames';
import { ruleBasedCrossJourney } from './analysis/rules/crossJourneyPatterns';
import {
  predictOutcomes,
  type FinalFit,
  type FoldFit,
  type OutcomePredictions,
  type PreparedCache,
} from './crossValidation';
import { computeMetrics } from './metrics';
import { noCheckpoint, type Checkpoint } from '../shared/checkpoint';
import type {
  ClassificationScores,
  Journey,
  JourneyMetrics,
  JourneyReport,
  Problem,
  Report,
  SkippedFile,
} from './types';
import type { AnalysisOptions } from './options';
import { buildProfiles } from './profiles';
import type { MemberRun } from './reportJson';
import { journeyTimeline } from './timeline';

/** What a journey contributes to the report on its own, before any training: computable where it was parsed. */
export interface JourneyDerived {
  metrics: JourneyMetrics;
  timeline: string;
  /** Its report entry but prediction and analysis, serialised (`journeyRunsAhead`), when a full JSON report is due. */
  ahead?: MemberRun[];
}

export interface ReportInput {
  root: string;
  journeys: Journey[];
  problems: Problem[];
  /** Files read in full that hold no recording. */
  skipped?: SkippedFile[];
  /**
   * Metrics and timelines already computed per journey (by the worker that parsed it, or by an earlier build), so a
   * build on one thread does not redo per-journey work another thread did in parallel. Missing entries are computed.
   */
  derived?: ReadonlyMap<Journey, JourneyDerived>;
  /** The leaking with-status scores, when computed elsewhere (see `evaluateWithStatus`). */
  withStatus?: ClassificationScores & { leaking: true };
  /** Journeys prepared by earlier builds for the same folder. */
  prepared?: PreparedCache;
  /** Folds of the model's cross-validation fitted elsewhere (see PredictOutcomesExtras.mainFolds). */
  mainFolds?: ReadonlyMap<number, FoldFit>;
  /** The final model fitted elsewhere (see PredictOutcomesExtras.final). */
  final?: FinalFit;
  /** What the classes are called when not upgrade / cancel (an event log's outcome); recordings leave it out. */
  outcomes?: OutcomeNames;
  /** Called between pieces of the build; it throws to give the build up (see Checkpoint). */
  checkpoint?: Checkpoint;
}

/** A report plus what an incremental update needs to score changed journeys before the next full retrain. */
export interface BuiltReport {
  report: Report;
  /** Scores journeys with the final model of this build (not out-of-fold); absent when no model was trained. */
  predictNew?: OutcomePredictions['predictNew'];
}

export function deriveJourney(journey: Journey, options: AnalysisOptions): JourneyDerived {
  return {
    metrics: computeMetrics(journey),
    timeline: journeyTimeline(journey, { maxNodes: options.maxTimelineNodes }),
  };
}

/** The order every report lists journeys in; the with-status evaluation must see the same order to get the same folds. */
export function sortJourneys(journeys: readonly Journey[]): Journey[] {
  return [...journeys].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * Assembles the Report every surface shows (CLI summary, JSON, dashboard, tree). Each journey carries the rule-based
 * analysis so the dashboard is useful without an AI key; an AI analysis replaces it later.
 */
export function buildReport(input: ReportInput, options: AnalysisOptions): Report {
  return buildReportWithModel(input, options).report;
}

export function buildReportWithModel(input: ReportInput, options: AnalysisOptions): BuiltReport {
  const journeys = sortJourneys(input.journeys);
  const derived = journeys.map((j) => input.derived?.get(j) ?? deriveJourney(j, options));
  const metrics = derived.map((d) => d.metrics);
  const checkpoint = input.checkpoint ?? noCheckpoint;
  const { predictions, model, predictNew } = predictOutcomes(journeys, options, {
    withStatus: input.withStatus,
    prepared: input.prepared,
    mainFolds: input.mainFolds,
    final: input.final,
    checkpoint,
  });
  checkpoint();
  const profiles = buildProfiles(journeys, metrics, model.indicators);
  checkpoint();

  const journeyReports: JourneyReport[] = journeys.map((j, i) => ({
    id: j.id,
    file: j.file,
    name: j.name,
    outcome: j.outcome,
    outcomeSource: j.outcomeSource,
    prediction: predictions[i],
    steps: j.steps,
    metrics: metrics[i],
    timeline: derived[i].timeline,
    warnings: j.warnings,
    contentHash: j.contentHash,
  }));
  const outcomes = input.outcomes;
  for (const jr of journeyReports) {
    jr.analysis = ruleBasedAnalysis(jr, { model, profiles, outcomes });
    checkpoint();
  }

  const report: Report = {
    schemaVersion: 1,
    generatedAt: new Date().toISOString(),
    root: input.root,
    journeys: journeyReports,
    model,
    profiles,
    problems: sortProblems(input.problems),
    skipped: sortSkipped(input.skipped ?? []),
    ...(outcomes ? { outcomes } : {}),
  };
  report.crossJourney = ruleBasedCrossJourney(report, checkpoint);
  return { report, predictNew };
}

/**
 * The report right after a few journeys changed, before the model is retrained: unchanged journeys keep their entries
 * from `previous` (same objects), changed ones are scored by the previous final model (so `outOfFold` is false) and
 * analysed against the previous model and profiles. The model summary, profiles and evaluation are the previous ones
 * until the retrain replaces the whole report; that is what lets an edit show within milliseconds at 10,000 journeys.
 */
export function patchReport(
  previous: BuiltReport,
  input: ReportInput & { reuse: ReadonlyMap<Journey, JourneyReport> },
  options: AnalysisOptions,
): Report {
  const journeys = sortJourneys(input.journeys);
  const fresh = journeys.filter((j) => !input.reuse.has(j));
  const predicted = previous.predictNew ? previous.predictNew(fresh) : fresh.map(() => null);
  const { model, profiles, outcomes } = previous.report;
  let k = 0;
  const journeyReports = journeys.map((j): JourneyReport => {
    const kept = input.reuse.get(j);
    if (kept) return kept;
    const d = input.derived?.get(j) ?? deriveJourney(j, options);
    const jr: JourneyReport = {
      id: j.id,
      file: j.file,
      name: j.name,
      outcome: j.outcome,
      outcomeSource: j.outcomeSource,
      prediction: predicted[k++],
      steps: j.steps,
      metrics: d.metrics,
      timeline: d.timeline,
      warnings: j.warnings,
      contentHash: j.contentHash,
    };
    jr.analysis = ruleBasedAnalysis(jr, { model, profiles, outcomes });
    return jr;
  });
  return {
    ...previous.report,
    generatedAt: new Date().toISOString(),
    root: input.root,
    journeys: journeyReports,
    problems: sortProblems(input.problems),
    skipped: sortSkipped(input.skipped ?? []),
  };
}

function sortSkipped(skipped: SkippedFile[]): SkippedFile[] {
  return [...skipped].sort((a, b) => a.file.localeCompare(b.file));
}

function sortProblems(problems: Problem[]): Problem[] {
  return [...problems].sort(
    (a, b) => a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0),
  );
}
