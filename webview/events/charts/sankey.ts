/**
 * A Sankey-style flow of the top transitions from a start page, laid out by d3-sankey and drawn with svg() (text
 * nodes only). Transitions are pairwise counts, so the graph is built breadth-first from the start page: each column
 * holds the most common next pages of the column before it. A page seen again deeper is a new node (the layout needs
 * no cycles), keyed by its column.
 */
import type { PlotLibrary } from './plotBundle';
import { type ChartTheme, truncate } from './theme';
import { h, int, svg } from '../shared';

export interface FlowLink {
  from: string;
  to: string;
  count: number;
}
interface FlowNode {
  key: string;
  page: string;
  column: number;
}

export function flowGraph(
  transitions: FlowLink[],
  start: string,
  opts: { depth?: number; fanOut?: number } = {},
): { nodes: FlowNode[]; links: { source: string; target: string; value: number }[] } {
  const depth = opts.depth ?? 3,
    fanOut = opts.fanOut ?? 5;
  const byFrom = new Map<string, FlowLink[]>();
  for (const t of transitions) {
    if (t.from === t.to) continue;
    const list = byFrom.get(t.from) ?? [];
    list.push(t);
    byFrom.set(t.from, list);
  }
  for (const list of byFrom.values()) list.sort((a, b) => b.count - a.count);
  const nodes = new Map<string, FlowNode>();
  const links: { source: string; target: string; value: number }[] = [];
  const key = (page: string, column: number) => `${column}\u0000${page}`;
  nodes.set(key(start, 0), { key: key(start, 0), page: start, column: 0 });
  let frontier = [start];
  for (let col = 1; col <= depth && frontier.length; col++) {
    const next = new Set<string>();
    for (const page of frontier) {
      for (const t of (byFrom.get(page) ?? []).slice(0, col === 1 ? fanOut + 2 : fanOut)) {
        const k = key(t.to, col);
        if (!nodes.has(k)) nodes.set(k, { key: k, page: t.to, column: col });
        links.push({ source: key(page, col - 1), target: k, value: t.count });
        next.add(t.to);
      }
    }
    // Keep the flow readable: the busiest pages of each column go on.
    const weight = (p: string) => links.filter((l) => l.target === key(p, col)).reduce((a, l) => a + l.value, 0);
    frontier = [...next].sort((a, b) => weight(b) - weight(a)).slice(0, fanOut);
  }
  return { nodes: [...nodes.values()], links };
}

export function drawFlow(
  lib: PlotLibrary,
  theme: ChartTheme,
  width: number,
  graph: ReturnType<typeof flowGraph>,
): Element {
  if (graph.links.length === 0) return h('p', { class: 'muted' }, 'No transitions leave this page.');
  const height = Math.max(220, Math.min(520, graph.nodes.length * 26));
  const labelRoom = 10;
  const layout = lib
    .sankey<FlowNode, { value: number }>()
    .nodeId((n) => n.key)
    .nodeAlign(lib.sankeyJustify)
    .nodeWidth(10)
    .nodePadding(12)
    .extent([
      [1, 6],
      [width - 1, height - 6],
    ]);
  const g = layout({ nodes: graph.nodes.map((n) => ({ ...n })), links: graph.links.map((l) => ({ ...l })) });
  const columns = Math.max(1, ...g.nodes.map((n) => n.depth ?? 0));
  const link = lib.sankeyLinkHorizontal();
  const colour = (n: { column: number }) => theme.palette[n.column % theme.palette.length];
  return svg(
    'svg',
    {
      viewBox: `0 0 ${width} ${height}`,
      width,
      height,
      class: 'ev-flow',
      role: 'img',
      'aria-label': `Flow of the top transitions over ${columns + 1} steps`,
    },
    svg(
      'g',
      { fill: 'none', 'stroke-opacity': theme.highContrast ? 0.6 : 0.35 },
      g.links.map((l) => {
        const s = l.source as unknown as FlowNode,
          t = l.target as unknown as FlowNode;
        return svg(
          'path',
          { d: link(l) ?? '', stroke: colour(s), 'stroke-width': Math.max(1, l.width ?? 1), class: 'ev-flow-link' },
          svg('title', {}, `${s.page} → ${t.page}: ${int(l.value)}`),
        );
      }),
    ),
    svg(
      'g',
      {},
      g.nodes.map((n) =>
        svg(
          'rect',
          {
            x: n.x0,
            y: n.y0,
            width: (n.x1 ?? 0) - (n.x0 ?? 0),
            height: Math.max(1, (n.y1 ?? 0) - (n.y0 ?? 0)),
            fill: colour(n),
            class: 'ev-flow-node',
            'data-flow-page': n.page,
          },
          svg('title', {}, `${n.page}: ${int(n.value ?? 0)}`),
        ),
      ),
    ),
    svg(
      'g',
      { 'font-size': 11, fill: theme.foreground, 'font-family': theme.font },
      g.nodes.map((n) => {
        const right = (n.depth ?? 0) < columns;
        return svg(
          'text',
          {
            x: right ? (n.x1 ?? 0) + 6 : (n.x0 ?? 0) - 6,
            y: ((n.y0 ?? 0) + (n.y1 ?? 0)) / 2,
            dy: '0.35em',
            'text-anchor': right ? 'start' : 'end',
            'paint-order': 'stroke',
            stroke: theme.background,
            'stroke-width': 3,
            'stroke-linejoin': 'round',
          },
          `${truncate(n.page, Math.max(10, Math.floor(width / (columns + 1) / 7) - labelRoom))} ${int(n.value ?? 0)}`,
        );
      }),
    ),
  );
}
