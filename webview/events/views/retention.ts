// Retention: a cohort × period heatmap with cohort sizes, and the size-weighted average curve.
import type { RetentionReport } from '../../../src/core/events/types';
import { plotBase } from '../charts/theme';
import type { EventsContext } from '../context';
import { retentionNote } from '../../../src/dashboard/events/notes';
import { card, chartWithTable, noteSlot, sectionMissing, t, table } from '../widgets';
import { h, int, pct } from '../shared';

/** Per period: the share retained over every cohort old enough to have that period, weighted by cohort size. */
export function averageCurve(r: RetentionReport): { period: number; share: number; cohorts: number }[] {
  const periods = Math.max(0, ...r.cohorts.map((c) => c.retained.length));
  const out: { period: number; share: number; cohorts: number }[] = [];
  for (let m = 0; m < periods; m++) {
    let users = 0,
      kept = 0,
      n = 0;
    for (const c of r.cohorts) {
      if (m >= c.retained.length) continue;
      users += c.size;
      kept += c.size * c.retained[m];
      n++;
    }
    if (users > 0) out.push({ period: m, share: kept / users, cohorts: n });
  }
  return out;
}

export function renderRetention(ctx: EventsContext): HTMLElement {
  const r = ctx.report.retention;
  if (r === null) return h('div', { class: 'ev-view' }, sectionMissing(ctx, 'retention', 'retention'));
  const periods = Math.max(0, ...r.cohorts.map((c) => c.retained.length));
  const avg = averageCurve(r);
  const heat = h(
    'div',
    { class: 'ev-table-wrap' },
    h(
      'table',
      { class: 'ev-table ev-heatmap' },
      h('caption', { class: 'sr-only' }, `Share of each ${r.period} cohort active in later ${r.period}s`),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, 'Cohort'),
          h('th', { scope: 'col', class: 'num' }, 'Users'),
          Array.from({ length: periods }, (_, m) =>
            h('th', { scope: 'col', class: 'num' }, `${r.period[0].toUpperCase()}${m}`),
          ),
        ),
      ),
      h(
        'tbody',
        {},
        r.cohorts.map((c) =>
          h(
            'tr',
            { 'data-cohort-row': c.cohort },
            h('th', { scope: 'row' }, t(c.cohort)),
            h('td', { class: 'num' }, int(c.size)),
            Array.from({ length: periods }, (_, m) =>
              m < c.retained.length
                ? h(
                    'td',
                    {
                      class: 'ev-heat num',
                      'data-cohort': c.cohort,
                      'data-period': m,
                      'data-share': c.retained[m],
                      style: `--share:${Math.round(Math.max(0, Math.min(1, c.retained[m])) * 100)}%`,
                      title: `${c.cohort}, ${r.period} ${m}: ${pct(c.retained[m])} of ${int(c.size)}`,
                    },
                    pct(c.retained[m]),
                  )
                : h('td', { class: 'ev-heat-none' }),
            ),
          ),
        ),
      ),
    ),
  );
  const chart = ctx.charts.chart(
    'Average retention curve',
    (lib, theme, width) =>
      lib.Plot.plot({
        ...plotBase(theme, Math.min(width, 560)),
        height: 220,
        x: { label: `${r.period}s since first`, ticks: Math.min(avg.length, 12), tickFormat: 'd' },
        y: { label: 'Share active', tickFormat: '.0%', domain: [0, 1], grid: true },
        marks: [
          lib.Plot.line(avg, { x: 'period', y: 'share', stroke: theme.accent, strokeWidth: 2 }),
          lib.Plot.dot(avg, {
            x: 'period',
            y: 'share',
            fill: theme.accent,
            r: 3,
            title: (d: (typeof avg)[number]) => `${r.period} ${d.period}: ${pct(d.share)} (${d.cohorts} cohorts)`,
          }),
        ],
      }),
    'Weighted by cohort size, over the cohorts old enough for each period.',
  );
  const avgTable = table({
    caption: 'Average retention by period',
    rows: avg,
    rowAttrs: (a) => ({ 'data-average-period': a.period, 'data-share': a.share }),
    columns: [
      { title: r.period[0].toUpperCase() + r.period.slice(1), numeric: true, cell: (a) => String(a.period) },
      { title: 'Active', numeric: true, cell: (a) => pct(a.share) },
      { title: 'Cohorts', numeric: true, cell: (a) => String(a.cohorts) },
    ],
  });
  return h(
    'div',
    { class: 'ev-view' },
    card(
      `Retention by ${r.period}`,
      { 'data-card': 'retention' },
      h(
        'p',
        { class: 'ev-meta' },
        `Cohorts by ${r.cohortBy === 'first-event' ? `the ${r.period} of each user's first event` : r.cohortBy}; a cell is the share of the cohort with at least one event that many ${r.period}s later.`,
      ),
      noteSlot(ctx, 'retention', retentionNote(r, avg)),
      heat,
    ),
    card('Average curve', { 'data-card': 'retention-curve' }, chartWithTable(chart, avgTable)),
  );
}
