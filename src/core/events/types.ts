/**
 * The event-log domain's types: what ingest produces, what each analysis returns, the report the CLI writes
 * and the dashboard reads. The one source of truth for them (the protocol re-uses these).
 *
 * ## The canonical tables (built by ingest, read by every query module)
 * `events`, one row per event after cleaning (rejected rows are in `problems`, never here):
 * | column       | type      | meaning |
 * |--------------|-----------|---------|
 * | `row_id`     | BIGINT    | unique, in reading order across files; breaks every tie |
 * | `file`       | VARCHAR   | source file, as the user gave it (relative to the analysed folder where possible) |
 * | `line`       | BIGINT    | 1-based line of the row in its file (NULL where a layout cannot tell) |
 * | `user_id`    | VARCHAR   | never NULL |
 * | `session_id` | VARCHAR   | never NULL: the source's, or cut at `sessionGapMinutes` of inactivity (`<user>#<n>`) |
 * | `ts`         | TIMESTAMP | UTC; NULL for layouts without time (page sequences) |
 * | `seq`        | BIGINT    | order within the user: by ts, then row_id; without time (page sequences): session order, then position |
 * | `event`      | VARCHAR   | event name; NULL when the log has no event column (funnel steps then match properties) |
 * | `page`       | VARCHAR   | what paths walk through: the `path`/`page`/`url` column where there is one, else `event` |
 * | `revenue`    | DOUBLE    | money this event brought (an order's amount, price × quantity of a purchase), else NULL |
 * | …            | as read   | every other source column, under its own name (properties: css, text, value, price …) |
 *
 * `users` (from a companion `users.csv`, keyed by `user_id` VARCHAR) and `products` (`products.csv`, keyed by
 * `product_id`) exist only when the folder has them; `DatasetInfo` says which.
 * `jl_user_keys` / `jl_session_keys` map each id to a small INTEGER key for the queries' partitions
 * (queries/unitKeys.ts); ingest builds them after `events`.
 */

import type { JourneyOutcome, Report } from '../journeys/types';

export interface EventsProblem {
  file: string;
  /** 1-based; absent for a problem with the whole file. */
  line?: number;
  column?: number;
  message: string;
  severity: 'error' | 'warning';
}

export type LayoutId = 'csv' | 'jsonl' | 'json-array' | 'parquet' | 'page-sequences' | 'typed-events';

export interface ColumnRoles {
  user: string;
  /** null: sessions were cut at the inactivity gap. */
  session: string | null;
  /** null: the layout has no time (page sequences). */
  time: string | null;
  /** null: no event column; steps match properties. */
  event: string | null;
}

export interface SourceInfo {
  file: string;
  layout: LayoutId;
  rows: number;
  rejected: number;
  roles: ColumnRoles;
  /** 'events' for the log itself, 'users' / 'products' for companion tables. */
  table: 'events' | 'users' | 'products';
  /** Typed events: earlier versions of an ORDER/CUSTOMER replaced by a later one with the same key. */
  replaced?: number;
}

/** What the loaded data offers, so each analysis can decide whether it applies (and say why not). */
export interface DatasetInfo {
  sources: SourceInfo[];
  /** Property columns of `events` beyond the canonical ones, with DuckDB's type names. */
  columns: { name: string; type: string }[];
  /** Columns of `users` (empty without a users table). */
  userColumns: { name: string; type: string }[];
  hasTime: boolean;
  hasRevenue: boolean;
  hasUsersTable: boolean;
  hasProductsTable: boolean;
  /** When set, a "visit" is an event with this name (typed events: SITE_VISIT); otherwise a visit is a session. */
  visitEvent: string | null;
  /** Earliest and latest `ts` in the data (ISO), null without time. */
  timeRange: { from: string; to: string } | null;
}

export interface UnitCounts {
  users: number;
  sessions: number;
  events: number;
}

// ---------------------------------------------------------------- funnel

export type FunnelUnit = 'user' | 'session';
export type FunnelOrder = 'sequential' | 'strict' | 'any';
export type ConditionOp = '=' | '!=' | '^=' | '*=' | '~=';

export interface Condition {
  column: string;
  op: ConditionOp;
  value: string;
}

/** One step as the user wrote it: `add_to_cart`, or `Added to cart: css=button.add-to-cart & path^=/p`. */
export interface FunnelStepDef {
  name: string;
  /** The text after the colon (or the event name), as written, for display. */
  match: string;
  /** An event-name step has one condition on the event column. */
  conditions: Condition[];
}

export interface FunnelDefinition {
  steps: FunnelStepDef[];
  unit: FunnelUnit;
  /** Milliseconds; null for no window (the whole unit). */
  windowMs: number | null;
  order: FunnelOrder;
  by: string | null;
}

export interface FunnelStepResult {
  name: string;
  match: string;
  count: number;
  conversionFromStart: number;
  conversionFromPrevious: number;
  /** null for the first step, or when no unit reached this step with times. */
  medianTimeFromPreviousMs: number | null;
  /** Units that reached the previous step but not this one (0 for step 1). */
  dropped: number;
  droppedSample: string[];
}

export interface FunnelReport {
  unit: FunnelUnit;
  /** As written (`7d`), null for none. */
  window: string | null;
  order: FunnelOrder;
  suggested: boolean;
  steps: FunnelStepResult[];
  breakdown: { by: string; groups: { value: string; steps: FunnelStepResult[] }[] } | null;
  /** A step that matched no event, with the values its column does have. */
  warnings: string[];
}

/** The events of one unit that dropped at a step, in order: the data behind the drill-down. */
export interface StepDetails {
  step: number;
  unit: FunnelUnit;
  unitId: string;
  /** Position of this unit among the dropped ones, and how many there are. */
  index: number;
  total: number;
  events: {
    rowId: number;
    file: string;
    line: number | null;
    ts: string | null;
    event: string | null;
    props: Record<string, string | number | null>;
  }[];
}

// ---------------------------------------------------------------- friction

export interface FrictionRow {
  message: string;
  path: string | null;
  sessions: number;
  users: number;
  /** Sessions that saw it and completed the funnel. */
  converted: number;
  conversionRate: number;
  /** Completion rate of sessions that did not see it. */
  baselineConversionRate: number;
}

// ---------------------------------------------------------------- paths

export interface PageStat {
  page: string;
  visits: number;
  journeys: number;
  importance: number;
}

export interface PathsSummary {
  units: number;
  pages: PageStat[];
  transitions: { from: string; to: string; count: number }[];
  sequences: { pages: string[]; count: number }[];
  length: { mean: number; median: number; p90: number };
}

export interface PathsReport extends PathsSummary {
  unit: FunnelUnit;
  byGroup: { by: string; groups: ({ value: string } & PathsSummary)[] } | null;
}

// ---------------------------------------------------------------- retention

export type RetentionPeriod = 'day' | 'week' | 'month';

export interface RetentionReport {
  period: RetentionPeriod;
  /** 'first-event' or the users-table column used (e.g. registration_date). */
  cohortBy: string;
  /** Every cohort, oldest first; `cohort` is `YYYY-MM` (month) or `YYYY-MM-DD` (day, week start). */
  cohorts: { cohort: string; size: number; retained: number[] }[];
}

// ---------------------------------------------------------------- segments

export interface SegmentsReport {
  k: number;
  /** 'given' (--segments) or 'silhouette' (best over 2–8). */
  kChosenBy: 'given' | 'silhouette';
  features: string[];
  silhouette: number;
  clusters: { id: number; name: string; size: number; centroid: Record<string, number> }[];
  /**
   * Optional: a capped sample (at most {@link SEGMENT_POINTS_MAX}, spread over the clusters) of users for the
   * dashboard's scatter. `x`/`y` are the first two principal components of the standardised features; `features`
   * (when present) holds the user's values in original units, keyed like `features`, so two of them can be plotted.
   */
  points?: SegmentPoint[];
}

export const SEGMENT_POINTS_MAX = 2000;

export interface SegmentPoint {
  user: string;
  cluster: number;
  x: number;
  y: number;
  features?: Record<string, number>;
}

// ---------------------------------------------------------------- LTV

export interface LtvReport {
  weeks: number;
  lifespanYears: number;
  top: { customer: string; ltv: number; visits: number; expenditure: number; visitsPerWeek: number }[];
}

// ---------------------------------------------------------------- journeys

/**
 * Each unit's events up to its outcome as a recordings journey, classified and evaluated by the recordings' code:
 * the recordings' Report (same fields) plus what the event log adds. The schema names the two classes `upgrade`
 * (the outcome was reached) and `cancel` (it was not); `outcomes` says what they mean here.
 * `journeys` holds a bounded sample in full (see `sample`); `units` summarises the units (`pUpgrade` out-of-fold
 * for labelled units the model was evaluated on, from the final model for open ones and those beyond `modelled`).
 */
export interface EventJourneysReport extends Report {
  outcomes: {
    /** `--outcome` as written, or `COLUMN=VALUE`. */
    definition: string;
    from: 'event' | 'column';
    /** "purchase", "Annual". */
    upgrade: string;
    /** "no purchase", "not Annual" (or the column's other value when it has exactly two). */
    cancel: string;
  };
  unit: FunnelUnit;
  /** "30d", "session end", or null when nothing is open (a label column, or a log without time). */
  openAfter: string | null;
  counts: { units: number; positive: number; negative: number; open: number };
  /** Units the model was trained and evaluated on: all, or a seeded sample keeping each label's share (the note says). */
  modelled: number;
  /** Share of the larger class among labelled units: the accuracy of always guessing it. */
  baselineAccuracy: number | null;
  /** Events left out of every journey, with why (an end marker such as session_end). */
  excluded: { event: string; reason: string }[];
  sample: { limit: number; shown: number; total: number; rule: string };
  units: { id: string; outcome: JourneyOutcome; pUpgrade: number | null; steps: number; sessions: number }[];
  /** `units` lists every unit up to 50,000; beyond, the open ones first, then labelled ones evenly spaced. */
  unitsListed: { shown: number; total: number; rule: string };
}

// ---------------------------------------------------------------- the report

export type EventsSection = 'funnel' | 'friction' | 'paths' | 'retention' | 'segments' | 'ltv' | 'journeys';

export interface EventsReport {
  schemaVersion: 1;
  kind: 'events';
  generatedAt: string;
  root: string;
  sources: SourceInfo[];
  units: UnitCounts;
  funnel: FunnelReport | null;
  friction: FrictionRow[] | null;
  paths: PathsReport | null;
  retention: RetentionReport | null;
  segments: SegmentsReport | null;
  ltv: LtvReport | null;
  journeys: EventJourneysReport | null;
  /** Why a section is null (or thinner than usual): "page sequences have no timestamps, so no retention". */
  notes: Partial<Record<EventsSection, string>>;
  problems: EventsProblem[];
}

/** The canonical `events` table's own columns (above); every other column is a property. */
export const CANONICAL_COLUMNS: readonly string[] = [
  'row_id',
  'file',
  'line',
  'user_id',
  'session_id',
  'ts',
  'seq',
  'event',
  'page',
  'revenue',
];
