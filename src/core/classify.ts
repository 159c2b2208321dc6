// STUB (owner: model workstream). Contract: train, evaluate honestly, predict.
import type { Journey, JourneyMetrics, ModelSummary, Prediction } from './model';
import type { AnalysisOptions } from './options';

export interface ClassifyResult {
  /** Aligned with the input journeys: out-of-fold for labelled ones, full-model for open ones; null when no model could be trained. */
  predictions: (Prediction | null)[];
  model: ModelSummary;
}

export function classifyJourneys(_journeys: Journey[], _metrics: JourneyMetrics[], _options: AnalysisOptions): ClassifyResult {
  throw new Error('not implemented');
}
