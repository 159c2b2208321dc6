import type { DashboardView } from '../../shell/view';
import { renderOverview } from './overview';

export const overviewView = {
  id: 'overview',
  label: 'Overview',
  render: renderOverview,
} as const satisfies DashboardView;
