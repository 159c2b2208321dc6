// Mermaid source for one journey: a left-to-right chain of steps coloured by status. The status legend is not part
// of the diagram: the dashboard draws it once as HTML chips above the timeline(s) (webview/journeys/views/statusLegend.ts).
import type { Journey, Status, Step } from './types';
import { escapeMermaidLabel } from '../shared/mermaidEscape';
import { clock } from '../shared/format';

/** Mermaid refuses diagrams beyond these by default (maxEdges, maxTextSize). */
export const MERMAID_MAX_EDGES = 500;
export const MERMAID_MAX_TEXT = 50_000;
/** Stay well below Mermaid's limits: the webview may prepend its own theme configuration. */
const TEXT_BUDGET = 45_000;
const NODE_CAP = 400;
const LABEL_CHARS = 48;

interface StatusStyle {
  name: Status;
  className: string;
  fill: string;
  stroke: string;
  /** Chosen for at least 4.5:1 contrast against the fill, in light and dark themes alike. */
  color: string;
  dashed?: boolean;
}

/** Okabe-Ito palette: distinguishable with the common colour-vision deficiencies. */
export const STATUS_STYLES: readonly StatusStyle[] = [
  { name: 'non-converted', className: 'st_non_converted', fill: '#56B4E9', stroke: '#1F6F99', color: '#000000' },
  { name: 'attempted_conversion', className: 'st_attempted', fill: '#E69F00', stroke: '#8A5F00', color: '#000000' },
  { name: 'converted', className: 'st_converted', fill: '#009E73', stroke: '#005C43', color: '#000000' },
  { name: 'conversion_at_risk', className: 'st_at_risk', fill: '#F0E442', stroke: '#8C8400', color: '#000000' },
  { name: 'churned', className: 'st_churned', fill: '#D55E00', stroke: '#7A3600', color: '#000000' },
  { name: 'unknown', className: 'st_unknown', fill: '#DDDDDD', stroke: '#666666', color: '#000000', dashed: true },
];
const MORE_CLASS = 'st_more';

const styleOf = new Map(STATUS_STYLES.map((s) => [s.name, s]));

// The same in every diagram: built once, not once per journey (10,000 journeys are drawn in one analysis).
const CLASS_DEFS = [
  ...STATUS_STYLES.map(
    (s) =>
      `  classDef ${s.className} fill:${s.fill},stroke:${s.stroke},color:${s.color},stroke-width:1px${s.dashed ? ',stroke-dasharray:4 3' : ''}`,
  ),
  `  classDef ${MORE_CLASS} fill:#FFFFFF,stroke:#666666,color:#000000,stroke-dasharray:4 3`,
];
const STATUS_LABELS = new Map<string, string>(STATUS_STYLES.map((s) => [s.name, escapeMermaidLabel(s.name)]));

export function journeyTimeline(journey: Journey, options: { maxNodes: number }): string {
  let maxNodes = Math.max(2, Math.min(NODE_CAP, Math.floor(options.maxNodes) || 2));
  let source = render(journey.steps, maxNodes);
  // Long labels full of escaped characters can blow the text limit before the node cap does.
  while (source.length > TEXT_BUDGET && maxNodes > 2) {
    maxNodes = Math.max(2, Math.floor(maxNodes * 0.8));
    source = render(journey.steps, maxNodes);
  }
  return source;
}

function render(steps: Step[], maxNodes: number): string {
  const lines: string[] = ['flowchart LR'];
  const firstDate = isoDate(steps[0]?.date);
  const lastDate = isoDate(steps[steps.length - 1]?.date);
  // Only generated text goes into accessibility lines: Mermaid does not decode entities there.
  lines.push('  accTitle: Journey timeline');
  lines.push(
    `  accDescr: ${steps.length} steps${firstDate ? ` from ${firstDate}` : ''}${lastDate && lastDate !== firstDate ? ` to ${lastDate}` : ''}`,
  );
  lines.push(...CLASS_DEFS);

  const byClass = new Map<string, string[]>();
  const addClass = (className: string, id: string) => {
    const ids = byClass.get(className) ?? [];
    ids.push(id);
    byClass.set(className, ids);
  };

  if (steps.length === 0) {
    lines.push('  empty["No steps in this journey"]');
    addClass(MORE_CLASS, 'empty');
  } else {
    const { head, tail, hidden } = cap(steps, maxNodes);
    // Ids are positions, never text from the recording.
    let previous: { id: string; date: string } | undefined;
    const link = (id: string, date: string) => {
      if (previous) lines.push(`  ${previous.id} ${arrow(previous.date, date)} ${id}`);
      previous = { id, date };
    };
    let n = 0;
    for (const step of head) {
      const id = `s${++n}`;
      lines.push(`  ${id}["${stepLabel(step)}"]`);
      addClass(styleOf.get(step.status)?.className ?? 'st_unknown', id);
      link(id, isoDate(step.date));
    }
    if (hidden.length > 0) {
      lines.push(`  more["${moreLabel(hidden)}"]`);
      addClass(MORE_CLASS, 'more');
      link('more', isoDate(hidden[hidden.length - 1].date));
    }
    for (const step of tail) {
      const id = `s${++n}`;
      lines.push(`  ${id}["${stepLabel(step)}"]`);
      addClass(styleOf.get(step.status)?.className ?? 'st_unknown', id);
      link(id, isoDate(step.date));
    }
  }
  // `class` lines rather than `:::` on each node keep node lines free of raw colons.
  for (const [className, ids] of byClass) lines.push(`  class ${ids.join(',')} ${className}`);
  return lines.join('\n') + '\n';
}

/** Keeps the start and, because it shows how the journey ended, the end. */
function cap(steps: Step[], maxNodes: number): { head: Step[]; tail: Step[]; hidden: Step[] } {
  if (steps.length <= maxNodes) return { head: steps, tail: [], hidden: [] };
  const shown = maxNodes - 1; // one node is the "+N more" marker
  const tailCount = Math.max(1, Math.floor(shown / 4));
  const headCount = Math.max(1, shown - tailCount);
  return {
    head: steps.slice(0, headCount),
    hidden: steps.slice(headCount, steps.length - tailCount),
    tail: steps.slice(steps.length - tailCount),
  };
}

/**
 * What isoDate and clock produce: digits, '-', ':', '.' (and '+', 'e' for an absurd clock), one space apart. Of
 * these only ':' is escaped, and no keyword can form, so escaping such text is replacing its colons (tested).
 */
const GENERATED_WHEN = /^[\d.:+e-]+(?: [\d.:+e-]+)?$/;

function escapeWhen(when: string): string {
  return GENERATED_WHEN.test(when) ? when.replaceAll(':', '#58;') : escapeMermaidLabel(when);
}

function stepLabel(step: Step): string {
  const date = isoDate(step.date);
  const time = clock(step.startMs);
  const when = date && time ? `${date} ${time}` : date || time;
  return (
    `${Number.isInteger(step.index) ? step.index : '?'}. ${escapeMermaidLabel(step.label || '(no label)', { maxLength: LABEL_CHARS })}` +
    `<br/>${escapeWhen(when)} #183; ${STATUS_LABELS.get(step.status) ?? escapeMermaidLabel(step.status)}`
  );
}

function moreLabel(hidden: Step[]): string {
  const from = isoDate(hidden[0].date);
  const to = isoDate(hidden[hidden.length - 1].date);
  const range = from && to ? (from === to ? from : `${from} to ${to}`) : '';
  return [`+${hidden.length} more steps`, range ? escapeMermaidLabel(range) : ''].filter(Boolean).join('<br/>');
}

function arrow(fromDate: string, toDate: string): string {
  const days = fromDate && toDate ? Math.round((Date.parse(toDate) - Date.parse(fromDate)) / 86_400_000) : 0;
  return days > 0 ? `-->|"+${days} ${days === 1 ? 'day' : 'days'}"|` : '-->';
}

/** Only a well-formed ISO date is ever placed in the source unescaped. */
function isoDate(date: string | undefined): string {
  return date && /^\d{4}-\d{2}-\d{2}$/.test(date) ? date : '';
}
