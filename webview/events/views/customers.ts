// Customers: the top customers by simple LTV (52 × spend per visit × visits per week × lifespan), with what it is made of.
import { plotBase, truncate } from '../charts/theme';
import type { EventsContext } from '../context';
import { customersNote } from '../../../src/dashboard/events/notes';
import { card, chartWithTable, empty, noteSlot, sectionMissing, t, table } from '../widgets';
import { h, int, num } from '../shared';

export function renderCustomers(ctx: EventsContext): HTMLElement {
  const l = ctx.report.ltv;
  if (l === null) return h('div', { class: 'ev-view' }, sectionMissing(ctx, 'ltv', 'customer lifetime values'));
  const top = l.top.slice(0, 15);
  const money = (x: number) => x.toLocaleString('en', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const chart = ctx.charts.chart(
    'Top customers by LTV',
    (lib, theme, width) =>
      lib.Plot.plot({
        ...plotBase(theme, width),
        marginLeft: 130,
        marginRight: 60,
        height: top.length * 22 + 50,
        x: { label: 'LTV', grid: true },
        y: { label: null, domain: top.map((c) => c.customer), tickFormat: (d: string) => truncate(d, 18) },
        marks: [
          lib.Plot.barX(top, {
            x: 'ltv',
            y: 'customer',
            fill: theme.accent,
            title: (d: (typeof top)[number]) => `${d.customer}: ${money(d.ltv)}`,
          }),
          lib.Plot.text(top, {
            x: 'ltv',
            y: 'customer',
            text: (d: (typeof top)[number]) => money(d.ltv),
            textAnchor: 'start',
            dx: 4,
            fill: theme.foreground,
          }),
          lib.Plot.ruleX([0], { stroke: theme.muted }),
        ],
      }),
    `The top ${top.length} of ${l.top.length} customers listed.`,
  );
  const tbl = table({
    caption: 'Top customers by LTV',
    className: 'ev-customers',
    rows: l.top,
    rowAttrs: (c) => ({ 'data-customer': c.customer, 'data-ltv': c.ltv }),
    columns: [
      { title: '#', numeric: true, cell: (_c, i) => String(i + 1) },
      { title: 'Customer', cell: (c) => t(c.customer) },
      { title: 'LTV', numeric: true, cell: (c) => money(c.ltv) },
      { title: 'Visits', numeric: true, cell: (c) => int(c.visits) },
      { title: 'Spend', numeric: true, cell: (c) => money(c.expenditure) },
      { title: 'Visits / week', numeric: true, cell: (c) => num(c.visitsPerWeek) },
    ],
  });
  return h(
    'div',
    { class: 'ev-view' },
    card(
      'Top customers',
      { 'data-card': 'customers' },
      h(
        'p',
        { class: 'ev-meta' },
        `LTV = 52 × (spend per visit × visits per week) × ${num(l.lifespanYears)} years; the data spans ${num(l.weeks)} weeks.`,
      ),
      noteSlot(ctx, 'customers', customersNote(l)),
      l.top.length ? chartWithTable(chart, tbl) : empty('No customer has spend and visits.'),
    ),
  );
}
