/**
 * The one source of truth for Journey Lens data: the core produces these, the CLI writes them,
 * the extension host and the webview consume them (the protocol re-uses these types).
 * Source-agnostic on purpose: recordings today, event logs and page-sequence CSVs later.
 */

import type { ClassificationScores } from '../shared/ml/metrics';

export const STATUSES = [
  'non-converted',
  'attempted_conversion',
  'converted',
  'conversion_at_risk',
  'churned',
] as const;
export type KnownStatus = (typeof STATUSES)[number];
/** 'unknown' keeps a status we do not recognise visible instead of guessing. */
export type Status = KnownStatus | 'unknown';

export type Outcome = 'upgrade' | 'cancel';
export type JourneyOutcome = Outcome | 'open';
/** Where a known outcome came from, so the user can judge it; `event` and `column` are event-log journeys'. */
export type OutcomeSource = 'folder' | 'filename' | 'terminal-status' | 'event' | 'column' | 'none';

export interface Problem {
  /** Path as the user knows it (relative to the analysed root where possible). */
  file: string;
  message: string;
  /** 1-based; absent when the problem is about the whole file (size, binary). */
  line?: number;
  column?: number;
  severity: 'error' | 'warning';
}

/**
 * A file that was read in full and holds no recording at all (a package.json in an analysed workspace): not a
 * problem, but counted and named, so that no file the user pointed at disappears without a word.
 */
export interface SkippedFile {
  /** Path relative to the analysed root, like Problem.file. */
  file: string;
  reason: string;
}

export interface Step {
  /** 1-based position in time order within the journey. */
  index: number;
  label: string;
  status: Status;
  /** The status text as written in the file, before normalisation. */
  rawStatus: string;
  /** ISO `YYYY-MM-DD` (start of a range), or '' when the file has no usable date. */
  date: string;
  /** The original text when `date` was a range such as "2024-09-15 to 2024-10-15". */
  dateRange?: string;
  /** Milliseconds since the start of this step's recording, from the clock string. */
  startMs: number;
  endMs: number;
  /** The clock strings as written (`MM:SS.S`). */
  startClock: string;
  endClock: string;
  details: string;
  recordingId: string;
  /** Theme group of a regrouped export. */
  group?: string;
  /** Where the step sits in the source file, as a JSON path (for "open at step"). */
  sourcePath: (string | number)[];
  /** Free-form extras a source may carry; event-log steps set `event` (its name: transitions become features). */
  attributes?: Record<string, string>;
}

export interface Journey {
  /** Stable id: the file path relative to the analysed root, with forward slashes. */
  id: string;
  /** Absolute path of the source file. */
  file: string;
  /** Short display name (file name without extension). */
  name: string;
  outcome: JourneyOutcome;
  outcomeSource: OutcomeSource;
  steps: Step[];
  /** Distinct recordings (chunks) that contributed, including ones that could not be narrated. */
  recordings: number;
  /** Per-journey data-quality notes that did not stop the analysis. */
  warnings: string[];
  /** Hash of the file content: keys caches (AI analyses, rendered timelines). */
  contentHash: string;
}

export interface FrictionCounts {
  errors: number;
  supportContacts: number;
  cancellationSteps: number;
  retentionSteps: number;
}

export interface JourneyMetrics {
  steps: number;
  recordings: number;
  /** Calendar days from first to last step date, inclusive (1 for a single day). */
  daysSpanned: number;
  /** Sum of step durations plus gaps within a recording, in ms. */
  activeTimeMs: number;
  statusCounts: Record<Status, number>;
  statusShares: Record<Status, number>;
  /** Days from first step to the first attempted_conversion; null when there is none. */
  daysToFirstAttempt: number | null;
  /** Steps before the first attempted_conversion; null when there is none. */
  stepsToFirstAttempt: number | null;
  /** Days from first step to the last step of a journey with a known outcome; null when open. */
  daysToOutcome: number | null;
  friction: FrictionCounts;
  /** Status sequence with consecutive repeats collapsed. */
  statusPath: Status[];
}

export interface IndicatorExample {
  journeyId: string;
  stepIndex: number;
  label: string;
}

export interface Indicator {
  /** Human-readable feature name, e.g. `word: cancel`, `seq: attempted_conversion→non-converted`, `timing: days spanned`. */
  feature: string;
  /** Weight on the standardised feature; positive pushes toward upgrade. */
  weight: number;
  oddsRatio: number;
  direction: Outcome;
  examples: IndicatorExample[];
}

export interface IndicatorContribution {
  feature: string;
  /** weight × standardised value for this journey; positive pushes toward upgrade. */
  contribution: number;
  direction: Outcome;
}

export interface Prediction {
  outcome: Outcome;
  pUpgrade: number;
  /** True when the model that made this prediction never saw this journey's label. */
  outOfFold: boolean;
  /** The indicators that weighed most for this journey. */
  top: IndicatorContribution[];
}

export type { ClassificationScores };

export interface Evaluation extends ClassificationScores {
  method: 'leave-one-out' | 'stratified-k-fold';
  folds: number;
  /** Labelled journeys evaluated. */
  n: number;
  /** Precision/recall/F1 treat this class as positive. */
  positive: Outcome;
  /** The same evaluation with the status field as a feature: it leaks the label, shown for contrast only. */
  withStatus: ClassificationScores & { leaking: true };
  /** Accuracy when only the first fraction of each journey is seen. */
  earlyWarning: { fraction: number; accuracy: number }[];
}

export interface ModelSummary {
  /** Null when there are too few labelled journeys of both outcomes to train. */
  evaluation: Evaluation | null;
  indicators: Indicator[];
  statusBlind: boolean;
  featureCount: number;
  trainedOn: number;
  /** Why there is no evaluation, when there is none. */
  note?: string;
}

export interface CommonStep {
  label: string;
  journeys: number;
  share: number;
}

export interface OutcomeProfile {
  outcome: Outcome;
  journeys: number;
  /** The most frequent collapsed status path among these journeys. */
  typicalPath: Status[];
  typicalPathShare: number;
  medians: {
    steps: number;
    recordings: number;
    daysSpanned: number;
    activeTimeMs: number;
    daysToFirstAttempt: number | null;
    frictionErrors: number;
    supportContacts: number;
  };
  commonSteps: CommonStep[];
  /** Indicators pointing toward this outcome, strongest first. */
  indicators: Indicator[];
}

export interface CitedPoint {
  text: string;
  /** Step indexes (1-based) in this journey that support the point. */
  steps: number[];
}

export interface JourneyAnalysis {
  source: 'ai' | 'rules';
  /** The model name for AI analyses. */
  model?: string;
  summary: string;
  keyMoments: CitedPoint[];
  frictionPoints: CitedPoint[];
  intentSignals: CitedPoint[];
  prediction: { outcome: Outcome; confidence: number; rationale: string };
  recommendations: { product: string[]; user: string[] };
  /** True when personal data was replaced by placeholders before the request left the machine. */
  redacted: boolean;
  tokens?: { prompt: number; completion: number };
  /** Content hash + model + prompt version the analysis was made for. */
  cacheKey?: string;
  generatedAt: string;
  /** What was done to the answer or the request, for the reader: dropped citations, redactions made. */
  notes?: string[];
}

export interface CrossJourneyPattern {
  title: string;
  description: string;
  precedes: Outcome;
  severity: 'low' | 'medium' | 'high';
  journeys: number;
  share: number;
  examples: IndicatorExample[];
}

export interface CrossJourneyAnalysis {
  source: 'ai' | 'rules';
  model?: string;
  patterns: CrossJourneyPattern[];
  generatedAt: string;
  redacted?: boolean;
  tokens?: { prompt: number; completion: number };
  notes?: string[];
}

export interface JourneyReport {
  id: string;
  file: string;
  name: string;
  outcome: JourneyOutcome;
  outcomeSource: OutcomeSource;
  prediction: Prediction | null;
  steps: Step[];
  metrics: JourneyMetrics;
  /** Mermaid source of the journey's timeline. */
  timeline: string;
  warnings: string[];
  contentHash: string;
  analysis?: JourneyAnalysis;
  /** Why the last analysis attempt failed, while any earlier analysis stays in place. */
  analysisError?: string;
}

export interface Report {
  schemaVersion: 1;
  generatedAt: string;
  /** The analysed folder. */
  root: string;
  journeys: JourneyReport[];
  model: ModelSummary;
  profiles: { upgrade: OutcomeProfile | null; cancel: OutcomeProfile | null };
  problems: Problem[];
  /** Files that are not recordings, each with why, sorted by file; absent from reports written before it existed. */
  skipped?: SkippedFile[];
  crossJourney?: CrossJourneyAnalysis;
  /**
   * What the classes are called when not "upgrade" / "cancel" (an event log's "purchase" / "no purchase"); the
   * fields keep their schema names. Absent from recordings reports.
   */
  outcomes?: { upgrade: string; cancel: string };
  /** Token use across all AI analyses in this report. */
  aiUsage?: { prompt: number; completion: number; requests: number; cached: number };
}
