// Overview: the headline numbers, the sources with their column roles, the problems, and why a section is missing.
import type { EventsSection } from '../../../src/core/events/types';
import type { EventsViewId } from '../../../src/dashboard/events/protocol';
import type { EventsContext } from '../context';
import { overviewNote } from '../../../src/dashboard/events/notes';
import { card, code, noteSlot, sourceLink, t, table, tiles } from '../widgets';
import { h, int, pct } from '../shared';

const SECTIONS: { section: EventsSection; view: EventsViewId; label: string }[] = [
  { section: 'funnel', view: 'funnel', label: 'Funnel' },
  { section: 'friction', view: 'friction', label: 'Friction' },
  { section: 'paths', view: 'paths', label: 'Paths' },
  { section: 'retention', view: 'retention', label: 'Retention' },
  { section: 'segments', view: 'segments', label: 'Segments' },
  { section: 'ltv', view: 'customers', label: 'Customers (LTV)' },
];

export function renderOverview(ctx: EventsContext): HTMLElement {
  const r = ctx.report;
  const f = ctx.funnel;
  const last = f?.steps[f.steps.length - 1];
  const role = (v: string | null) => (v === null ? h('span', { class: 'muted' }, '—') : code(v));
  return h(
    'div',
    { class: 'ev-view' },
    tiles([
      { label: 'Users', value: int(r.units.users), attrs: { 'data-units': 'users', 'data-value': r.units.users } },
      {
        label: 'Sessions',
        value: int(r.units.sessions),
        attrs: { 'data-units': 'sessions', 'data-value': r.units.sessions },
      },
      { label: 'Events', value: int(r.units.events), attrs: { 'data-units': 'events', 'data-value': r.units.events } },
      last
        ? {
            label: 'Funnel conversion',
            value: pct(last.conversionFromStart),
            hint: `${f!.unit}s reaching "${last.name.length > 30 ? `${last.name.slice(0, 29)}…` : last.name}"`,
          }
        : { label: 'Funnel conversion', value: '–', hint: 'no funnel' },
    ]),
    noteSlot(ctx, 'overview', overviewNote(r)),
    card(
      'Sources',
      { 'data-card': 'sources' },
      table({
        caption: 'Sources and the columns that got each role',
        rows: r.sources,
        rowAttrs: (s) => ({ 'data-source': s.file }),
        columns: [
          { title: 'File', cell: (s) => t(s.file) },
          { title: 'Table', cell: (s) => s.table },
          { title: 'Layout', cell: (s) => s.layout },
          { title: 'Rows', numeric: true, cell: (s) => int(s.rows) },
          {
            title: 'Rejected',
            numeric: true,
            cell: (s) => (s.rejected ? h('span', { class: 'ev-warn' }, int(s.rejected)) : '0'),
          },
          { title: 'User', cell: (s) => (s.table === 'events' ? role(s.roles.user) : '') },
          {
            title: 'Session',
            cell: (s) =>
              s.table === 'events'
                ? s.roles.session === null
                  ? h('span', { class: 'muted' }, 'cut at inactivity')
                  : code(s.roles.session)
                : '',
          },
          { title: 'Time', cell: (s) => (s.table === 'events' ? role(s.roles.time) : '') },
          {
            title: 'Event',
            cell: (s) =>
              s.table === 'events'
                ? s.roles.event === null
                  ? h('span', { class: 'muted' }, 'none: steps match properties')
                  : code(s.roles.event)
                : '',
          },
        ],
      }),
    ),
    card(
      'Sections',
      { 'data-card': 'sections' },
      h(
        'ul',
        { class: 'ev-sections' },
        SECTIONS.map((s) => {
          const present = r[s.section] !== null;
          const note = r.notes[s.section];
          return h(
            'li',
            { 'data-section': s.section, 'data-present': present ? 'true' : 'false' },
            h(
              'a',
              {
                href: `#${s.view}`,
                onclick: (ev: Event) => {
                  ev.preventDefault();
                  ctx.show(s.view);
                },
              },
              s.label,
            ),
            present ? h('span', { class: 'ev-ok' }, ' ✓') : h('span', { class: 'muted' }, ' — not available'),
            note ? h('div', { class: 'ev-note-text', 'data-note': s.section }, t(note)) : null,
          );
        }),
      ),
    ),
    card(
      `Problems (${int(r.problems.length)})`,
      { 'data-card': 'problems' },
      r.problems.length === 0
        ? h('p', { class: 'muted' }, 'No problems: every row was read.')
        : h(
            'ul',
            { class: 'ev-problems' },
            r.problems
              .slice(0, 500)
              .map((p) =>
                h(
                  'li',
                  { class: `ev-problem ${p.severity}`, 'data-problem-file': p.file, 'data-problem-line': p.line ?? '' },
                  h('span', { class: 'ev-sev' }, p.severity === 'error' ? 'Error' : 'Warning'),
                  ' ',
                  sourceLink(ctx, p.file, p.line ?? null, undefined, p.column),
                  ' ',
                  t(p.message),
                ),
              ),
          ),
      r.problems.length > 500
        ? h('p', { class: 'muted' }, `…and ${int(r.problems.length - 500)} more (the JSON report has them all).`)
        : null,
    ),
    h('p', { class: 'muted ev-generated' }, 'Analysed ', t(r.root), ` at ${r.generatedAt}.`),
  );
}
