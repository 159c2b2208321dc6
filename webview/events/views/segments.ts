// Segments: the clusters with names, sizes and centroids, and a scatter of users (the report's optional sample) on
// two chosen axes, coloured by cluster. Without a sample the scatter shows the centroids, sized by cluster.
import type { SegmentPoint, SegmentsReport } from '../../../src/core/events/types';
import { plotBase, truncate } from '../charts/theme';
import type { EventsContext } from '../context';
import { segmentsNote } from '../../../src/dashboard/events/notes';
import { card, chartWithTable, labelled, noteSlot, sectionMissing, select, t, table } from '../widgets';
import { h, int, num, pct } from '../shared';

const AXIS_LABEL: Record<string, string> = { pc1: 'First principal component', pc2: 'Second principal component' };

export function renderSegments(ctx: EventsContext): HTMLElement {
  const s = ctx.report.segments;
  if (s === null) return h('div', { class: 'ev-view' }, sectionMissing(ctx, 'segments', 'segments'));
  const total = s.clusters.reduce((a, c) => a + c.size, 0);
  const points = s.points ?? [];
  const hasFeatureValues = points.length > 0 && points.some((p) => p.features);
  const axes = [
    ...(points.length ? ['pc1', 'pc2'] : []),
    ...(points.length === 0 || hasFeatureValues ? s.features : []),
  ];
  const pick = (v: string, fallback: string) => (axes.includes(v) ? v : fallback);
  const x = pick(ctx.state.scatter.x, axes[0]);
  const y = pick(ctx.state.scatter.y, axes[1] ?? axes[0]);
  const nameOf = new Map(s.clusters.map((c) => [c.id, c.name]));

  const axisSelect = (which: 'x' | 'y', value: string) =>
    select({
      label: `${which.toUpperCase()} axis`,
      value,
      attrs: { class: `ev-axis-${which}` },
      options: axes.map((a) => ({ value: a, label: AXIS_LABEL[a] ?? a })),
      onChange: (v) => {
        ctx.state.scatter[which] = v;
        ctx.saveState();
        ctx.show('segments');
      },
    });

  const coord = (p: SegmentPoint, a: string) => (a === 'pc1' ? p.x : a === 'pc2' ? p.y : (p.features?.[a] ?? NaN));
  const chart = ctx.charts.chart(
    `Users by ${x} and ${y}`,
    (lib, theme, width) => {
      const colours = {
        domain: s.clusters.map((c) => c.name),
        range: s.clusters.map((_c, i) => theme.palette[i % theme.palette.length]),
        legend: true,
        tickFormat: (d: string) => truncate(d, 30),
      };
      const base = {
        ...plotBase(theme, Math.min(width, 620)),
        height: 340,
        grid: true,
        color: colours,
        x: { label: AXIS_LABEL[x] ?? x },
        y: { label: AXIS_LABEL[y] ?? y },
      };
      if (points.length) {
        const data = points
          .map((p) => ({
            x: coord(p, x),
            y: coord(p, y),
            name: nameOf.get(p.cluster) ?? String(p.cluster),
            user: p.user,
          }))
          .filter((d) => Number.isFinite(d.x) && Number.isFinite(d.y));
        return lib.Plot.plot({
          ...base,
          marks: [
            lib.Plot.dot(data, {
              x: 'x',
              y: 'y',
              fill: 'name',
              r: 2.5,
              fillOpacity: 0.75,
              title: (d: (typeof data)[number]) => `${d.user} · ${d.name}`,
            }),
          ],
        });
      }
      const data = s.clusters.map((c) => ({ x: c.centroid[x], y: c.centroid[y], name: c.name, size: c.size }));
      return lib.Plot.plot({
        ...base,
        r: { range: [4, 22] },
        marks: [
          lib.Plot.dot(data, {
            x: 'x',
            y: 'y',
            r: 'size',
            fill: 'name',
            fillOpacity: 0.8,
            stroke: theme.foreground,
            title: (d: (typeof data)[number]) => `${d.name}: ${int(d.size)} users`,
          }),
        ],
      });
    },
    points.length
      ? `A sample of ${int(points.length)} users${total > points.length ? ` of ${int(total)}` : ''}, coloured by segment.`
      : "This report carries no per-user sample, so each dot is a segment's centroid, sized by its users.",
  );

  const tbl = table({
    caption: 'Segments with their sizes and centroids (original units)',
    className: 'ev-segments',
    rows: s.clusters,
    rowAttrs: (c) => ({ 'data-segment': c.id, 'data-size': c.size }),
    columns: [
      { title: '', cell: (_c, i) => h('span', { class: 'ev-swatch', style: `--c:var(--ev-c${(i % 10) + 1})` }) },
      { title: 'Segment', cell: (c) => t(c.name) },
      { title: 'Users', numeric: true, cell: (c) => int(c.size) },
      { title: 'Share', numeric: true, cell: (c) => pct(c.size / Math.max(1, total)) },
      ...s.features.map((f) => ({
        title: f,
        numeric: true,
        cell: (c: SegmentsReport['clusters'][number]) => num(c.centroid[f]),
      })),
    ],
  });
  return h(
    'div',
    { class: 'ev-view' },
    card(
      'Segments',
      { 'data-card': 'segments' },
      h(
        'p',
        { class: 'ev-meta' },
        `k = ${s.k} (${s.kChosenBy === 'given' ? 'given' : 'best silhouette over 2–8'}) · silhouette ${num(s.silhouette)} · features: ${s.features.join(', ')}`,
      ),
      noteSlot(ctx, 'segments', segmentsNote(s)),
      tbl,
    ),
    card(
      'Scatter',
      { 'data-card': 'segments-scatter' },
      axes.length >= 2
        ? h('div', { class: 'ev-controls' }, labelled('X', axisSelect('x', x)), labelled('Y', axisSelect('y', y)))
        : null,
      chartWithTable(chart, scatterTable(s, points, x, y, coord)),
    ),
  );
}

/** The scatter as numbers: per segment, its dots in the sample and where they sit on the two axes. */
function scatterTable(
  s: SegmentsReport,
  points: SegmentPoint[],
  x: string,
  y: string,
  coord: (p: SegmentPoint, a: string) => number,
): HTMLElement {
  const rows = s.clusters.map((c, i) => {
    const mine = points.filter((p) => p.cluster === c.id);
    const mean = (a: string) =>
      mine.length ? mine.reduce((acc, p) => acc + coord(p, a), 0) / mine.length : (c.centroid[a] ?? NaN);
    return { c, i, dots: mine.length, mx: mean(x), my: mean(y) };
  });
  return table({
    caption: `Segments on ${x} and ${y}`,
    className: 'ev-scatter-table',
    rows,
    rowAttrs: (r) => ({ 'data-scatter-segment': r.c.id, 'data-dots': r.dots }),
    columns: [
      { title: '', cell: (r) => h('span', { class: 'ev-swatch', style: `--c:var(--ev-c${(r.i % 10) + 1})` }) },
      { title: 'Segment', cell: (r) => t(r.c.name) },
      ...(points.length ? [{ title: 'Dots', numeric: true, cell: (r: (typeof rows)[number]) => int(r.dots) }] : []),
      {
        title: `${points.length ? 'Mean ' : ''}${AXIS_LABEL[x] ? x.toUpperCase() : x}`,
        numeric: true,
        cell: (r) => num(r.mx),
      },
      {
        title: `${points.length ? 'Mean ' : ''}${AXIS_LABEL[y] ? y.toUpperCase() : y}`,
        numeric: true,
        cell: (r) => num(r.my),
      },
    ],
  });
}
