// Funnel: one horizontal bar per step with its count and conversions, the drop-off between bars (a click opens the
// dropped units in Step details), a breakdown with one series per group, and the editor that recomputes it.
import type { FunnelReport, FunnelStepResult } from '../../../src/core/events/types';
import { plotBase, truncate } from '../charts/theme';
import type { EventsContext } from '../context';
import { funnelNote } from '../../../src/dashboard/events/notes';
import { card, code, noteSlot, sectionMissing, t, table } from '../widgets';
import { funnelEditor } from './funnelEditor';
import { duration, h, int, pct } from '../shared';

export function renderFunnel(ctx: EventsContext): HTMLElement {
  const f = ctx.funnel;
  if (!f) return h('div', { class: 'ev-view' }, sectionMissing(ctx, 'funnel', 'funnel'), funnelEditor(ctx));
  return h(
    'div',
    { class: 'ev-view' },
    card(
      'Funnel',
      { 'data-card': 'funnel' },
      h(
        'p',
        { class: 'ev-meta' },
        `Counted per ${f.unit} · order ${f.order} · ${f.window ? `within ${f.window} of the first step` : 'no time window'}`,
        f.suggested
          ? h(
              'span',
              { class: 'ev-chip', title: 'No funnel was given: the engine suggested these steps from the data' },
              'suggested',
            )
          : null,
      ),
      f.warnings.length
        ? h(
            'ul',
            { class: 'ev-warnings' },
            f.warnings.map((w) => h('li', {}, t(w))),
          )
        : null,
      funnelBars(ctx, f),
      noteSlot(ctx, 'funnel', funnelNote(f)),
    ),
    card('Steps', { 'data-card': 'funnel-table' }, stepsTable(f.steps)),
    f.breakdown ? breakdown(ctx, f) : null,
    funnelEditor(ctx),
  );
}

function funnelBars(ctx: EventsContext, f: FunnelReport): HTMLElement {
  const first = Math.max(1, f.steps[0]?.count ?? 1);
  const items: HTMLElement[] = [];
  f.steps.forEach((s, i) => {
    if (i > 0) {
      const dropShare = 1 - s.conversionFromPrevious;
      items.push(
        h(
          'li',
          { class: 'ev-drop', 'data-drop-step': i + 1, 'data-dropped': s.dropped },
          h(
            'button',
            {
              type: 'button',
              class: 'ev-drop-button',
              disabled: s.dropped === 0,
              title: s.dropped
                ? `Show the ${f.unit}s that reached "${f.steps[i - 1].name}" but not this step`
                : 'Nobody dropped here',
              onclick: () => ctx.openDetails({ kind: 'step', step: i + 1, index: 0 }),
            },
            `↓ ${int(s.dropped)} dropped (${pct(dropShare)})`,
          ),
          s.medianTimeFromPreviousMs !== null
            ? h(
                'span',
                { class: 'muted' },
                ` · median ${duration(s.medianTimeFromPreviousMs)} from step ${i} to step ${i + 1}`,
              )
            : null,
        ),
      );
    }
    items.push(
      h(
        'li',
        { class: 'ev-step', 'data-funnel-step': i, 'data-count': s.count, 'data-step-number': i + 1 },
        h(
          'div',
          { class: 'ev-step-head' },
          h('span', { class: 'ev-step-no' }, String(i + 1)),
          h('span', { class: 'ev-step-name' }, t(s.name)),
          s.match && s.match !== s.name ? code(s.match) : null,
        ),
        h(
          'div',
          { class: 'ev-bar-row' },
          h(
            'div',
            { class: 'ev-bar-track' },
            h('div', { class: 'ev-bar', style: `width:${((s.count / first) * 100).toFixed(2)}%` }),
          ),
          h('span', { class: 'ev-bar-count' }, int(s.count)),
        ),
        h(
          'div',
          { class: 'ev-step-meta muted' },
          `${pct(s.conversionFromStart)} of start`,
          i > 0 ? ` · ${pct(s.conversionFromPrevious)} of previous` : '',
        ),
      ),
    );
  });
  return h('ol', { class: 'ev-funnel', 'aria-label': `Funnel of ${f.steps.length} steps` }, items);
}

function stepsTable(steps: FunnelStepResult[]): HTMLElement {
  return table({
    caption: 'Funnel steps',
    rows: steps,
    columns: [
      { title: '#', numeric: true, cell: (_s, i) => String(i + 1) },
      { title: 'Step', cell: (s) => t(s.name) },
      { title: 'Match', cell: (s) => code(s.match) },
      { title: 'Count', numeric: true, cell: (s) => int(s.count) },
      { title: 'From start', numeric: true, cell: (s) => pct(s.conversionFromStart) },
      { title: 'From previous', numeric: true, cell: (s, i) => (i ? pct(s.conversionFromPrevious) : '–') },
      {
        title: 'Median time from previous',
        numeric: true,
        cell: (s) => (s.medianTimeFromPreviousMs === null ? '–' : duration(s.medianTimeFromPreviousMs)),
      },
      { title: 'Dropped', numeric: true, cell: (s, i) => (i ? int(s.dropped) : '–') },
    ],
  });
}

function breakdown(ctx: EventsContext, f: FunnelReport): HTMLElement {
  const b = f.breakdown!;
  const steps = f.steps.map((s) => s.name);
  const rows = b.groups.flatMap((g) =>
    g.steps.map((s, i) => ({
      group: g.value,
      step: `${i + 1}. ${truncate(steps[i] ?? s.name, 24)}`,
      count: s.count,
      share: s.conversionFromStart,
    })),
  );
  const chart = ctx.charts.chart(
    `Funnel by ${b.by}`,
    (lib, theme, width) =>
      lib.Plot.plot({
        ...plotBase(theme, width),
        marginLeft: 150,
        height: Math.max(120, steps.length * (b.groups.length * 14 + 16) + 40),
        x: { label: `Share of the group's ${f.unit}s who start`, tickFormat: '.0%', domain: [0, 1], grid: true },
        y: { axis: null, domain: b.groups.map((g) => g.value) },
        fy: { label: null, domain: [...new Set(rows.map((r) => r.step))], tickFormat: (d: string) => d },
        color: {
          domain: b.groups.map((g) => g.value),
          range: theme.palette,
          legend: true,
          tickFormat: (d: string) => truncate(d, 24),
        },
        marks: [
          lib.Plot.barX(rows, {
            x: 'share',
            y: 'group',
            fy: 'step',
            fill: 'group',
            title: (d: (typeof rows)[number]) => `${d.group}: ${int(d.count)} (${pct(d.share)})`,
          }),
          lib.Plot.text(rows, {
            x: 'share',
            y: 'group',
            fy: 'step',
            text: (d: (typeof rows)[number]) => int(d.count),
            textAnchor: 'start',
            dx: 3,
            fill: theme.foreground,
          }),
          lib.Plot.ruleX([0], { stroke: theme.muted }),
        ],
      }),
    `One series per ${b.by}: the share of each group's ${f.unit}s reaching each step.`,
  );
  const tbl = table({
    caption: `Funnel counts by ${b.by}`,
    className: 'ev-breakdown',
    rows: b.groups,
    rowAttrs: (g) => ({ 'data-group': g.value }),
    columns: [
      { title: b.by, cell: (g) => t(g.value) },
      ...steps.map((name, i) => ({
        title: `${i + 1}. ${truncate(name, 18)}`,
        numeric: true,
        cell: (g: (typeof b.groups)[number]) => {
          const s = g.steps[i];
          return s
            ? h(
                'span',
                { 'data-group-step': i, 'data-count': s.count },
                int(s.count),
                h('span', { class: 'muted' }, ` ${pct(s.conversionFromStart)}`),
              )
            : '–';
        },
      })),
    ],
  });
  return card(`Breakdown by ${b.by}`, { 'data-card': 'funnel-breakdown' }, h('div', { class: 'ev-stack' }, chart, tbl));
}
