// The timeline's status legend as one compact row of coloured chips above the diagram(s): drawn once per timeline
// section (once for all of Compare's timelines), not as a Mermaid subgraph inside every diagram.
import { STATUSES } from '../../../src/dashboard/statusPalette';
import type { JourneyMetrics, Status, Step } from '../../../src/core/journeys/types';
import { h } from '../../shell/dom';
import { STATUS_LABEL, statusClass } from '../../shell/format';

/** Every status in its fixed order; `unknown` only when one of the journeys has an unknown step. */
export function statusLegend(
  journeys: readonly { steps?: readonly Pick<Step, 'status'>[]; metrics: Pick<JourneyMetrics, 'statusCounts'> }[],
): HTMLElement {
  // From the steps when the journey carries them, else from its counts (a compact journey has no steps).
  const unknown = journeys.some((j) =>
    j.steps ? j.steps.some((s) => s.status === 'unknown') : (j.metrics.statusCounts.unknown ?? 0) > 0,
  );
  const shown: Status[] = unknown ? [...STATUSES, 'unknown'] : [...STATUSES];
  return h(
    'ul',
    { class: 'legend status-legend', 'aria-label': 'Timeline colours by status' },
    shown.map((s) =>
      h(
        'li',
        { class: statusClass(s), 'data-status': s },
        h('span', { class: 'legend-swatch', 'aria-hidden': 'true' }),
        STATUS_LABEL[s],
      ),
    ),
  );
}
