// Every dashboard tab, in tab order: adding a view is one file (a DashboardView) and one line here.
import { compareView } from './journeys/views/compareView';
import { journeysView } from './journeys/views/journeysView';
import { overviewView } from './journeys/views/overviewView';
import type { DashboardView } from './shell/view';

export const VIEWS = [overviewView, journeysView, compareView] as const satisfies readonly DashboardView[];

export type DashboardTab = (typeof VIEWS)[number]['id'];

/** The tab that shows one journey: a reveal (from the tree, a link, `#journey=<id>`) switches to it. */
export const REVEAL_TAB: DashboardTab = journeysView.id;

export function isDashboardTab(id: string): id is DashboardTab {
  return VIEWS.some((v) => v.id === id);
}

export function viewOf(tab: DashboardTab): DashboardView {
  return VIEWS.find((v) => v.id === tab) ?? VIEWS[0];
}
