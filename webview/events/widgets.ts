// Building blocks the event views share. Everything goes through h(): data strings only ever become text nodes
// or attribute values, never markup.
import type { EventsViewId } from '../../src/dashboard/events/protocol';
import type { EventsContext } from './context';
import { type Attrs, type Child, h } from './shared';

export function card(title: string, attrs: Attrs | null, ...body: Child[]): HTMLElement {
  return h('section', { class: 'ev-card', ...attrs }, h('h2', {}, title), ...body);
}

export interface TableColumn<T> {
  title: string;
  cell: (row: T, i: number) => Child;
  /** Right-aligned, tabular figures. */
  numeric?: boolean;
  className?: string;
}

/** A plain, copy-pasteable table: the screen-reader view of every chart. */
export function table<T>(opts: {
  caption: string;
  columns: TableColumn<T>[];
  rows: T[];
  rowAttrs?: (row: T, i: number) => Attrs;
  className?: string;
}): HTMLElement {
  return h(
    'div',
    { class: 'ev-table-wrap' },
    h(
      'table',
      { class: `ev-table ${opts.className ?? ''}`.trim() },
      h('caption', { class: 'sr-only' }, opts.caption),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          opts.columns.map((c) => h('th', { scope: 'col', class: c.numeric ? 'num' : null }, c.title)),
        ),
      ),
      h(
        'tbody',
        {},
        opts.rows.map((r, i) =>
          h(
            'tr',
            opts.rowAttrs?.(r, i) ?? null,
            opts.columns.map((c) =>
              h('td', { class: [c.numeric ? 'num' : '', c.className ?? ''].join(' ').trim() || null }, c.cell(r, i)),
            ),
          ),
        ),
      ),
    ),
  );
}

/** A chart with its table beside it (below it when narrow). */
export function chartWithTable(chart: HTMLElement, tableEl: HTMLElement): HTMLElement {
  return h(
    'div',
    { class: 'ev-pair' },
    h('div', { class: 'ev-pair-chart' }, chart),
    h('div', { class: 'ev-pair-table' }, tableEl),
  );
}

/** Text from the log, isolated so right-to-left or control characters cannot reorder the text around it. */
export function t(s: string | null | undefined, className = ''): HTMLElement {
  // Only long strings may break anywhere: short ones wrap at word boundaries and keep their columns readable.
  const long = (s?.length ?? 0) > 40 ? ' ev-long' : '';
  return h(
    'span',
    { class: `ev-text${long} ${className}`.trim(), title: s && s.length > 60 ? s.slice(0, 500) : null },
    s ?? '–',
  );
}

export function code(s: string): HTMLElement {
  return h('code', { class: 'ev-text' }, s);
}

export function empty(text: string): HTMLElement {
  return h('p', { class: 'ev-empty' }, text);
}

/** A section the report has no data for: its note says why. */
export function sectionMissing(
  ctx: EventsContext,
  section: keyof EventsContext['report']['notes'],
  what: string,
): HTMLElement {
  const note = ctx.report.notes[section];
  return h(
    'div',
    { class: 'ev-missing', 'data-missing': section },
    h('p', {}, `This report has no ${what}.`),
    note
      ? h('p', { class: 'ev-note-text', 'data-note': section }, t(note))
      : h('p', { class: 'muted' }, 'The engine gave no reason.'),
  );
}

export function tiles(items: { label: string; value: string; hint?: string; attrs?: Attrs }[]): HTMLElement {
  return h(
    'dl',
    { class: 'ev-tiles' },
    items.map((i) =>
      h(
        'div',
        { class: 'ev-tile', ...i.attrs },
        h('dt', {}, i.label),
        h('dd', {}, i.value),
        i.hint ? h('dd', { class: 'ev-tile-hint muted' }, i.hint) : null,
      ),
    ),
  );
}

/**
 * The note slot of a view: an AI note from the host when there is one, otherwise a rule-based note made from the
 * numbers on the view, labelled as such, with an "Ask AI" button when the host can write AI notes. A failed request
 * leaves the rule-based note and says why.
 */
export function noteSlot(ctx: EventsContext, view: EventsViewId, ruleBased: string | null): HTMLElement | null {
  const ai = ctx.aiNote(view);
  if (ai) {
    return h(
      'aside',
      { class: 'ev-ai-note', 'data-note-source': 'ai', 'aria-label': 'AI note' },
      h('div', { class: 'ev-note-label' }, 'AI note (', t(ai.model), ')'),
      h('p', {}, t(ai.text)),
      ai.redactions ? h('p', { class: 'muted', 'data-note-redactions': '' }, t(ai.redactions)) : null,
    );
  }
  if (!ruleBased) return null;
  const canAsk = ctx.hostState.aiAvailable && ctx.host.connected;
  const { asking, error } = canAsk ? ctx.aiNoteState(view) : { asking: false, error: undefined };
  return h(
    'aside',
    {
      class: 'ev-ai-note rule',
      'data-note-source': 'rules',
      'aria-label': 'Rule-based note',
      'aria-busy': asking ? 'true' : null,
    },
    h(
      'div',
      { class: 'ev-note-label' },
      'Rule-based note',
      h('span', { class: 'muted' }, ' · from the numbers shown, no AI'),
      canAsk
        ? button(asking ? 'Asking AI…' : 'Ask AI', () => ctx.askAiNote(view), {
            class: 'ev-button ev-ask-ai',
            'data-ask-ai': view,
            disabled: asking,
            title: 'Ask the AI for a note on the figures of this view (only these figures are sent, redacted)',
          })
        : null,
    ),
    h('p', {}, t(ruleBased)),
    error !== undefined
      ? h('p', { class: 'ev-note-error', 'data-note-error': view, role: 'status' }, 'No AI note: ', t(error))
      : null,
  );
}

/** A native select (keyboard- and screen-reader-friendly, themed in events.css). */
export function select(opts: {
  label: string;
  value: string;
  options: { value: string; label: string }[];
  onChange: (v: string) => void;
  attrs?: Attrs;
  disabled?: boolean;
}): HTMLSelectElement {
  const el = h(
    'select',
    { 'aria-label': opts.label, title: opts.label, disabled: opts.disabled ?? false, ...opts.attrs },
    opts.options.map((o) => h('option', { value: o.value, selected: o.value === opts.value }, o.label)),
  );
  el.value = opts.value;
  el.addEventListener('change', () => opts.onChange(el.value));
  return el;
}

export function labelled(label: string, control: HTMLElement): HTMLElement {
  return h('label', { class: 'ev-field' }, h('span', { class: 'ev-field-label' }, label), control);
}

export function button(label: string, onClick: (ev: Event) => void, attrs: Attrs = {}): HTMLButtonElement {
  return h('button', { type: 'button', class: 'ev-button', onclick: onClick, ...attrs }, label);
}

/** A link to a row of a source file; in VS Code it opens the file there, in an export it is plain text. */
export function sourceLink(
  ctx: EventsContext,
  file: string,
  line: number | null,
  rowId?: number,
  column?: number,
): HTMLElement {
  const text = `${file}${line !== null ? `:${line}` : ''}${column !== undefined && line !== null ? `:${column}` : ''}`;
  if (!ctx.host.connected) return h('span', { class: 'ev-source ev-text' }, text);
  return h(
    'a',
    {
      href: '#',
      class: 'ev-source ev-text',
      'data-open-source': file,
      title: `Open ${text}`,
      onclick: (ev: Event) => {
        ev.preventDefault();
        ctx.host.notify({ type: 'events/openSource', file, line, ...(rowId !== undefined ? { rowId } : {}) });
      },
    },
    text,
  );
}
