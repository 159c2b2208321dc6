// The event dashboard's own view state (getState/setState in VS Code, localStorage in an export).
import type { EventsViewId as EventsTab } from '../../src/dashboard/events/protocol';

/** What a drill-down shows: a unit that dropped at a funnel step, or a session that saw a friction message. */
export type DetailsTarget =
  | { kind: 'step'; step: number; index: number }
  | { kind: 'friction'; message: string; path: string | null; index: number };

export interface EventsViewState {
  version: 1;
  tab: EventsTab;
  /** The Paths view's flow starts here (a page name); absent: the most important page. */
  flowStart?: string;
  /** The Segments scatter's axes: 'pc1', 'pc2' or a feature name. */
  scatter: { x: string; y: string };
  details?: DetailsTarget;
  /** The source the panel shows (VS Code only): what the panel serializer restores after a window reload. */
  target?: string;
}

export function restoreState(saved: unknown, tabs: readonly string[]): EventsViewState {
  const d: EventsViewState = { version: 1, tab: 'overview', scatter: { x: 'pc1', y: 'pc2' } };
  if (typeof saved !== 'object' || saved === null || (saved as { version?: unknown }).version !== 1) return d;
  const s = saved as Partial<EventsViewState>;
  return {
    ...d,
    tab: tabs.includes(s.tab as string) ? (s.tab as EventsTab) : d.tab,
    flowStart: typeof s.flowStart === 'string' ? s.flowStart : undefined,
    scatter:
      s.scatter && typeof s.scatter.x === 'string' && typeof s.scatter.y === 'string'
        ? { x: s.scatter.x, y: s.scatter.y }
        : d.scatter,
    details: s.details && typeof s.details === 'object' ? s.details : undefined,
    target: typeof s.target === 'string' ? s.target : undefined,
  };
}
