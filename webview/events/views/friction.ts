// Friction: the error messages non-converting sessions saw, with completion with and without the error, and a
// drill-down into the sessions that saw each.
import type { FrictionRow } from '../../../src/core/events/types';
import { plotBase, truncate } from '../charts/theme';
import type { EventsContext } from '../context';
import { frictionNote } from '../../../src/dashboard/events/notes';
import { button, card, empty, noteSlot, sectionMissing, t, table } from '../widgets';
import { h, int, pct } from '../shared';

export function renderFriction(ctx: EventsContext): HTMLElement {
  const rows = ctx.report.friction;
  if (rows === null) return h('div', { class: 'ev-view' }, sectionMissing(ctx, 'friction', 'friction analysis'));
  if (rows.length === 0)
    return h(
      'div',
      { class: 'ev-view' },
      card('Friction', { 'data-card': 'friction' }, empty('No error events were found.')),
    );
  const top = rows.slice(0, 12).map((r, i) => ({ ...r, label: `${i + 1}. ${truncate(r.message, 30)}` }));
  const chart = ctx.charts.chart(
    'Completion with and without each error',
    (lib, theme, width) =>
      lib.Plot.plot({
        ...plotBase(theme, width),
        marginLeft: 190,
        height: top.length * 26 + 50,
        x: {
          label: 'Sessions completing the funnel',
          tickFormat: '.0%',
          domain: [
            0,
            Math.min(1, Math.max(...top.map((r) => Math.max(r.conversionRate, r.baselineConversionRate))) * 1.15 || 1),
          ],
          grid: true,
          nice: true,
        },
        y: { label: null, domain: top.map((r) => r.label) },
        marks: [
          lib.Plot.link(top, {
            x1: 'baselineConversionRate',
            x2: 'conversionRate',
            y1: 'label',
            y2: 'label',
            stroke: theme.muted,
            strokeWidth: 2,
          }),
          lib.Plot.dot(top, {
            x: 'baselineConversionRate',
            y: 'label',
            r: 4,
            fill: theme.palette[2],
            title: (d: FrictionRow) => `Without it: ${pct(d.baselineConversionRate)}`,
          }),
          lib.Plot.dot(top, {
            x: 'conversionRate',
            y: 'label',
            r: 5,
            fill: theme.palette[4],
            title: (d: FrictionRow) => `${d.message}: ${pct(d.conversionRate)} of ${int(d.sessions)} sessions`,
          }),
        ],
      }),
    'Red: sessions that saw the error; green: sessions that did not (the top 12 messages).',
  );
  const tbl = table({
    caption: 'Error messages and their effect on completion',
    className: 'ev-friction',
    rows,
    rowAttrs: (r) => ({ 'data-friction': r.message, 'data-sessions': r.sessions, 'data-path': r.path ?? '' }),
    columns: [
      { title: 'Message', cell: (r) => t(r.message) },
      { title: 'Path', cell: (r) => t(r.path) },
      { title: 'Sessions', numeric: true, cell: (r) => int(r.sessions) },
      { title: 'Users', numeric: true, cell: (r) => int(r.users) },
      { title: 'Completed', numeric: true, cell: (r) => `${int(r.converted)} (${pct(r.conversionRate)})` },
      { title: 'Without it', numeric: true, cell: (r) => pct(r.baselineConversionRate) },
      {
        title: '',
        cell: (r) =>
          button(
            'Sessions →',
            () => ctx.openDetails({ kind: 'friction', message: r.message, path: r.path, index: 0 }),
            {
              class: 'ev-button ev-link',
              'data-friction-details': '',
              title: 'Show the sessions that saw this message',
            },
          ),
      },
    ],
  });
  return h(
    'div',
    { class: 'ev-view' },
    card(
      'Friction',
      { 'data-card': 'friction' },
      noteSlot(ctx, 'friction', frictionNote(rows)),
      h('div', { class: 'ev-stack' }, chart, tbl),
    ),
  );
}
