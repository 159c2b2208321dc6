/**
 * Train, evaluate honestly, predict.
 *
 * - Every labelled journey's prediction comes from the fold model that did not see it (out-of-fold); open journeys
 *   are predicted by a model trained on all labelled journeys.
 * - Vocabulary and standardisation are fitted inside each fold, on its training rows only.
 * - The default model is status-blind; the same cross-validation is repeated with status features and reported
 *   beside it as leaking, because the status field nearly spells out the outcome.
 * - The early-warning curve re-uses the fold models (trained on whole journeys) on the first 25/50/75/100% of each
 *   held-out journey: no extra training, and still out-of-fold.
 */
import { LogisticRegression, StandardisedDesign, type TrainSettings } from '../shared/ml/logisticRegression';
import { accuracy, planFolds, scoreClassification, type FoldPlan } from '../shared/ml/metrics';
import type { Checkpoint } from '../shared/checkpoint';
import {
  DEFAULT_FEATURE_SETTINGS,
  TermSpace,
  buildDesign,
  fitVocabulary,
  prepareJourney,
  prepareJourneys,
  stepsShowingColumn,
  termPresent,
  type FeatureSettings,
  type PreparedJourney,
  type RawDesign,
  type Vocabulary,
} from './features';
import type {
  ClassificationScores,
  Evaluation,
  Indicator,
  IndicatorContribution,
  IndicatorExample,
  Journey,
  ModelSummary,
  Outcome,
  Prediction,
} from './types';
import type { AnalysisOptions } from './options';

export interface OutcomePredictions {
  /** Aligned with the input journeys: out-of-fold for labelled ones, full-model for open ones; null when no model could be trained. */
  predictions: (Prediction | null)[];
  model: ModelSummary;
  /**
   * Scores journeys that were not part of this training with the final model, as open journeys are scored
   * (`outOfFold: false`); lets an incremental update show an edited journey before the retrain finishes.
   */
  predictNew?(journeys: readonly Journey[]): (Prediction | null)[];
}

export const EARLY_WARNING_FRACTIONS = [0.25, 0.5, 0.75, 1];
const TOP_CONTRIBUTIONS = 3;
const INDICATORS_PER_DIRECTION = 10;
const EXAMPLES_PER_INDICATOR = 3;

/** The data every fold reads: prepared once, fitted per fold. */
export interface ModelData {
  journeys: readonly Journey[];
  space: TermSpace;
  prepared: PreparedJourney[];
  /** Positions of labelled journeys in `journeys`. */
  labelled: number[];
  /** Aligned with `labelled`. */
  upgrade: boolean[];
}

/**
 * Prepared journeys kept between analyses of the same folder, so a retrain after one edit re-reads only the edited
 * journey. Sharing one term space across analyses changes no result: ids are only interned names, and the vocabulary
 * is chosen by frequency and name.
 */
export interface PreparedCache {
  space: TermSpace;
  byJourney: WeakMap<Journey, PreparedJourney>;
}

export function newPreparedCache(): PreparedCache {
  return { space: new TermSpace(), byJourney: new WeakMap() };
}

export function prepareModelData(journeys: readonly Journey[], cache?: PreparedCache): ModelData {
  const { space, prepared } = cache ? prepareCached(journeys, cache) : prepareJourneys(journeys);
  const labelled: number[] = [];
  const upgrade: boolean[] = [];
  journeys.forEach((j, i) => {
    if (j.outcome === 'open') return;
    labelled.push(i);
    upgrade.push(j.outcome === 'upgrade');
  });
  return { journeys, space, prepared, labelled, upgrade };
}

function prepareCached(
  journeys: readonly Journey[],
  cache: PreparedCache,
): { space: TermSpace; prepared: PreparedJourney[] } {
  const prepared = journeys.map((j) => {
    let p = cache.byJourney.get(j);
    if (!p) cache.byJourney.set(j, (p = prepareJourney(j, cache.space)));
    return p;
  });
  return { space: cache.space, prepared };
}

export function trainSettings(options: AnalysisOptions): TrainSettings {
  return { ...options.classifier };
}

export interface FoldFit {
  vocab: Vocabulary;
  trained: LogisticRegression;
  /** Positions into `labelled`. */
  heldOut: number[];
  testDesign: RawDesign;
  pUpgrade: number[];
  /** P(upgrade) of the held-out rows cut to each early-warning fraction, when computed already (see `earlyScores`). */
  early?: ReadonlyMap<number, number[]>;
}

/** A fold's early-warning scores: its model on the first fraction of each held-out journey. */
export function earlyScores(data: ModelData, fit: FoldFit, fraction: number): number[] {
  const rows = fit.heldOut.map((k) => data.labelled[k]);
  return fit.trained.predict(buildDesign(data.prepared, rows, fit.vocab, fraction));
}

/**
 * Fit one model on `trainRows` (journey positions) with vocabulary and scaling from those rows only. `warmFrom` starts
 * the solver at another fit's weights, matched by column name (only for a model that may see that fit's rows: the
 * final model starts from a fold's, never a fold from the final's, or held-out rows would steer a fold's fit).
 */
export function fitModel(
  data: ModelData,
  trainRows: number[],
  trainUpgrade: boolean[],
  features: FeatureSettings,
  settings: TrainSettings,
  warmFrom?: { vocab: Vocabulary; trained: LogisticRegression },
): { vocab: Vocabulary; trained: LogisticRegression } {
  const vocab = fitVocabulary(data.space, data.prepared, trainRows, features);
  let initial: Float64Array | undefined;
  if (warmFrom) {
    const weightOf = new Map(warmFrom.vocab.names.map((name, j) => [name, warmFrom.trained.weights[j + 1]]));
    initial = Float64Array.from([warmFrom.trained.weights[0], ...vocab.names.map((name) => weightOf.get(name) ?? 0)]);
  }
  settings.checkpoint?.();
  const design = buildDesign(data.prepared, trainRows, vocab);
  settings.checkpoint?.();
  const trained = new LogisticRegression({ ...settings, initial }).train(design, trainUpgrade);
  return { vocab, trained };
}

export type FinalFit = { vocab: Vocabulary; trained: LogisticRegression };

/**
 * The model that scores open journeys and names the indicators: every labelled journey, started at fold 0's weights
 * (`fold0`), which cuts its iterations and may see those rows.
 */
export function fitFinal(
  data: ModelData,
  features: FeatureSettings,
  settings: TrainSettings,
  fold0: FoldFit,
): FinalFit {
  return fitModel(data, data.labelled, data.upgrade, features, settings, fold0);
}

/** Fold `fold` of `plan`: fitted on the other folds' rows, scored on its own. */
export function fitFold(
  data: ModelData,
  plan: FoldPlan,
  fold: number,
  features: FeatureSettings,
  settings: TrainSettings,
): FoldFit {
  const heldOut = plan.folds[fold];
  const held = new Set(heldOut);
  const trainPositions = data.labelled.map((_, k) => k).filter((k) => !held.has(k));
  const { vocab, trained } = fitModel(
    data,
    trainPositions.map((k) => data.labelled[k]),
    trainPositions.map((k) => data.upgrade[k]),
    features,
    settings,
  );
  return scoredFold(data, heldOut, vocab, trained);
}

/** A fold's fit scored on its held-out rows (also for a fit made on another thread: only the weights crossed). */
export function scoredFold(
  data: ModelData,
  heldOut: number[],
  vocab: Vocabulary,
  trained: LogisticRegression,
): FoldFit {
  const testDesign = buildDesign(
    data.prepared,
    heldOut.map((k) => data.labelled[k]),
    vocab,
  );
  return { vocab, trained, heldOut, testDesign, pUpgrade: trained.predict(testDesign) };
}

/** `given`: folds fitted elsewhere (by fold index), e.g. on the helper thread; the others are fitted here. */
export function crossValidate(
  data: ModelData,
  plan: FoldPlan,
  features: FeatureSettings,
  settings: TrainSettings,
  given?: ReadonlyMap<number, FoldFit>,
): { pUpgrade: number[]; fits: FoldFit[] } {
  const pUpgrade = new Array<number>(data.labelled.length).fill(NaN);
  const fits = plan.folds.map((heldOut, f) => {
    const fit = given?.get(f);
    if (!fit) return fitFold(data, plan, f, features, settings);
    if (fit.heldOut.length !== heldOut.length || fit.heldOut.some((k, i) => k !== heldOut[i]))
      throw new Error(`fold ${f} was fitted for other rows`);
    return fit;
  });
  for (const fit of fits) fit.heldOut.forEach((k, i) => (pUpgrade[k] = fit.pUpgrade[i]));
  return { pUpgrade, fits };
}

export interface PredictOutcomesExtras {
  /**
   * The leaking with-status evaluation, when the caller computed it elsewhere (`evaluateWithStatus`, e.g. on another
   * worker thread in parallel). It is half of the training work at 10,000 journeys.
   */
  withStatus?: ClassificationScores & { leaking: true };
  /** Journeys prepared by earlier analyses of the same folder (see PreparedCache). */
  prepared?: PreparedCache;
  /** Folds of the model's own cross-validation fitted elsewhere (another thread), by fold index. */
  mainFolds?: ReadonlyMap<number, FoldFit>;
  /**
   * The final model, fitted already as `fitFinal` fits it (on these journeys, warm from fold 0): a thread waiting on
   * another's folds fits it meanwhile.
   */
  final?: FinalFit;
  /** Called in every fit's iterations (see Checkpoint). */
  checkpoint?: Checkpoint;
}

/**
 * The with-status cross-validation on its own, with the same folds `predictOutcomes` uses, so a caller with two
 * cores can run it beside `predictOutcomes(..., { withStatus })`. Null when there is too little to evaluate.
 */
export function evaluateWithStatus(
  journeys: Journey[],
  options: AnalysisOptions,
): (ClassificationScores & { leaking: true }) | null {
  return evaluatePreparedWithStatus(prepareModelData(journeys), options);
}

/**
 * `evaluateWithStatus` on journeys already prepared (the helper worker keeps only these compact arrays, not the
 * journeys). `data.prepared` must follow the report's journey order; term ids may come from any interning order,
 * because the vocabulary is chosen by frequency and name.
 */
export function evaluatePreparedWithStatus(
  data: ModelData,
  options: AnalysisOptions,
  checkpoint?: Checkpoint,
): (ClassificationScores & { leaking: true }) | null {
  const upgrades = data.upgrade.filter(Boolean).length;
  if (upgrades < 2 || data.upgrade.length - upgrades < 2) return null;
  const plan = planFolds(data.upgrade, options.folds, options.seed);
  const features: FeatureSettings = { ...DEFAULT_FEATURE_SETTINGS, useStatus: true };
  return {
    ...scoreClassification(
      crossValidate(data, plan, features, { ...trainSettings(options), checkpoint }).pUpgrade,
      data.upgrade,
    ),
    leaking: true,
  };
}

export function predictOutcomes(
  journeys: Journey[],
  options: AnalysisOptions,
  extras: PredictOutcomesExtras = {},
): OutcomePredictions {
  const data = prepareModelData(journeys, extras.prepared);
  const upgrades = data.upgrade.filter(Boolean).length;
  const cancels = data.upgrade.length - upgrades;
  const statusBlind = !options.useStatus;
  if (upgrades < 2 || cancels < 2) {
    return {
      predictions: journeys.map(() => null),
      model: {
        evaluation: null,
        indicators: [],
        statusBlind,
        featureCount: 0,
        trainedOn: 0,
        note:
          `A model needs at least 2 labelled journeys of each outcome; found ${upgrades} upgrade and ${cancels} cancel. ` +
          'Put known journeys under upgrades/ and cancellations/ (or name them upgrade-*.json / cancel-*.json).',
      },
    };
  }

  const settings = { ...trainSettings(options), checkpoint: extras.checkpoint };
  const features: FeatureSettings = { ...DEFAULT_FEATURE_SETTINGS, useStatus: options.useStatus };
  const plan = planFolds(data.upgrade, options.folds, options.seed);

  const main = crossValidate(data, plan, features, settings, extras.mainFolds);
  const scores = scoreClassification(main.pUpgrade, data.upgrade);
  const leaking =
    extras.withStatus ??
    (options.useStatus
      ? scores
      : scoreClassification(
          crossValidate(data, plan, { ...features, useStatus: true }, settings).pUpgrade,
          data.upgrade,
        ));
  const earlyWarning = EARLY_WARNING_FRACTIONS.map((fraction) => ({
    fraction,
    accuracy: fraction === 1 ? scores.accuracy : earlyAccuracy(data, main.fits, fraction),
  }));

  const evaluation: Evaluation = {
    ...scores,
    method: plan.method,
    folds: plan.folds.length,
    n: data.labelled.length,
    positive: 'upgrade',
    withStatus: { ...leaking, leaking: true },
    earlyWarning,
  };

  const predictions: (Prediction | null)[] = journeys.map(() => null);
  for (const fit of main.fits) {
    const design = new StandardisedDesign(fit.testDesign, fit.trained.std);
    fit.heldOut.forEach((k, i) => {
      predictions[data.labelled[k]] = prediction(fit.pUpgrade[i], true, topContributions(design, i, fit));
    });
  }

  const final = extras.final ?? fitFinal(data, features, settings, main.fits[0]);
  const open = journeys.flatMap((j, i) => (j.outcome === 'open' ? [i] : []));
  if (open.length) {
    const design = buildDesign(data.prepared, open, final.vocab);
    const p = final.trained.predict(design);
    const std = new StandardisedDesign(design, final.trained.std);
    open.forEach((j, i) => {
      predictions[j] = prediction(
        p[i],
        false,
        topContributions(std, i, { vocab: final.vocab, trained: final.trained }),
      );
    });
  }

  const predictNew = (more: readonly Journey[]): (Prediction | null)[] => {
    if (!more.length) return [];
    const prepared = more.map((j) => prepareJourney(j, data.space));
    // New journeys may intern terms the vocabulary never saw: they map to no column, like any out-of-vocabulary term.
    const columnOfTerm = new Int32Array(data.space.names.length).fill(-1);
    columnOfTerm.set(final.vocab.columnOfTerm);
    const vocab = { ...final.vocab, columnOfTerm };
    const design = buildDesign(
      prepared,
      prepared.map((_, i) => i),
      vocab,
    );
    const p = final.trained.predict(design);
    const std = new StandardisedDesign(design, final.trained.std);
    return more.map((_, i) => prediction(p[i], false, topContributions(std, i, { vocab, trained: final.trained })));
  };

  return {
    predictions,
    predictNew,
    model: {
      evaluation,
      indicators: modelIndicators(data, final.vocab, final.trained),
      statusBlind,
      featureCount: final.vocab.names.length,
      trainedOn: data.labelled.length,
    },
  };
}

function earlyAccuracy(data: ModelData, fits: FoldFit[], fraction: number): number {
  const p: number[] = [];
  const y: boolean[] = [];
  for (const fit of fits) {
    p.push(...(fit.early?.get(fraction) ?? earlyScores(data, fit, fraction)));
    for (const k of fit.heldOut) y.push(data.upgrade[k]);
  }
  return accuracy(p, y);
}

function direction(value: number): Outcome {
  return value >= 0 ? 'upgrade' : 'cancel';
}

function prediction(pUpgrade: number, outOfFold: boolean, top: IndicatorContribution[]): Prediction {
  return { outcome: pUpgrade >= 0.5 ? 'upgrade' : 'cancel', pUpgrade, outOfFold, top };
}

/** The columns that moved this journey's score most; a term the journey lacks is named "(absent)". */
function topContributions(
  design: StandardisedDesign,
  row: number,
  fit: { vocab: Vocabulary; trained: LogisticRegression },
): IndicatorContribution[] {
  const c = design.contributions(row, fit.trained.weights);
  const order = largestMagnitudes(c, TOP_CONTRIBUTIONS);
  const raw = design.raw;
  return order.map((j) => {
    const present = j >= raw.termColumns || termPresent(raw, row, j);
    return {
      feature: present ? fit.vocab.names[j] : `${fit.vocab.names[j]} (absent)`,
      contribution: c[j],
      direction: direction(c[j]),
    };
  });
}

/** Indexes of the k largest |values| (non-zero), largest first: one pass, no sort of all columns per journey. */
function largestMagnitudes(values: Float64Array, k: number): number[] {
  const best: number[] = [];
  for (let j = 0; j < values.length; j++) {
    const m = Math.abs(values[j]);
    if (m === 0 || (best.length === k && m <= Math.abs(values[best[k - 1]]))) continue;
    let at = best.length === k ? k - 1 : best.length;
    best[at] = j;
    while (at > 0 && Math.abs(values[best[at - 1]]) < m) {
      best[at] = best[at - 1];
      best[--at] = j;
    }
  }
  return best;
}

function modelIndicators(data: ModelData, vocab: Vocabulary, trained: LogisticRegression): Indicator[] {
  const w = trained.weights;
  const columns = vocab.names.map((_, j) => j).filter((j) => w[j + 1] !== 0);
  const strongest = (sign: 1 | -1) =>
    columns
      .filter((j) => Math.sign(w[j + 1]) === sign)
      .sort((a, b) => Math.abs(w[b + 1]) - Math.abs(w[a + 1]))
      .slice(0, INDICATORS_PER_DIRECTION);
  return [...strongest(1), ...strongest(-1)]
    .sort((a, b) => Math.abs(w[b + 1]) - Math.abs(w[a + 1]))
    .map((j) => {
      const weight = w[j + 1];
      const dir = direction(weight);
      return {
        feature: vocab.names[j],
        weight,
        // Per standard deviation of the feature, because the model sees standardised features.
        oddsRatio: Math.exp(weight),
        direction: dir,
        examples: indicatorExamples(data, vocab, j, dir),
      };
    });
}

/** Steps from labelled journeys of the indicator's own outcome where the feature shows, one per journey. */
function indicatorExamples(data: ModelData, vocab: Vocabulary, column: number, outcome: Outcome): IndicatorExample[] {
  const examples: IndicatorExample[] = [];
  for (const i of data.labelled) {
    const journey = data.journeys[i];
    if (journey.outcome !== outcome) continue;
    const steps = stepsShowingColumn(data.prepared[i], vocab, column);
    if (!steps.length) continue;
    const step = journey.steps[steps[0]];
    examples.push({ journeyId: journey.id, stepIndex: step.index, label: step.label });
    if (examples.length >= EXAMPLES_PER_INDICATOR) break;
  }
  return examples;
}
