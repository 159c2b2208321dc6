/**
 * The ONE module that knows about @vscode/webview-ui-toolkit (archived upstream in January 2025).
 * Views call these factories only, so swapping to @vscode-elements/elements means rewriting this file alone.
 */
import {
  provideVSCodeDesignSystem,
  vsCodeBadge,
  vsCodeButton,
  vsCodeCheckbox,
  vsCodeDataGrid,
  vsCodeDataGridCell,
  vsCodeDataGridRow,
  vsCodeDropdown,
  vsCodeOption,
  vsCodePanels,
  vsCodePanelTab,
  vsCodePanelView,
  vsCodeProgressRing,
  vsCodeTextField,
} from '@vscode/webview-ui-toolkit';
import { type Child, h, icon } from './dom';

export function registerComponents(): void {
  provideVSCodeDesignSystem().register(
    vsCodeBadge(),
    vsCodeButton(),
    vsCodeCheckbox(),
    vsCodeDataGrid(),
    vsCodeDataGridCell(),
    vsCodeDataGridRow(),
    vsCodeDropdown(),
    vsCodeOption(),
    vsCodePanels(),
    vsCodePanelTab(),
    vsCodePanelView(),
    vsCodeProgressRing(),
    vsCodeTextField(),
  );
}

export interface ButtonOptions {
  appearance?: 'primary' | 'secondary' | 'icon';
  icon?: string;
  title?: string;
  onClick: (ev: Event) => void;
  attrs?: Record<string, string>;
}

export function button(label: string, opts: ButtonOptions): HTMLElement {
  const iconOnly = opts.appearance === 'icon';
  const el = h(
    'vscode-button',
    {
      appearance: opts.appearance ?? 'secondary',
      title: opts.title ?? (iconOnly ? label : null),
      'aria-label': iconOnly ? label : null,
      onclick: opts.onClick,
      ...opts.attrs,
    },
    opts.icon && !iconOnly
      ? h('span', { slot: 'start', class: `codicon codicon-${opts.icon}`, 'aria-hidden': 'true' })
      : null,
    iconOnly ? icon(opts.icon ?? 'question') : label,
  );
  return el;
}

export function badge(text: string | number, title?: string): HTMLElement {
  return h('vscode-badge', { title: title ?? null }, String(text));
}

export function progressRing(label: string): HTMLElement {
  return h('vscode-progress-ring', { 'aria-label': label });
}

export interface InputHandle {
  element: HTMLElement;
  value(): string;
  setValue(v: string): void;
}

export function textField(opts: {
  placeholder: string;
  value: string;
  label: string;
  onInput: (value: string) => void;
}): InputHandle {
  const el = h(
    'vscode-text-field',
    { placeholder: opts.placeholder, 'aria-label': opts.label, value: opts.value },
    h('span', { slot: 'start', class: 'codicon codicon-search', 'aria-hidden': 'true' }),
  ) as HTMLElement & { value: string };
  el.addEventListener('input', () => opts.onInput(el.value));
  return {
    element: el,
    value: () => el.value,
    setValue: (v) => {
      el.value = v;
    },
  };
}

export interface Choice {
  value: string;
  label: string;
}

export function dropdown(opts: {
  label: string;
  choices: Choice[];
  value: string;
  onChange: (value: string) => void;
  attrs?: Record<string, string>;
}): InputHandle {
  const el = h(
    'vscode-dropdown',
    { 'aria-label': opts.label, title: opts.label, ...opts.attrs },
    opts.choices.map((c) => h('vscode-option', { value: c.value, selected: c.value === opts.value }, c.label)),
  ) as HTMLElement & { value: string };
  el.addEventListener('change', () => opts.onChange(el.value));
  return {
    element: el,
    value: () => el.value,
    setValue: (v) => {
      el.value = v;
    },
  };
}

export function checkbox(opts: {
  label: Child;
  checked: boolean;
  onChange: (checked: boolean) => void;
  attrs?: Record<string, string>;
}): HTMLElement {
  const el = h('vscode-checkbox', { checked: opts.checked, ...opts.attrs }, opts.label) as HTMLElement & {
    checked: boolean;
  };
  el.addEventListener('change', () => opts.onChange(el.checked));
  return el;
}

export interface Tab {
  id: string;
  label: string;
  count?: number;
}

/** Tabs with their views; only the active view's content is built, by `render`. */
/** Updates the count shown on a tab made by {@link tabs}. */
export function setTabCount(panels: HTMLElement, id: string, count: number): void {
  const badge = panels.querySelector(`#tab-${id} vscode-badge`);
  if (badge) badge.textContent = String(count);
}

export function tabs(opts: {
  tabs: Tab[];
  active: string;
  onChange: (id: string) => void;
  render: (id: string, view: HTMLElement) => void;
}): HTMLElement {
  const views = new Map<string, HTMLElement>();
  const panels = h(
    'vscode-panels',
    { activeid: `tab-${opts.active}`, 'aria-label': 'Dashboard sections' },
    opts.tabs.map((t) =>
      h(
        'vscode-panel-tab',
        { id: `tab-${t.id}`, 'data-tab': t.id },
        t.label,
        t.count !== undefined ? h('vscode-badge', {}, String(t.count)) : null,
      ),
    ),
    opts.tabs.map((t) => {
      const view = h('vscode-panel-view', { id: `view-${t.id}`, 'data-view': t.id });
      views.set(t.id, view);
      return view;
    }),
  );
  let shown = '';
  const show = (id: string) => {
    if (id === shown) return;
    shown = id;
    const view = views.get(id);
    if (view) opts.render(id, view);
    opts.onChange(id);
  };
  panels.addEventListener('change', () => {
    const active = (panels as HTMLElement & { activeid?: string }).activeid ?? '';
    if (active.startsWith('tab-')) show(active.slice(4));
  });
  queueMicrotask(() => show(opts.active));
  selectors.set(panels, (id) => {
    (panels as HTMLElement & { activeid?: string }).activeid = `tab-${id}`;
    show(id);
  });
  return panels;
}

const selectors = new WeakMap<HTMLElement, (id: string) => void>();

/** Switch tabs programmatically (the toolkit fires `change` only for user input). */
export function selectTab(panels: HTMLElement, id: string): void {
  selectors.get(panels)?.(id);
}

export interface Column {
  title: string;
  width: string;
}

/** A data grid with custom cells; `rowAttrs` decorate rows (e.g. data-step-index). */
export function dataGrid(opts: {
  label: string;
  columns: Column[];
  rows: Child[][];
  rowAttrs?: (i: number) => Record<string, string>;
}): HTMLElement {
  const template = opts.columns.map((c) => c.width).join(' ');
  return h(
    'vscode-data-grid',
    { 'grid-template-columns': template, 'aria-label': opts.label, 'generate-header': 'none' },
    // Each row gets the template itself: rows added by hand (not via rowsData) keep equal columns otherwise.
    h(
      'vscode-data-grid-row',
      { 'row-type': 'header', 'grid-template-columns': template },
      opts.columns.map((c, i) =>
        h('vscode-data-grid-cell', { 'cell-type': 'columnheader', 'grid-column': i + 1 }, c.title),
      ),
    ),
    opts.rows.map((cells, r) =>
      h(
        'vscode-data-grid-row',
        { 'grid-template-columns': template, ...(opts.rowAttrs?.(r) ?? {}) },
        cells
          .slice(0, opts.columns.length)
          .map((cell, i) => h('vscode-data-grid-cell', { 'grid-column': i + 1 }, cell)),
      ),
    ),
  );
}
