import type { DashboardState, DashboardTab } from '../src/dashboard/protocol';

export function defaultState(): DashboardState {
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
export function restoreState(saved: DashboardState | undefined): DashboardState {
  const d = defaultState();
  if (!saved) return d;
  return {
    ...d,
    ...saved,
    filters: { ...d.filters, ...saved.filters },
    compare: { ...d.compare, ...saved.compare },
    scroll: { ...saved.scroll },
    open: Array.isArray(saved.open) ? saved.open.slice(0, 500) : [],
  };
}

const TABS: DashboardTab[] = ['overview', 'journeys', 'compare'];

/** `#journeys`, `#compare` or `#journey=<id>` in an exported page's address. */
export function tabFromHash(hash: string): { tab?: DashboardTab; journeyId?: string } {
  const h = decodeURIComponent(hash.replace(/^#/, ''));
  if (h.startsWith('journey=')) return { tab: 'journeys', journeyId: h.slice('journey='.length) };
  return TABS.includes(h as DashboardTab) ? { tab: h as DashboardTab } : {};
}
