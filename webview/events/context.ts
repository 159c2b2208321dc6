// What every view gets from the app; views never import the app itself (no cycles).
import type { EventsReport, FunnelDefinition, FunnelReport } from '../../src/core/events/types';
import type {
  EventsHostState,
  EventsRequestParams,
  EventsRequestType,
  EventsRequestValue,
  EventsViewId,
  Result,
  SavedFunnel,
  ViewNote,
} from '../../src/dashboard/events/protocol';
import type { PlotLoader } from './charts/plotLoader';
import type { EventsHost } from './host';
import type { DetailsTarget, EventsViewState } from './state';

export interface EventsContext {
  readonly report: EventsReport;
  /** The funnel shown: the report's, or the last one recomputed from the editor. */
  readonly funnel: FunnelReport | null;
  /** The definition behind {@link funnel} (null when the report has no funnel). */
  readonly definition: FunnelDefinition | null;
  /** Property columns the editor offers (from the host; else the ones the report's own steps use). */
  readonly columns: { name: string; type: string }[];
  readonly saved: SavedFunnel[];
  readonly hostState: EventsHostState;
  readonly host: EventsHost;
  readonly state: EventsViewState;
  readonly charts: PlotLoader;
  request<K extends EventsRequestType>(type: K, params: EventsRequestParams<K>): Promise<Result<EventsRequestValue<K>>>;
  /** Show the recomputed funnel (the Funnel view redraws). */
  setFunnel(funnel: FunnelReport, definition: FunnelDefinition): void;
  setSaved(saved: SavedFunnel[]): void;
  /** Open the Step details view at a target. */
  openDetails(target: DetailsTarget): void;
  show(view: EventsViewId): void;
  aiNote(view: EventsViewId): ViewNote | undefined;
  /** Why the last AI note asked for on this view failed, or whether one is being written. */
  aiNoteState(view: EventsViewId): { asking: boolean; error?: string };
  /** Ask the host for an AI note on a view (the note slot's "Ask AI" button). */
  askAiNote(view: EventsViewId): void;
  saveState(): void;
}
