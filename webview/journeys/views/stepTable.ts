// A journey's steps as a table. Up to a few hundred steps it is the toolkit's data grid with every row; beyond that a
// windowed table that only ever holds the rows in view (plus a margin), so a 200,000-step journey opens at once:
// a data grid of every row took minutes and blocked the page.
import type { JourneyReport } from '../../../src/core/journeys/types';
import type { AppContext } from '../../shell/context';
import { h, type Child } from '../../shell/dom';
import { dataGrid } from '../../shell/ui';
import { statusBadge } from './statusStrip';

/** Above this many steps the table is windowed. */
export const WINDOW_FROM_STEPS = 300;
/** Fixed row height of the windowed table (px): one line per row, the full text in the cell's tooltip. */
const ROW_PX = 28;
/** Rows drawn above and below the visible ones, so a fast scroll does not show blank rows for a frame. */
const OVERSCAN = 20;

interface Column {
  title: string;
  width: string;
}

/** The windowed tables on the page, so `revealStep` can scroll one to a step that has no row yet. */
const windows = new WeakMap<
  Element,
  { show(position: number, highlight: boolean): void; positionOf(index: number): number }
>();

export function stepTable(ctx: AppContext, j: JourneyReport): HTMLElement {
  const cols: Column[] = [
    { title: '#', width: '4em' },
    { title: 'Date', width: '8em' },
    { title: 'Time', width: '9.5em' },
    { title: 'Step', width: 'minmax(10em, 2fr)' },
    { title: 'Status', width: '11em' },
    { title: 'Details', width: 'minmax(12em, 3fr)' },
  ];
  if (ctx.host.connected) cols.push({ title: 'Open', width: '4em' });
  const cells = (i: number): Child[] => {
    const s = j.steps[i];
    return [
      String(s.index),
      h('span', { title: s.dateRange ?? null }, s.date || '–'),
      s.startClock ? `${s.startClock}–${s.endClock}` : '–',
      h('span', { class: 'step-label', title: s.label }, s.label),
      statusBadge(s.status, s.rawStatus),
      h('span', { class: 'step-details', title: s.details || null }, s.details),
      ctx.host.connected ? openLink(ctx, j, s.index) : null,
    ];
  };
  const label = `Steps of ${j.name}`;
  if (j.steps.length <= WINDOW_FROM_STEPS) {
    return dataGrid({
      label,
      columns: cols,
      rowAttrs: (i) => ({ 'data-step-index': String(j.steps[i].index), class: 'step-row' }),
      rows: j.steps.map((_, i) => cells(i)),
    });
  }
  return windowedTable(j, cols, cells, label);
}

function openLink(ctx: AppContext, j: JourneyReport, index: number): HTMLElement {
  return h(
    'a',
    {
      href: '#',
      class: 'open-step',
      title: `Open the recording at step ${index}`,
      'aria-label': `Open the recording at step ${index}`,
      onclick: (ev: Event) => {
        ev.preventDefault();
        ctx.host.post({ type: 'journeys/openStep', journeyId: j.id, stepIndex: index });
      },
    },
    h('span', { class: 'codicon codicon-go-to-file', 'aria-hidden': 'true' }),
  );
}

function windowedTable(j: JourneyReport, cols: Column[], cells: (i: number) => Child[], label: string): HTMLElement {
  const n = j.steps.length;
  const template = cols.map((c) => c.width).join(' ');
  const rows = h('div', { class: 'step-window-rows', role: 'rowgroup' });
  const spacer = h('div', { class: 'step-window-spacer', style: `height:${n * ROW_PX}px` }, rows);
  const header = h(
    'div',
    { class: 'step-window-header', role: 'row', 'aria-rowindex': '1', style: `grid-template-columns:${template}` },
    cols.map((c) => h('div', { role: 'columnheader' }, c.title)),
  );
  const box = h(
    'div',
    {
      class: 'step-window',
      role: 'grid',
      'aria-label': label,
      'aria-rowcount': String(n + 1),
      tabindex: '0',
      style: `--row:${ROW_PX}px`,
    },
    header,
    spacer,
  );
  let drawn = { first: -1, last: -1 };
  let highlighted = -1;
  const draw = () => {
    const visible = Math.ceil((box.clientHeight || 600) / ROW_PX);
    const top = Math.floor(box.scrollTop / ROW_PX);
    const first = Math.max(0, top - OVERSCAN);
    const last = Math.min(n, top + visible + OVERSCAN);
    if (first === drawn.first && last === drawn.last) return;
    drawn = { first, last };
    const out: HTMLElement[] = [];
    for (let i = first; i < last; i++) {
      out.push(
        h(
          'div',
          {
            class: `step-row${i === highlighted ? ' highlight' : ''}`,
            role: 'row',
            'aria-rowindex': String(i + 2),
            'data-step-index': String(j.steps[i].index),
            style: `grid-template-columns:${template}`,
          },
          cells(i).map((c) => h('div', { role: 'gridcell' }, c)),
        ),
      );
    }
    rows.style.transform = `translateY(${first * ROW_PX}px)`;
    rows.replaceChildren(...out);
  };
  let pending = false;
  box.addEventListener('scroll', () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      draw();
    });
  });
  // The first rows as soon as the table is laid out (its height is only known then); nothing before is costly.
  new ResizeObserver(() => draw()).observe(box);
  draw();
  const positionOf = (index: number) => {
    // Steps are numbered in order almost always; fall back to a search when the numbering has gaps or repeats.
    const guess = index - (j.steps[0]?.index ?? 1);
    if (j.steps[guess]?.index === index) return guess;
    return j.steps.findIndex((s) => s.index === index);
  };
  windows.set(box, {
    positionOf,
    show: (position, highlight) => {
      if (highlight) highlighted = position;
      box.scrollTop = Math.max(0, position * ROW_PX - box.clientHeight / 2);
      drawn = { first: -1, last: -1 };
      draw();
    },
  });
  return box;
}

/**
 * The row of a step in a journey section, scrolled into view in a windowed table (where it may not exist yet) and
 * highlighted; null when the journey has no such step.
 */
export function revealStep(section: Element, stepIndex: number): Element | null {
  const box = section.querySelector('.step-window');
  const win = box && windows.get(box);
  if (box && win) {
    const position = win.positionOf(stepIndex);
    if (position < 0) return null;
    win.show(position, true);
    return box.querySelector(`.step-row[data-step-index="${stepIndex}"]`);
  }
  const row = section.querySelector(`.step-row[data-step-index="${stepIndex}"]`);
  section.querySelectorAll('.step-row.highlight').forEach((r) => r.classList.remove('highlight'));
  row?.classList.add('highlight');
  return row;
}
