/**
 * The funnel editor: add, remove and reorder steps; a step is an event name or `column OP value` conditions (values
 * autocompleted from the report and, in VS Code, from the engine); unit, window, order and breakdown. Recompute and
 * Save ask the host (`events/recomputeFunnel`, `events/saveFunnel`); in an export the editor is read-only and shows
 * the command line that computes the same funnel.
 */
import type { Condition, ConditionOp, FunnelDefinition, FunnelOrder, FunnelUnit } from '../../../src/core/events/types';
import { MAX_FUNNEL_STEPS } from '../../../src/dashboard/events/protocol';
import type { EventsContext } from '../context';
import { cliArguments, EVENT_COLUMN, matchText, OPS, parseWindow, windowText } from '../funnelSpec';
import { button, code, labelled, select } from '../widgets';
import { append, h } from '../shared';

interface DraftStep {
  name: string;
  conditions: Condition[];
}
interface Draft {
  steps: DraftStep[];
  unit: FunnelUnit;
  window: string;
  order: FunnelOrder;
  by: string;
}

/** The draft outlives a redraw of the view (e.g. after a theme change or a recompute elsewhere). */
let kept: { base: FunnelDefinition | null; draft: Draft } | undefined;
let status: { kind: 'info' | 'error'; text: string } | undefined;
let listSeq = 0;

function toDraft(d: FunnelDefinition | null): Draft {
  if (!d)
    return {
      steps: [{ name: '', conditions: [{ column: EVENT_COLUMN, op: '=', value: '' }] }],
      unit: 'user',
      window: '',
      order: 'sequential',
      by: '',
    };
  return {
    steps: d.steps.map((s) => ({ name: s.name, conditions: s.conditions.map((c) => ({ ...c })) })),
    unit: d.unit,
    window: windowText(d.windowMs),
    order: d.order,
    by: d.by ?? '',
  };
}

/** The draft as a definition, or the first thing wrong with it. */
export function draftDefinition(d: Draft): { definition: FunnelDefinition } | { error: string } {
  if (d.steps.length < 2) return { error: 'A funnel needs at least two steps.' };
  for (const [i, s] of d.steps.entries()) {
    for (const c of s.conditions) {
      if (!c.column.trim()) return { error: `Step ${i + 1}: pick a column.` };
      if (c.value === '') return { error: `Step ${i + 1}: give ${c.column} a value.` };
      if (c.op === '~=') {
        try {
          new RegExp(c.value);
        } catch {
          return { error: `Step ${i + 1}: "${c.value}" is not a valid regular expression.` };
        }
      }
    }
  }
  const windowMs = parseWindow(d.window);
  if (windowMs === undefined)
    return { error: `The window "${d.window}" is not a duration like 7d, 24h or 30m (leave it empty for none).` };
  return {
    definition: {
      steps: d.steps.map((s) => {
        const match = matchText(s.conditions);
        return {
          name: s.name.trim() || match,
          match,
          conditions: s.conditions.map((c) => ({ column: c.column.trim(), op: c.op, value: c.value })),
        };
      }),
      unit: d.unit,
      windowMs,
      order: d.order,
      by: d.by || null,
    },
  };
}

export function funnelEditor(ctx: EventsContext): HTMLElement {
  if (!kept || kept.base !== ctx.definition) kept = { base: ctx.definition, draft: toDraft(ctx.definition) };
  const draft = kept.draft;
  const readOnly = !ctx.host.connected;
  const canQuery = ctx.host.connected && ctx.hostState.canQuery;
  const root = h('section', {
    class: 'ev-card ev-editor',
    'data-card': 'funnel-editor',
    'data-readonly': readOnly ? 'true' : 'false',
  });

  const columns = (): string[] => {
    const set = new Set<string>([EVENT_COLUMN, 'page', ...ctx.columns.map((c) => c.name)]);
    for (const s of draft.steps) for (const c of s.conditions) if (c.column) set.add(c.column);
    if (draft.by) set.add(draft.by);
    return [...set];
  };

  const redraw = () => root.replaceWith(funnelEditor(ctx));

  const valueInput = (c: Condition): HTMLElement => {
    const id = `ev-values-${++listSeq}`;
    const list = h('datalist', { id });
    const input = h('input', {
      type: 'text',
      class: 'ev-input ev-value',
      list: id,
      value: c.value,
      'aria-label': `Value of ${c.column}`,
      disabled: readOnly,
      placeholder: 'value',
      spellcheck: 'false',
    });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const fill = async () => {
      const values = new Set(localValues(ctx, c.column));
      if (canQuery) {
        const r = await ctx.request('events/columnValues', { column: c.column, prefix: input.value, limit: 50 });
        if (r.ok) for (const v of r.value.values) values.add(v);
      }
      list.replaceChildren(
        ...[...values].slice(0, 200).map((v) => {
          const o = document.createElement('option');
          o.value = v;
          return o;
        }),
      );
    };
    input.addEventListener('focus', () => void fill());
    input.addEventListener('input', () => {
      c.value = input.value;
      clearTimeout(timer);
      timer = setTimeout(() => void fill(), 150);
    });
    return h('span', { class: 'ev-value-wrap' }, input, list);
  };

  const conditionRow = (s: DraftStep, c: Condition, ci: number): HTMLElement =>
    h(
      'div',
      { class: 'ev-cond', 'data-condition': ci },
      ci > 0 ? h('span', { class: 'muted ev-and' }, 'and') : null,
      select({
        label: 'Column',
        value: c.column,
        disabled: readOnly,
        attrs: { class: 'ev-column' },
        options: columns().map((col) => ({ value: col, label: col === EVENT_COLUMN ? 'event name' : col })),
        onChange: (v) => {
          c.column = v;
          redraw();
        },
      }),
      select({
        label: 'Operator',
        value: c.op,
        disabled: readOnly,
        attrs: { class: 'ev-op' },
        options: OPS.map((o) => ({ value: o.op, label: o.label })),
        onChange: (v) => {
          c.op = v as ConditionOp;
        },
      }),
      valueInput(c),
      readOnly || s.conditions.length < 2
        ? null
        : button(
            '✕',
            () => {
              s.conditions.splice(ci, 1);
              redraw();
            },
            { class: 'ev-button ev-icon', title: 'Remove this condition', 'aria-label': 'Remove this condition' },
          ),
    );

  const stepRow = (s: DraftStep, i: number): HTMLElement => {
    const name = h('input', {
      type: 'text',
      class: 'ev-input ev-step-title',
      value: s.name,
      placeholder: matchText(s.conditions) || 'Step name',
      'aria-label': `Name of step ${i + 1}`,
      disabled: readOnly,
    });
    name.addEventListener('input', () => {
      s.name = name.value;
    });
    const move = (to: number) => {
      draft.steps.splice(i, 1);
      draft.steps.splice(to, 0, s);
      redraw();
    };
    return h(
      'li',
      { class: 'ev-edit-step', 'data-edit-step': i },
      h(
        'div',
        { class: 'ev-edit-step-head' },
        h('span', { class: 'ev-step-no' }, String(i + 1)),
        name,
        readOnly
          ? null
          : h(
              'span',
              { class: 'ev-step-actions' },
              button('↑', () => move(i - 1), {
                class: 'ev-button ev-icon',
                disabled: i === 0,
                title: 'Move up',
                'aria-label': `Move step ${i + 1} up`,
              }),
              button('↓', () => move(i + 1), {
                class: 'ev-button ev-icon',
                disabled: i === draft.steps.length - 1,
                title: 'Move down',
                'aria-label': `Move step ${i + 1} down`,
              }),
              button(
                '✕',
                () => {
                  draft.steps.splice(i, 1);
                  redraw();
                },
                {
                  class: 'ev-button ev-icon',
                  disabled: draft.steps.length < 2,
                  title: 'Remove step',
                  'aria-label': `Remove step ${i + 1}`,
                },
              ),
            ),
      ),
      h(
        'div',
        { class: 'ev-conds' },
        s.conditions.map((c, ci) => conditionRow(s, c, ci)),
        readOnly
          ? null
          : button(
              '+ condition',
              () => {
                s.conditions.push({
                  column: s.conditions[0]?.column === EVENT_COLUMN ? 'page' : EVENT_COLUMN,
                  op: '=',
                  value: '',
                });
                redraw();
              },
              { class: 'ev-button ev-link', 'data-add-condition': i },
            ),
      ),
    );
  };

  const windowInput = h('input', {
    type: 'text',
    class: 'ev-input ev-window',
    value: draft.window,
    placeholder: 'none (e.g. 7d)',
    'aria-label': 'Window',
    disabled: readOnly,
    size: 10,
  });
  windowInput.addEventListener('input', () => {
    draft.window = windowInput.value;
  });

  const byOptions = [
    { value: '', label: 'none' },
    ...columns()
      .filter((c) => c !== EVENT_COLUMN)
      .map((c) => ({ value: c, label: c })),
  ];
  const statusEl = h(
    'div',
    {
      class: `ev-status ${status?.kind ?? ''}`,
      role: status?.kind === 'error' ? 'alert' : 'status',
      'aria-live': 'polite',
    },
    status?.text ?? '',
  );
  const setStatus = (s: typeof status) => {
    status = s;
    statusEl.className = `ev-status ${s?.kind ?? ''}`;
    statusEl.setAttribute('role', s?.kind === 'error' ? 'alert' : 'status');
    statusEl.textContent = s?.text ?? '';
  };

  const recompute = async () => {
    const d = draftDefinition(draft);
    if ('error' in d) return setStatus({ kind: 'error', text: d.error });
    setStatus({ kind: 'info', text: 'Recomputing…' });
    root.setAttribute('aria-busy', 'true');
    const started = performance.now();
    const r = await ctx.request('events/recomputeFunnel', { definition: d.definition });
    root.removeAttribute('aria-busy');
    if (!r.ok) return setStatus({ kind: 'error', text: `Could not recompute: ${r.error}` });
    status = { kind: 'info', text: `Recomputed in ${Math.round(performance.now() - started)} ms.` };
    kept = { base: d.definition, draft: toDraft(d.definition) };
    ctx.setFunnel(r.value, d.definition);
  };

  const nameField = h('input', {
    type: 'text',
    class: 'ev-input ev-save-name',
    placeholder: 'Funnel name',
    'aria-label': 'Name to save the funnel under',
    disabled: readOnly || !ctx.hostState.canSave,
  });
  const save = async () => {
    const d = draftDefinition(draft);
    if ('error' in d) return setStatus({ kind: 'error', text: d.error });
    const name = nameField.value.trim();
    if (!name) return setStatus({ kind: 'error', text: 'Give the funnel a name to save it under.' });
    const r = await ctx.request('events/saveFunnel', { name, definition: d.definition });
    if (!r.ok) return setStatus({ kind: 'error', text: `Could not save: ${r.error}` });
    status = { kind: 'info', text: `Saved as "${name}" in journeyLens.events.funnels.` };
    ctx.setSaved(r.value.saved);
  };

  const preview = draftDefinition(draft);
  append(root, [
    h('h2', {}, readOnly ? 'Funnel definition' : 'Edit funnel'),
    readOnly
      ? h(
          'p',
          { class: 'ev-readonly-note', 'data-readonly-note': '' },
          'Read-only in an exported page: recomputing a funnel needs VS Code (Journey Lens: Analyze Events) or the command line:',
          h('br'),
          code(`journey-lens events PATH ${'definition' in preview ? cliArguments(preview.definition) : ''}`),
        )
      : null,
    ctx.saved.length && !readOnly
      ? labelled(
          'Saved funnels',
          select({
            label: 'Load a saved funnel',
            value: '',
            attrs: { class: 'ev-saved' },
            options: [{ value: '', label: 'Load…' }, ...ctx.saved.map((s, i) => ({ value: String(i), label: s.name }))],
            onChange: (v) => {
              const s = ctx.saved[Number(v)];
              if (s) {
                kept = { base: ctx.definition, draft: toDraft(s.definition) };
                redraw();
              }
            },
          }),
        )
      : null,
    h('ol', { class: 'ev-edit-steps' }, draft.steps.map(stepRow)),
    readOnly
      ? null
      : button(
          '+ Add step',
          () => {
            if (draft.steps.length >= MAX_FUNNEL_STEPS)
              return setStatus({ kind: 'error', text: `At most ${MAX_FUNNEL_STEPS} steps.` });
            draft.steps.push({ name: '', conditions: [{ column: EVENT_COLUMN, op: '=', value: '' }] });
            redraw();
          },
          { class: 'ev-button', 'data-add-step': '' },
        ),
    h(
      'div',
      { class: 'ev-edit-options' },
      labelled(
        'Count',
        select({
          label: 'Unit',
          value: draft.unit,
          disabled: readOnly,
          attrs: { class: 'ev-unit' },
          options: [
            { value: 'user', label: 'users' },
            { value: 'session', label: 'sessions' },
          ],
          onChange: (v) => {
            draft.unit = v as FunnelUnit;
          },
        }),
      ),
      labelled('Window', windowInput),
      labelled(
        'Order',
        select({
          label: 'Order',
          value: draft.order,
          disabled: readOnly,
          attrs: { class: 'ev-order' },
          options: [
            { value: 'sequential', label: 'sequential (others may come between)' },
            { value: 'strict', label: 'strict (nothing between)' },
            { value: 'any', label: 'any order' },
          ],
          onChange: (v) => {
            draft.order = v as FunnelOrder;
          },
        }),
      ),
      labelled(
        'Breakdown',
        select({
          label: 'Breakdown',
          value: draft.by,
          disabled: readOnly,
          attrs: { class: 'ev-by' },
          options: byOptions,
          onChange: (v) => {
            draft.by = v;
          },
        }),
      ),
    ),
    readOnly
      ? null
      : h(
          'div',
          { class: 'ev-edit-actions' },
          button('Recompute', () => void recompute(), {
            class: 'ev-button primary',
            'data-recompute': '',
            disabled: !canQuery,
            title: canQuery ? 'Run this funnel in the engine' : 'The engine is not available',
          }),
          button(
            'Reset',
            () => {
              kept = { base: ctx.definition, draft: toDraft(ctx.definition) };
              status = undefined;
              redraw();
            },
            { class: 'ev-button' },
          ),
          h(
            'span',
            { class: 'ev-save' },
            nameField,
            button('Save', () => void save(), {
              class: 'ev-button',
              'data-save-funnel': '',
              disabled: !ctx.hostState.canSave,
            }),
          ),
        ),
    readOnly ? null : statusEl,
  ]);
  return root;
}

/** Values the report itself shows for a column: event names from the funnel, pages from paths, friction messages. */
function localValues(ctx: EventsContext, column: string): string[] {
  const out: string[] = [];
  for (const s of ctx.definition?.steps ?? []) for (const c of s.conditions) if (c.column === column) out.push(c.value);
  const r = ctx.report;
  if (column === 'page' || column === 'path') for (const p of r.paths?.pages ?? []) out.push(p.page);
  if (column === 'text') for (const f of r.friction ?? []) out.push(f.message);
  if (column === ctx.definition?.by) for (const g of ctx.funnel?.breakdown?.groups ?? []) out.push(g.value);
  return [...new Set(out)];
}
