import type { Outcome } from './types';

/** A path rule that gives a journey a known outcome: matched against the file's path relative to the analysed root. */
export interface OutcomeRule {
  /** Glob over the relative path with forward slashes, e.g. `**\/upgrades/**` or `**\/upgrade-*.json`. */
  pattern: string;
  outcome: Outcome;
}

export interface ClassifierOptions {
  /** Most L-BFGS iterations per fit; fits converge well before (see shared/ml/logisticRegression.ts). */
  maxIterations: number;
  /** L2 penalty on the summed log-loss: scikit-learn's 1/C. */
  l2: number;
}

export interface AnalysisOptions {
  outcomeRules: OutcomeRule[];
  /** Use the status field as a feature. Off by default: status leaks the label. */
  useStatus: boolean;
  /** k for stratified k-fold; leave-one-out is used below 30 labelled journeys. */
  folds: number;
  /** Seed for fold assignment, so evaluations are reproducible. */
  seed: number;
  classifier: ClassifierOptions;
  /** Timeline nodes before the "+N more" node. */
  maxTimelineNodes: number;
  /** Files larger than this are reported and skipped. */
  maxFileBytes: number;
}

export const DEFAULT_OUTCOME_RULES: OutcomeRule[] = [
  { pattern: '**/upgrades/**', outcome: 'upgrade' },
  { pattern: '**/cancellations/**', outcome: 'cancel' },
  { pattern: '**/upgrade-*.json', outcome: 'upgrade' },
  { pattern: '**/cancel-*.json', outcome: 'cancel' },
];

export const DEFAULT_OPTIONS: AnalysisOptions = {
  outcomeRules: DEFAULT_OUTCOME_RULES,
  useStatus: false,
  folds: 5,
  seed: 42,
  classifier: { maxIterations: 500, l2: 1 },
  maxTimelineNodes: 60,
  maxFileBytes: 20 * 1024 * 1024,
};

export function withDefaults(partial: Partial<AnalysisOptions> = {}): AnalysisOptions {
  return {
    ...DEFAULT_OPTIONS,
    ...partial,
    classifier: { ...DEFAULT_OPTIONS.classifier, ...(partial.classifier ?? {}) },
  };
}
