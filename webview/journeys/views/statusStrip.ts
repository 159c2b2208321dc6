// A row of coloured cells, one per step (or per status in a path), so journeys line up step by step.
import type { Status, Step } from '../../../src/core/journeys/types';
import { h } from '../../shell/dom';
import { STATUS_LABEL, statusClass } from '../../shell/format';

export function statusStrip(
  steps: Pick<Step, 'index' | 'status' | 'label' | 'date'>[],
  opts: { label: string; onStep?: (index: number) => void },
): HTMLElement {
  return h(
    'div',
    { class: 'status-strip', role: 'list', 'aria-label': opts.label },
    steps.map((s) =>
      h(opts.onStep ? 'button' : 'span', {
        class: `strip-cell ${statusClass(s.status)}`,
        role: 'listitem',
        'data-step-index': s.index,
        title: `Step ${s.index}${s.date ? ` · ${s.date}` : ''} · ${STATUS_LABEL[s.status] ?? s.status}\n${s.label}`,
        onclick: opts.onStep ? () => opts.onStep!(s.index) : null,
      }),
    ),
  );
}

export function pathStrip(path: Status[], label: string): HTMLElement {
  return h(
    'div',
    { class: 'status-path', 'aria-label': label },
    path.map((s, i) => [
      i > 0 ? h('span', { class: 'path-arrow', 'aria-hidden': 'true' }, '→') : null,
      h('span', { class: `status-chip ${statusClass(s)}` }, STATUS_LABEL[s] ?? s),
    ]),
  );
}

export function statusBadge(status: Status, raw?: string): HTMLElement {
  return h(
    'span',
    { class: `status-chip ${statusClass(status)}`, title: raw && raw !== status ? `As written: ${raw}` : null },
    STATUS_LABEL[status] ?? status,
  );
}
