import type { DashboardView } from '../../shell/view';
import { renderJourneys } from './journeys';

let firstListPaint = true;

export const journeysView = {
  id: 'journeys',
  label: 'Journeys',
  count: (report) => report.journeys.length,
  render(ctx, el, reveal) {
    const view = renderJourneys(ctx, el);
    if (firstListPaint) {
      // Marks for bench/firstPaint.ts: the first list drawn, and painted.
      firstListPaint = false;
      performance.mark('journey-lens:list-rendered');
      requestAnimationFrame(() => setTimeout(() => performance.mark('journey-lens:list-painted'), 0));
    }
    if (reveal) view.reveal(reveal);
    return view;
  },
} as const satisfies DashboardView;
