// What a dashboard tab is, for the registry in webview/views.ts. The shell draws the tabs from the registry and
// never names a view; a view that can update in place hands back a ShownView, otherwise the shell redraws it.
import type { CompactReport } from '../../src/core/journeys/reportSummary';
import type { RevealTarget } from '../../src/dashboard/journeys/protocol';
import type { AppContext } from './context';

export interface ShownView {
  /** Redraw after a new report, keeping focus and caret (the search field). */
  refresh?(): void;
  /** One journey changed. */
  updateJourney?(journeyId: string): void;
  /** Scroll to a journey (and step) already drawn. */
  reveal?(target: RevealTarget): void;
}

export interface DashboardView<Id extends string = string> {
  readonly id: Id;
  readonly label: string;
  /** A count on the tab, kept current as the report changes. */
  count?(report: CompactReport): number;
  /** Draws the view into `el`. With `reveal`, the view shows that journey instead of the saved scroll offset. */
  render(ctx: AppContext, el: HTMLElement, reveal?: RevealTarget): ShownView | void;
}
