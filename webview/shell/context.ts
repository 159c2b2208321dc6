// What every view gets from the app; views never import the app itself (no cycles).
import type { CompactJourney, CompactReport } from '../../src/core/journeys/reportSummary';
import type { JourneyReport } from '../../src/core/journeys/types';
import type { HostState, RevealTarget } from '../../src/dashboard/journeys/protocol';
import type { DashboardState } from './state';
import type { Host } from './host';
import type { TimelineRenderer } from '../journeys/mermaidLoader';

export interface AppContext {
  readonly report: CompactReport;
  readonly host: Host;
  readonly hostState: HostState | null;
  readonly state: DashboardState;
  readonly timelines: TimelineRenderer;
  journey(id: string): CompactJourney | undefined;
  /**
   * The journey with its steps, timeline and analysis when the page has them (an exported report carries them all;
   * the VS Code host sends them one journey at a time). Otherwise asks the host for them once and returns undefined:
   * the view is told (`updateJourney`, or a redraw) when they arrive or why they will not ({@link detailError}).
   */
  full(id: string): JourneyReport | undefined;
  /**
   * The journeys whose steps match a search, when the page holds compact journeys: asked of the host once per text
   * (undefined until it answers; the view is refreshed then). Undefined too when the page has the steps itself.
   */
  stepHits(text: string): ReadonlySet<string> | undefined;
  /** Why a journey's steps could not be loaded (it vanished in a re-analysis), if they could not. */
  detailError(id: string): string | undefined;
  /** Persist `state` (debounced). */
  saveState(): void;
  /** Show a journey in the Journeys tab, open, scrolled to (and highlighting) a step. */
  reveal(target: RevealTarget): void;
  toggleCompare(journeyId: string, on: boolean): void;
}
