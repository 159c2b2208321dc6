// What every view gets from the app; views never import the app itself (no cycles).
import type { JourneyReport, Report } from '../../src/core/journeys/types';
import type { HostState, RevealTarget } from '../../src/dashboard/journeys/protocol';
import type { DashboardState } from './state';
import type { Host } from './host';
import type { TimelineRenderer } from '../journeys/mermaidLoader';

export interface AppContext {
  readonly report: Report;
  readonly host: Host;
  readonly hostState: HostState | null;
  readonly state: DashboardState;
  readonly timelines: TimelineRenderer;
  journey(id: string): JourneyReport | undefined;
  /** Persist `state` (debounced). */
  saveState(): void;
  /** Show a journey in the Journeys tab, open, scrolled to (and highlighting) a step. */
  reveal(target: RevealTarget): void;
  toggleCompare(journeyId: string, on: boolean): void;
}
