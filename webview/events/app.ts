// The event dashboard app: holds the report and the view state, answers host messages, draws the tabs and the
// active view. Views render from the context; nothing here computes an analysis.
import type { EventsReport, FunnelDefinition, FunnelReport } from '../../src/core/events/types';
import type {
  EventsHostHandlers,
  EventsHostState,
  EventsRequestParams,
  EventsRequestType,
  EventsRequestValue,
  EventsViewId,
  Result,
  SavedFunnel,
  ViewNote,
} from '../../src/dashboard/events/protocol';
import type { PlotLoader } from './charts/plotLoader';
import type { EventsContext } from './context';
import { definitionFromReport } from './funnelSpec';
import type { EventsHost } from './host';
import { type EventsTab, VIEW_IDS, VIEWS } from './registry';
import { type DetailsTarget, type EventsViewState, restoreState } from './state';
import { h, int } from './shared';

const NO_HOST: EventsHostState = { canQuery: false, canSave: false, aiAvailable: false };
const SECTION_OF: Partial<Record<EventsTab, keyof EventsReport>> = {
  funnel: 'funnel',
  friction: 'friction',
  paths: 'paths',
  retention: 'retention',
  segments: 'segments',
  customers: 'ltv',
};

export class EventsApp implements EventsContext {
  report!: EventsReport;
  funnel: FunnelReport | null = null;
  definition: FunnelDefinition | null = null;
  columns: { name: string; type: string }[] = [];
  saved: SavedFunnel[] = [];
  hostState: EventsHostState = NO_HOST;
  readonly state: EventsViewState;
  private readonly notes = new Map<EventsViewId, ViewNote>();
  private readonly noteErrors = new Map<EventsViewId, string>();
  private readonly asking = new Set<EventsViewId>();
  private readonly tablist = h('div', { class: 'ev-tabs', role: 'tablist', 'aria-label': 'Event dashboard views' });
  private readonly view = h('div', { class: 'ev-tabpanel', role: 'tabpanel', tabindex: '-1' });
  private readonly busy = h('div', { class: 'ev-busy', 'aria-live': 'polite' });
  private saveTimer?: ReturnType<typeof setTimeout>;

  constructor(
    private readonly root: HTMLElement,
    readonly host: EventsHost,
    readonly charts: PlotLoader,
  ) {
    this.state = restoreState(host.loadState(), VIEW_IDS);
  }

  /** One handler per host message type (src/dashboard/events/protocol.ts). */
  readonly handlers: EventsHostHandlers = {
    'events/report': (m) => {
      if (m.target && m.target !== this.state.target) {
        this.state.target = m.target;
        this.saveState();
      }
      this.setReport(m.report, { definition: m.definition, columns: m.columns, saved: m.saved });
    },
    'events/hostState': (m) => {
      this.hostState = m.state;
      this.redraw();
    },
    'events/reply': (m) => this.host.settle(m.id, m.result),
    'events/note': (m) => {
      this.notes.set(m.note.view, m.note);
      if (m.note.view === this.state.tab) this.redraw();
    },
    'events/busy': (m) => {
      this.busy.textContent = m.busy ? (m.message ?? 'Working…') : '';
    },
    'events/show': (m) => this.show(m.view),
  };

  waiting(message: string): void {
    this.root.replaceChildren(
      h('div', { class: 'ev-waiting' }, h('div', { class: 'ev-spinner', 'aria-hidden': 'true' }), h('p', {}, message)),
    );
  }

  setReport(
    report: EventsReport,
    extra: { definition?: FunnelDefinition; columns?: { name: string; type: string }[]; saved?: SavedFunnel[] } = {},
  ): void {
    this.report = report;
    // A new analysis has new figures: notes written on the old ones no longer apply.
    this.notes.clear();
    this.noteErrors.clear();
    this.funnel = report.funnel;
    this.definition = extra.definition ?? (report.funnel ? definitionFromReport(report.funnel) : null);
    this.columns = extra.columns ?? [];
    if (extra.saved) this.saved = extra.saved;
    this.renderShell();
    this.root.setAttribute('aria-busy', 'false');
  }

  request<K extends EventsRequestType>(
    type: K,
    params: EventsRequestParams<K>,
  ): Promise<Result<EventsRequestValue<K>>> {
    return this.host.request(type, params);
  }

  setFunnel(funnel: FunnelReport, definition: FunnelDefinition): void {
    this.funnel = funnel;
    this.definition = definition;
    this.state.details = undefined;
    this.notes.delete('funnel');
    this.noteErrors.delete('funnel');
    if (this.state.tab === 'funnel') this.redraw();
  }

  setSaved(saved: SavedFunnel[]): void {
    this.saved = saved;
    if (this.state.tab === 'funnel') this.redraw();
  }

  openDetails(target: DetailsTarget): void {
    this.state.details = target;
    this.show('details');
  }

  aiNote(view: EventsViewId): ViewNote | undefined {
    return this.notes.get(view);
  }

  aiNoteState(view: EventsViewId): { asking: boolean; error?: string } {
    const error = this.noteErrors.get(view);
    return { asking: this.asking.has(view), ...(error !== undefined ? { error } : {}) };
  }

  askAiNote(view: EventsViewId): void {
    if (this.asking.has(view)) return;
    this.asking.add(view);
    this.noteErrors.delete(view);
    const report = this.report;
    if (this.state.tab === view) this.redraw();
    void this.request('events/aiNote', { view }).then((r) => {
      this.asking.delete(view);
      // The report changed while the model was writing: the answer is about figures no longer shown.
      if (report !== this.report) return;
      if (r.ok) this.notes.set(view, r.value);
      else this.noteErrors.set(view, r.error);
      if (this.state.tab === view) this.redraw();
    });
  }

  saveState(): void {
    clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => this.host.saveState(this.state), 100);
  }

  show(view: EventsViewId): void {
    const scroll = view === this.state.tab ? scrollY : 0;
    this.state.tab = view;
    for (const tab of this.tablist.querySelectorAll<HTMLElement>('[role="tab"]')) {
      const on = tab.dataset.tab === view;
      tab.setAttribute('aria-selected', on ? 'true' : 'false');
      tab.tabIndex = on ? 0 : -1;
    }
    this.view.setAttribute('aria-labelledby', `ev-tab-${view}`);
    this.view.dataset.view = view;
    const def = VIEWS.find((v) => v.id === view) ?? VIEWS[0];
    this.view.replaceChildren(def.render(this));
    if (!this.host.connected && location.hash !== `#${view}`) history.replaceState(null, '', `#${view}`);
    scrollTo(0, scroll);
    this.saveState();
  }

  private redraw(): void {
    if (this.report) this.show(this.state.tab);
  }

  private renderShell(): void {
    const r = this.report;
    const name = r.root.split(/[\\/]/).filter(Boolean).pop() ?? r.root;
    this.tablist.replaceChildren(
      ...VIEWS.map((v) => {
        const section = SECTION_OF[v.id];
        const missing = section !== undefined && r[section] === null;
        return h(
          'button',
          {
            type: 'button',
            role: 'tab',
            id: `ev-tab-${v.id}`,
            'data-tab': v.id,
            class: missing ? 'ev-tab missing' : 'ev-tab',
            title: missing ? `Not available: ${r.notes[section as keyof EventsReport['notes']] ?? 'no data'}` : null,
            onclick: () => this.show(v.id),
          },
          v.label,
        );
      }),
    );
    this.tablist.onkeydown = (ev: KeyboardEvent) => {
      if (ev.key !== 'ArrowRight' && ev.key !== 'ArrowLeft' && ev.key !== 'Home' && ev.key !== 'End') return;
      const i = VIEW_IDS.indexOf(this.state.tab);
      const n = VIEW_IDS.length;
      const next = ev.key === 'Home' ? 0 : ev.key === 'End' ? n - 1 : (i + (ev.key === 'ArrowRight' ? 1 : n - 1)) % n;
      this.show(VIEW_IDS[next]);
      this.tablist.querySelector<HTMLElement>(`#ev-tab-${VIEW_IDS[next]}`)?.focus();
      ev.preventDefault();
    };
    this.root.replaceChildren(
      h(
        'header',
        { class: 'ev-header' },
        h(
          'div',
          { class: 'ev-title' },
          h('h1', {}, 'Events: ', h('span', { class: 'ev-text' }, name)),
          h(
            'span',
            { class: 'muted' },
            `${int(r.units.users)} users · ${int(r.units.sessions)} sessions · ${int(r.units.events)} events`,
          ),
        ),
        this.busy,
      ),
      this.tablist,
      this.view,
    );
    this.show(this.state.tab);
  }
}
