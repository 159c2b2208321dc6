// The event dashboard's views, in tab order. Adding a view is one file in views/ and one line here; the tab type is
// derived from this list, and the protocol's view ids must match it (checked at compile time below).
import type { EventsViewId } from '../../src/dashboard/events/protocol';
import type { EventsContext } from './context';
import { renderCustomers } from './views/customers';
import { renderDetails } from './views/details';
import { renderFriction } from './views/friction';
import { renderFunnel } from './views/funnel';
import { renderOverview } from './views/overview';
import { renderPaths } from './views/paths';
import { renderRetention } from './views/retention';
import { renderSegments } from './views/segments';

export interface ViewDef {
  id: string;
  label: string;
  render: (ctx: EventsContext) => HTMLElement;
}

export const VIEWS = [
  { id: 'overview', label: 'Overview', render: renderOverview },
  { id: 'funnel', label: 'Funnel', render: renderFunnel },
  { id: 'details', label: 'Step details', render: renderDetails },
  { id: 'friction', label: 'Friction', render: renderFriction },
  { id: 'paths', label: 'Paths', render: renderPaths },
  { id: 'retention', label: 'Retention', render: renderRetention },
  { id: 'segments', label: 'Segments', render: renderSegments },
  { id: 'customers', label: 'Customers', render: renderCustomers },
] as const satisfies readonly ViewDef[];

export type EventsTab = (typeof VIEWS)[number]['id'];

// Both directions: a view missing from the protocol, or a protocol id without a view, fails to compile.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameIds: Same<EventsTab, EventsViewId> = true;
void sameIds;

export const VIEW_IDS: readonly EventsTab[] = VIEWS.map((v) => v.id);
