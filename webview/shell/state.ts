import { type DashboardTab, isDashboardTab, REVEAL_TAB } from '../views';
import type { JourneyFilters } from '../../src/dashboard/journeys/protocol';
import { decodeFragment } from './fragment';

/** The webview's saved state (getState/setState); the panel serializer receives it. Opaque to the host. */
export interface DashboardState<Tab extends string = string> {
  version: 1;
  /** A view id from webview/views.ts. */
  tab: Tab;
  filters: JourneyFilters;
  /** Ids of the open journey sections. */
  open: string[];
  page: number;
  /** Scroll offsets per tab. */
  scroll: Partial<Record<Tab, number>>;
  /** Journeys picked for comparison, or the two outcome types. */
  compare: { mode: 'journeys' | 'outcomes'; journeyIds: string[]; align: 'step' | 'day' };
}

export function defaultState(): DashboardState<DashboardTab> {
  return {
    version: 1,
    tab: 'overview',
    filters: { text: '', outcome: 'all', status: 'all', sort: 'probability-desc' },
    open: [],
    page: 0,
    scroll: {},
    compare: { mode: 'journeys', journeyIds: [], align: 'step' },
  };
}

/** Merges a saved state over the defaults, so a state saved by an older build still loads. */
export function restoreState(saved: DashboardState | undefined): DashboardState<DashboardTab> {
  const d = defaultState();
  if (!saved) return d;
  return {
    ...d,
    ...saved,
    // A tab this build does not have (a view removed since) opens the first one.
    tab: isDashboardTab(saved.tab) ? saved.tab : d.tab,
    filters: { ...d.filters, ...saved.filters },
    compare: { ...d.compare, ...saved.compare },
    scroll: { ...saved.scroll },
    open: Array.isArray(saved.open) ? saved.open.slice(0, 500) : [],
  };
}

/** `#<view id>` (`#journeys`, `#compare`) or `#journey=<id>` in an exported page's address. */
export function tabFromHash(hash: string): { tab?: DashboardTab; journeyId?: string } {
  const h = decodeFragment(hash);
  if (h.startsWith('journey=')) return { tab: REVEAL_TAB, journeyId: h.slice('journey='.length) };
  return isDashboardTab(h) ? { tab: h } : {};
}
