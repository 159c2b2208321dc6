import type { DashboardView } from '../../shell/view';
import { renderCompare } from './compare';

export const compareView = {
  id: 'compare',
  label: 'Compare',
  render: renderCompare,
} as const satisfies DashboardView;
