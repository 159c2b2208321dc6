// Step details: the events of one unit that dropped at a funnel step (or one session that saw a friction message),
// asked of the host one unit at a time, with previous/next. An export has no engine: it lists the dropped ids.
import type { StepDetails } from '../../../src/core/events/types';
import type { FrictionDetails, Result } from '../../../src/dashboard/events/protocol';
import type { EventsContext } from '../context';
import type { DetailsTarget } from '../state';
import { button, card, empty, sourceLink, t, table } from '../widgets';
import { h, int } from '../shared';

type Details = StepDetails | FrictionDetails;
type Row = Details['events'][number];

const SHOWN_PROPS = ['path', 'page', 'css', 'text', 'value'];

export function renderDetails(ctx: EventsContext): HTMLElement {
  const target = ctx.state.details;
  if (!target)
    return h(
      'div',
      { class: 'ev-view' },
      empty(
        'Click a drop-off in the Funnel view, or "Sessions" in Friction, to see the events of the units that dropped there.',
      ),
    );
  const body = h('div', { class: 'ev-details-body', 'aria-live': 'polite' });
  const root = h(
    'div',
    { class: 'ev-view' },
    card(title(ctx, target), { 'data-card': 'details', 'data-details-kind': target.kind }, body),
  );
  if (!ctx.host.connected) {
    body.append(exportFallback(ctx, target));
    return root;
  }
  body.append(h('p', { class: 'muted' }, "Asking the engine for this unit's events…"));
  root.setAttribute('aria-busy', 'true');
  void load(ctx, target).then((r) => {
    root.removeAttribute('aria-busy');
    if (ctx.state.details !== target) return; // superseded by previous/next
    body.replaceChildren(
      r.ok
        ? shown(ctx, target, r.value)
        : h('p', { class: 'ev-error', role: 'alert' }, `Could not load the events: ${r.error}`),
    );
  });
  return root;
}

function load(ctx: EventsContext, target: DetailsTarget): Promise<Result<Details>> {
  if (target.kind === 'step') {
    const definition = ctx.definition && ctx.funnel !== ctx.report.funnel ? { definition: ctx.definition } : {};
    return ctx.request('events/stepDetails', { step: target.step, index: target.index, ...definition });
  }
  return ctx.request('events/frictionDetails', { message: target.message, path: target.path, index: target.index });
}

function title(ctx: EventsContext, target: DetailsTarget): string {
  if (target.kind === 'friction')
    return `Sessions that saw "${target.message.length > 80 ? `${target.message.slice(0, 79)}…` : target.message}"`;
  const steps = ctx.funnel?.steps ?? [];
  const prev = steps[target.step - 2]?.name ?? `step ${target.step - 1}`;
  const at = steps[target.step - 1]?.name ?? `step ${target.step}`;
  return `Dropped between "${prev}" and "${at}"`;
}

function shown(ctx: EventsContext, target: DetailsTarget, d: Details): HTMLElement {
  const go = (index: number) => ctx.openDetails({ ...target, index });
  const unit = d.unit === 'user' ? 'User' : 'Session';
  return h(
    'div',
    { 'data-unit-id': d.unitId, 'data-index': d.index, 'data-total': d.total },
    h(
      'div',
      { class: 'ev-pager' },
      button(
        target.kind === 'step' ? 'Back to the funnel' : 'Back to friction',
        () => ctx.show(target.kind === 'step' ? 'funnel' : 'friction'),
        { class: 'ev-button ev-link', 'data-back': '' },
      ),
      button('← Previous', () => go(d.index - 1), { class: 'ev-button', 'data-prev': '', disabled: d.index <= 0 }),
      h(
        'span',
        { class: 'ev-pager-text' },
        `${unit} `,
        h('strong', {}, t(d.unitId)),
        ` · ${int(d.index + 1)} of ${int(d.total)}`,
      ),
      button('Next →', () => go(d.index + 1), {
        class: 'ev-button',
        'data-next': '',
        disabled: d.index >= d.total - 1,
      }),
    ),
    d.events.length === 0
      ? empty('This unit has no events.')
      : table<Row>({
          caption: `Events of ${unit.toLowerCase()} ${d.unitId}, in order`,
          className: 'ev-events',
          rows: d.events,
          rowAttrs: (e) => ({ 'data-row-id': e.rowId }),
          columns: [
            { title: '#', numeric: true, cell: (_e, i) => String(i + 1) },
            {
              title: 'Time',
              cell: (e) =>
                e.ts ? h('time', { datetime: e.ts }, e.ts.replace('T', ' ').replace(/\.000Z?$|Z$/, '')) : '–',
              className: 'ev-nowrap',
            },
            {
              title: 'Event / path',
              cell: (e) =>
                h(
                  'div',
                  {},
                  e.event !== null ? t(e.event) : null,
                  pathOf(e) !== null ? h('div', { class: e.event !== null ? 'muted' : '' }, t(pathOf(e))) : null,
                ),
            },
            { title: 'css', cell: (e) => prop(e, 'css') },
            { title: 'text', cell: (e) => prop(e, 'text') },
            { title: 'value', cell: (e) => prop(e, 'value') },
            { title: 'Other', cell: (e) => others(e) },
            { title: 'Source', cell: (e) => sourceLink(ctx, e.file, e.line, e.rowId) },
          ],
        }),
  );
}

function pathOf(e: Row): string | null {
  const v = e.props.path ?? e.props.page ?? null;
  return v === null ? null : String(v);
}

function prop(e: Row, name: string): HTMLElement | string {
  const v = e.props[name];
  return v === null || v === undefined ? '' : t(String(v));
}

function others(e: Row): HTMLElement | string {
  const rest = Object.entries(e.props).filter(([k, v]) => !SHOWN_PROPS.includes(k) && v !== null && v !== '');
  if (!rest.length) return '';
  return h(
    'span',
    { class: 'ev-props' },
    rest
      .slice(0, 8)
      .map(([k, v]) => h('span', { class: 'ev-prop' }, h('span', { class: 'muted' }, `${k}=`), t(String(v)))),
  );
}

function exportFallback(ctx: EventsContext, target: DetailsTarget): HTMLElement {
  const note = h(
    'p',
    { class: 'ev-readonly-note' },
    'An exported page has no engine, so it cannot show these events. In VS Code (Journey Lens: Analyze Events) each unit opens here with its events, previous and next.',
  );
  if (target.kind !== 'step') return note;
  const s = ctx.funnel?.steps[target.step - 1];
  if (!s) return note;
  return h(
    'div',
    {},
    note,
    h('p', {}, `${int(s.dropped)} ${ctx.funnel!.unit}s dropped here; a sample of their ids:`),
    h(
      'ul',
      { class: 'ev-sample' },
      s.droppedSample.map((id) => h('li', { 'data-dropped-id': id }, t(id))),
    ),
  );
}
