// Small SVG charts drawn with DOM calls (no chart library: two charts do not justify one).
import { h, svg } from '../../shell/dom';
import { OUTCOME_NAME, pct } from '../../shell/format';

/** Accuracy against the share of each journey seen: how early the classifier can warn. */
export function earlyWarningChart(points: { fraction: number; accuracy: number }[], fullAccuracy: number): HTMLElement {
  const W = 320,
    H = 160,
    L = 36,
    R = 10,
    T = 10,
    B = 28;
  const x = (f: number) => L + f * (W - L - R);
  const y = (a: number) => T + (1 - a) * (H - T - B);
  const sorted = [...points].sort((a, b) => a.fraction - b.fraction);
  const line = sorted
    .map((p, i) => `${i ? 'L' : 'M'}${x(p.fraction).toFixed(1)},${y(p.accuracy).toFixed(1)}`)
    .join(' ');
  const grid = [0, 0.25, 0.5, 0.75, 1];
  return h(
    'figure',
    { class: 'chart' },
    svg(
      'svg',
      {
        viewBox: `0 0 ${W} ${H}`,
        width: W,
        height: H,
        role: 'img',
        'aria-label': `Accuracy by share of journey seen: ${sorted.map((p) => `${pct(p.fraction)} → ${pct(p.accuracy)}`).join(', ')}`,
      },
      grid.map((g) => [
        svg('line', { x1: L, x2: W - R, y1: y(g), y2: y(g), class: 'chart-grid' }),
        svg('text', { x: L - 4, y: y(g) + 4, 'text-anchor': 'end', class: 'chart-label' }, pct(g)),
        svg('text', { x: x(g), y: H - 8, 'text-anchor': 'middle', class: 'chart-label' }, pct(g)),
      ]),
      svg('line', { x1: L, x2: W - R, y1: y(0.5), y2: y(0.5), class: 'chart-chance' }),
      Number.isFinite(fullAccuracy)
        ? svg('line', { x1: L, x2: W - R, y1: y(fullAccuracy), y2: y(fullAccuracy), class: 'chart-full' })
        : null,
      svg('path', { d: line, class: 'chart-line' }),
      sorted.map((p) =>
        svg(
          'circle',
          { cx: x(p.fraction), cy: y(p.accuracy), r: 3, class: 'chart-dot' },
          svg('title', {}, `${pct(p.fraction)} of each journey seen: accuracy ${pct(p.accuracy)}`),
        ),
      ),
    ),
    h(
      'figcaption',
      {},
      'Accuracy when only the first part of each journey is seen (dashed: chance, dotted: whole journey).',
    ),
  );
}

/** A horizontal bar for a probability, labelled for screen readers. */
export function probabilityBar(pUpgrade: number): HTMLElement {
  const p = Math.min(1, Math.max(0, pUpgrade));
  return h(
    'span',
    {
      class: 'prob',
      role: 'meter',
      'aria-valuemin': 0,
      'aria-valuemax': 100,
      'aria-valuenow': Math.round(p * 100),
      'aria-label': `Probability of ${OUTCOME_NAME.upgrade} ${pct(p)}`,
      title: `P(${OUTCOME_NAME.upgrade}) = ${pct(p)}`,
    },
    h('span', { class: 'prob-fill', style: `width:${(p * 100).toFixed(1)}%` }),
    h('span', { class: 'prob-text' }, pct(p)),
  );
}

export function shareBar(share: number, text: string): HTMLElement {
  const s = Math.min(1, Math.max(0, share));
  return h(
    'span',
    { class: 'share' },
    h('span', { class: 'share-bar' }, h('span', { class: 'share-fill', style: `width:${(s * 100).toFixed(1)}%` })),
    h('span', { class: 'share-text' }, text),
  );
}
