/**
 * The messages between a caller (extension host, CLI) and the engine child process. Each request carries a
 * sequence number; the child answers it once (result or error) and may send progress for it before.
 * Adding an analysis is one entry in EngineRequests and one handler in engineHandlers.ts.
 */
import type { EventsOptions } from '../../core/events/options';
import type { FrictionSession } from '../../core/events/queries/frictionDetails';
import type {
  DatasetInfo,
  EventsProblem,
  EventsReport,
  FrictionRow,
  FunnelDefinition,
  FunnelReport,
  StepDetails,
  UnitCounts,
} from '../../core/events/types';
import type { JourneyReport } from '../../core/journeys/types';

export interface LoadResult {
  root: string;
  info: DatasetInfo;
  problems: EventsProblem[];
  units: UnitCounts;
}

/** Analysis requests take option overrides on top of those the data was loaded with. */
type Overrides = { options?: Partial<EventsOptions> };

export interface EngineRequests {
  load: { params: { target: string; options?: Partial<EventsOptions> }; result: LoadResult };
  funnel: { params: Overrides; result: FunnelReport | null };
  /** `definition` (an edited funnel from the dashboard) replaces the options' funnel. */
  stepDetails: {
    params: Overrides & { step: number; index: number; definition?: FunnelDefinition };
    result: StepDetails | null;
  };
  friction: { params: Overrides; result: FrictionRow[] };
  /** One unit's journey outside the report's sample (needs `outcome` or `outcomeColumn` in the options). */
  journey: { params: Overrides & { id: string }; result: JourneyReport | null };
  // The dashboard's requests (src/host/events/): an edited funnel, drill-downs, the editor's autocompletion.
  /** The funnel of the options, parsed (or suggested), as the dashboard's editor starts from it. */
  funnelDefinition: { params: Overrides; result: FunnelDefinition | null };
  recomputeFunnel: { params: { definition: FunnelDefinition }; result: FunnelReport };
  frictionDetails: {
    params: Overrides & { message: string; path: string | null; index: number };
    result: FrictionSession | null;
  };
  columnValues: { params: { column: string; prefix: string; limit: number }; result: string[] };
  /** Load (when `target` is given) and build the whole report. */
  analyzeAll: { params: Overrides & { target?: string }; result: EventsReport };
  /** Every user's segment and features as CSV, from the last analyzeAll (null when it had no segments). */
  segmentsCsv: { params: Record<string, never>; result: string | null };
  /** Any SQL over the loaded tables, for tests and the bench (the child never runs SQL a webview sent). */
  query: { params: { sql: string }; result: Record<string, unknown>[] };
  close: { params: Record<string, never>; result: null };
}

export type RequestType = keyof EngineRequests;

export interface EngineRequestMessage<K extends RequestType = RequestType> {
  id: number;
  type: K;
  params: EngineRequests[K]['params'];
}

export type EngineMessage =
  | { id: number; kind: 'result'; result: unknown }
  | { id: number; kind: 'error'; message: string }
  | { id: number; kind: 'progress'; text: string };

export interface EngineSettings {
  /** DuckDB memory_limit, e.g. '2GB'; beyond it DuckDB spills to tempDirectory. */
  memoryLimit: string;
  tempDirectory: string;
  threads?: number;
}
