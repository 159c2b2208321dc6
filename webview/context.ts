// What every view gets from the app; views never import the app itself (no cycles).
import type { JourneyReport, Report } from '../src/core/journeys/types';
import type { DashboardState, DashboardTab, HostState, RevealTarget } from '../src/dashboard/protocol';
import type { Host } from './host';
import type { TimelineRenderer } from './mermaidLoader';

export interface AppContext {
  readonly report: Report;
  readonly host: Host;
  readonly hostState: HostState | null;
  readonly state: DashboardState;
  readonly timelines: TimelineRenderer;
  journey(id: string): JourneyReport | undefined;
  /** Persist `state` (debounced). */
  saveState(): void;
  setTab(tab: DashboardTab): void;
  /** Show a journey in the Journeys tab, open, scrolled to (and highlighting) a step. */
  reveal(target: RevealTarget): void;
  toggleCompare(journeyId: string, on: boolean): void;
}
