// Paths: page importance (per group side by side with --by), a flow of the top transitions from a chosen start page,
// the most common 3-page sequences, and path length.
import type { PageStat, PathsReport } from '../../../src/core/events/types';
import { drawFlow, flowGraph } from '../charts/sankey';
import { plotBase, truncate } from '../charts/theme';
import type { EventsContext } from '../context';
import { pathsNote } from '../../../src/dashboard/events/notes';
import { button, card, chartWithTable, labelled, noteSlot, sectionMissing, select, t, table, tiles } from '../widgets';
import { h, int, num, pct } from '../shared';

const TABLE_ROWS = 300;
let showAllPages = false;

export function renderPaths(ctx: EventsContext): HTMLElement {
  const p = ctx.report.paths;
  if (p === null) return h('div', { class: 'ev-view' }, sectionMissing(ctx, 'paths', 'paths'));
  const pages = [...p.pages].sort((a, b) => b.importance - a.importance || b.visits - a.visits);
  return h(
    'div',
    { class: 'ev-view' },
    card(
      `Pages (${int(pages.length)})`,
      { 'data-card': 'pages' },
      h(
        'p',
        { class: 'ev-meta' },
        `Importance = the share of ${int(p.units)} ${p.unit} journeys that visit the page; repeats in a row count once.`,
      ),
      noteSlot(ctx, 'paths', pathsNote(p)),
      chartWithTable(importanceChart(ctx, pages), pagesTable(ctx, pages)),
    ),
    p.byGroup ? groupsCard(ctx, p) : null,
    flowCard(ctx, p, pages),
    card(
      'Top sequences',
      { 'data-card': 'sequences' },
      table({
        caption: 'Most common 3-page sequences',
        rows: p.sequences.slice(0, 50),
        rowAttrs: (s) => ({ 'data-sequence': s.pages.join(' → '), 'data-count': s.count }),
        columns: [
          { title: '#', numeric: true, cell: (_s, i) => String(i + 1) },
          {
            title: 'Sequence',
            cell: (s) =>
              h(
                'span',
                { class: 'ev-seq' },
                s.pages.map((pg, i) => [i ? h('span', { class: 'muted' }, ' → ') : null, t(pg)]),
              ),
          },
          { title: 'Times', numeric: true, cell: (s) => int(s.count) },
        ],
      }),
    ),
    card(
      'Path length',
      { 'data-card': 'path-length' },
      tiles([
        { label: 'Mean', value: num(p.length.mean), attrs: { 'data-length': 'mean' } },
        { label: 'Median', value: num(p.length.median), attrs: { 'data-length': 'median' } },
        { label: '90th percentile', value: num(p.length.p90), attrs: { 'data-length': 'p90' } },
      ]),
      p.byGroup
        ? table({
            caption: `Path length by ${p.byGroup.by}`,
            rows: p.byGroup.groups,
            columns: [
              { title: p.byGroup.by, cell: (g) => t(g.value) },
              { title: 'Journeys', numeric: true, cell: (g) => int(g.units) },
              { title: 'Mean', numeric: true, cell: (g) => num(g.length.mean) },
              { title: 'Median', numeric: true, cell: (g) => num(g.length.median) },
              { title: 'p90', numeric: true, cell: (g) => num(g.length.p90) },
            ],
          })
        : null,
    ),
  );
}

function importanceChart(ctx: EventsContext, pages: PageStat[]): HTMLElement {
  const top = pages.slice(0, 15);
  return ctx.charts.chart(
    'Page importance',
    (lib, theme, width) =>
      lib.Plot.plot({
        ...plotBase(theme, width),
        marginLeft: 160,
        marginRight: 40,
        height: top.length * 22 + 50,
        x: { label: 'Share of journeys', tickFormat: '.0%', domain: [0, 1], grid: true },
        y: { label: null, domain: top.map((p) => p.page), tickFormat: (d: string) => truncate(d, 24) },
        marks: [
          lib.Plot.barX(top, {
            x: 'importance',
            y: 'page',
            fill: theme.accent,
            title: (d: PageStat) => `${d.page}: ${pct(d.importance)} of journeys, ${int(d.visits)} visits`,
          }),
          lib.Plot.text(top, {
            x: 'importance',
            y: 'page',
            text: (d: PageStat) => pct(d.importance),
            textAnchor: 'start',
            dx: 4,
            fill: theme.foreground,
          }),
        ],
      }),
    `The ${top.length} most important of ${int(pages.length)} pages.`,
  );
}

function pagesTable(ctx: EventsContext, pages: PageStat[]): HTMLElement {
  const shown = showAllPages ? pages : pages.slice(0, TABLE_ROWS);
  return h(
    'div',
    {},
    table({
      caption: 'Pages by importance',
      className: 'ev-pages',
      rows: shown,
      rowAttrs: (p) => ({ 'data-page': p.page, 'data-importance': p.importance }),
      columns: [
        { title: 'Page', cell: (p) => t(p.page) },
        { title: 'Importance', numeric: true, cell: (p) => pct(p.importance) },
        { title: 'Journeys', numeric: true, cell: (p) => int(p.journeys) },
        { title: 'Visits', numeric: true, cell: (p) => int(p.visits) },
      ],
    }),
    shown.length < pages.length
      ? button(
          `Show all ${int(pages.length)} pages`,
          () => {
            showAllPages = true;
            ctx.show('paths');
          },
          { class: 'ev-button ev-link' },
        )
      : null,
  );
}

function groupsCard(ctx: EventsContext, p: PathsReport): HTMLElement {
  const b = p.byGroup!;
  // The pages that matter in any group, in order of their best importance.
  const best = new Map<string, number>();
  for (const g of b.groups)
    for (const pg of g.pages) best.set(pg.page, Math.max(best.get(pg.page) ?? 0, pg.importance));
  const top = [...best.entries()]
    .sort((a, c) => c[1] - a[1])
    .slice(0, 12)
    .map(([page]) => page);
  const rows = b.groups.flatMap((g) =>
    top.map((page) => ({ group: g.value, page, importance: g.pages.find((x) => x.page === page)?.importance ?? 0 })),
  );
  const chart = ctx.charts.chart(
    `Page importance by ${b.by}`,
    (lib, theme, width) =>
      lib.Plot.plot({
        ...plotBase(theme, width),
        marginLeft: 150,
        height: top.length * 20 + 60,
        fx: {
          label: null,
          domain: b.groups.map((g) => g.value),
          tickFormat: (d: string) => truncate(d, 18),
          padding: 0.15,
        },
        x: { label: 'Share of journeys', tickFormat: '.0%', domain: [0, 1], ticks: [0, 0.5, 1], grid: true },
        y: { label: null, domain: top, tickFormat: (d: string) => truncate(d, 22) },
        color: { domain: b.groups.map((g) => g.value), range: theme.palette },
        marks: [
          lib.Plot.barX(rows, {
            x: 'importance',
            y: 'page',
            fx: 'group',
            fill: 'group',
            title: (d: (typeof rows)[number]) => `${d.group} · ${d.page}: ${pct(d.importance)}`,
          }),
          lib.Plot.frame({ stroke: theme.grid }),
        ],
      }),
    `Side by side per ${b.by}: the ${top.length} pages most important in any group.`,
  );
  const tbl = table({
    caption: `Page importance by ${b.by}`,
    className: 'ev-group-pages',
    rows: top,
    columns: [
      { title: 'Page', cell: (page) => t(page) },
      ...b.groups.map((g) => ({
        title: `${truncate(g.value, 16)} (${int(g.units)})`,
        numeric: true,
        cell: (page: string) => {
          const s = g.pages.find((x) => x.page === page);
          return h(
            'span',
            { 'data-group': g.value, 'data-group-page': page, 'data-importance': s?.importance ?? 0 },
            s ? pct(s.importance) : '–',
          );
        },
      })),
    ],
  });
  return card(`By ${b.by}`, { 'data-card': 'paths-groups' }, chartWithTable(chart, tbl));
}

function flowCard(ctx: EventsContext, p: PathsReport, pages: PageStat[]): HTMLElement {
  const starts = [...new Set(p.transitions.map((x) => x.from))];
  const ordered = pages.map((pg) => pg.page).filter((pg) => starts.includes(pg));
  const start = ctx.state.flowStart && ordered.includes(ctx.state.flowStart) ? ctx.state.flowStart : ordered[0];
  if (!start)
    return card('Flow', { 'data-card': 'flow' }, h('p', { class: 'muted' }, 'The report has no transitions.'));
  const graph = flowGraph(p.transitions, start);
  const chart = ctx.charts.chart(
    `Flow from ${start}`,
    (lib, theme, width) => drawFlow(lib, theme, width, graph),
    'Each column: the most common next pages of the column before (from pairwise transition counts).',
  );
  const names = new Map(graph.nodes.map((n) => [n.key, n]));
  const tbl = table({
    caption: `Transitions in the flow from ${start}`,
    className: 'ev-flow-table',
    rows: graph.links,
    rowAttrs: (l) => ({
      'data-step': names.get(l.target)!.column,
      'data-from': names.get(l.source)!.page,
      'data-to': names.get(l.target)!.page,
      'data-count': l.value,
    }),
    columns: [
      { title: 'Step', numeric: true, cell: (l) => String(names.get(l.target)!.column) },
      { title: 'From', cell: (l) => t(names.get(l.source)!.page) },
      { title: 'To', cell: (l) => t(names.get(l.target)!.page) },
      { title: 'Count', numeric: true, cell: (l) => int(l.value) },
    ],
  });
  return card(
    'Flow',
    { 'data-card': 'flow' },
    h(
      'div',
      { class: 'ev-controls' },
      labelled(
        'Start page',
        select({
          label: 'Start page',
          value: start,
          attrs: { class: 'ev-flow-start' },
          options: ordered.slice(0, 200).map((pg) => ({ value: pg, label: truncate(pg, 60) })),
          onChange: (v) => {
            ctx.state.flowStart = v;
            ctx.saveState();
            ctx.show('paths');
          },
        }),
      ),
    ),
    h('div', { class: 'ev-flow-wrap' }, chart),
    h(
      'details',
      { class: 'ev-flow-details' },
      h('summary', {}, `Table of the ${graph.links.length} transitions shown`),
      tbl,
    ),
  );
}
