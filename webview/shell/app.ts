// The dashboard app: holds the report and the view state, routes host messages, and draws the shell and tabs.
import type { CompactJourney, CompactReport, JourneyDetail } from '../../src/core/journeys/reportSummary';
import { withDetail } from '../../src/dashboard/coreHelpers';
import type { JourneyReport } from '../../src/core/journeys/types';
import {
  dispatchHostMessage,
  type HostHandlers,
  type HostMessage,
  type HostMessages,
  type HostState,
  type RevealTarget,
} from '../../src/dashboard/journeys/protocol';
import type { AppContext } from './context';
import { h } from './dom';
import { useOutcomeNames } from './format';
import type { Host } from './host';
import { TimelineRenderer } from '../journeys/mermaidLoader';
import { matches } from '../journeys/journeyQuery';
import { type DashboardTab, REVEAL_TAB, VIEWS, viewOf } from '../views';
import { type DashboardState, restoreState } from './state';
import { button, progressRing, selectTab, setTabCount, tabs } from './ui';
import type { DashboardView, ShownView } from './view';

export class App implements AppContext {
  report: CompactReport = emptyReport();
  hostState: HostState | null = null;
  readonly state: DashboardState<DashboardTab>;
  private readonly byId = new Map<string, CompactJourney>();
  /**
   * Journeys opened on this page, with their steps as the host sent them (`journeys/journeyDetail`), by id; dropped
   * when the journey or the report changes. Only what was opened is ever here, never every journey's steps.
   */
  private readonly loaded = new Map<string, JourneyReport>();
  /** Asked for and not answered yet, or answered with an error (kept, so a redraw does not ask again). */
  private readonly asked = new Set<string>();
  private readonly detailErrors = new Map<string, string>();
  /** Whether some journey came without its steps (the VS Code host's compact report): then the host searches them. */
  private compact = false;
  /** The last search the host answered, and the text asked last (answers for older texts are dropped). */
  private searchHits: { text: string; ids: ReadonlySet<string> } | undefined;
  private searchAsked: string | undefined;
  private readonly status = h('div', { class: 'status-area', 'aria-live': 'polite' });
  private readonly notices = h('div', { class: 'notices' });
  private panels?: HTMLElement;
  private tab: DashboardTab;
  /** The drawn view of the current tab, when it updates in place. */
  private shown?: ShownView;
  private pendingReveal?: RevealTarget;
  /** A reveal for a journey still on its way in a later slice of a large report. */
  private awaitedReveal?: RevealTarget;
  private saveTimer?: ReturnType<typeof setTimeout>;
  private redrawQueued = false;

  constructor(
    private readonly root: HTMLElement,
    readonly host: Host,
    readonly timelines: TimelineRenderer,
  ) {
    this.state = restoreState(host.loadState());
    this.tab = this.state.tab;
    addEventListener(
      'scroll',
      () => {
        this.state.scroll[this.tab] = Math.round(scrollY);
        this.saveState();
      },
      { passive: true },
    );
  }

  journey(id: string): CompactJourney | undefined {
    return this.byId.get(id);
  }

  full(id: string): JourneyReport | undefined {
    const j = this.byId.get(id);
    if (!j) return undefined;
    if (j.steps && j.timeline !== undefined) return j as JourneyReport;
    const loaded = this.loaded.get(id);
    if (loaded) return loaded;
    if (!this.asked.has(id) && this.host.connected) {
      this.asked.add(id);
      this.host.post({ type: 'journeys/loadJourney', journeyId: id });
    }
    return undefined;
  }

  stepHits(text: string): ReadonlySet<string> | undefined {
    if (!text.trim() || !this.compact || !this.host.connected) return undefined;
    if (this.searchHits?.text === text) return this.searchHits.ids;
    if (this.searchAsked !== text) {
      this.searchAsked = text;
      this.host.post({ type: 'journeys/search', text });
    }
    return undefined;
  }

  private takeSearch(text: string, result: HostMessages['journeys/searchResult']['result']): void {
    if (text !== this.searchAsked) return;
    if (!result.ok) this.notify(result.error);
    // A failed search falls back to what the page holds (the summaries), with the notice saying why.
    this.searchHits = { text, ids: new Set(result.ok ? result.value : []) };
    if (this.shown?.refresh) this.shown.refresh();
    else this.scheduleRedraw();
  }

  /** The host's search results describe the journeys as they were: ask again after they change. */
  private forgetSearch(): void {
    this.searchHits = undefined;
    this.searchAsked = undefined;
  }

  detailError(id: string): string | undefined {
    return this.detailErrors.get(id);
  }

  /** What was loaded of a journey is stale (its summary changed, or the report did). */
  private forget(id?: string): void {
    if (id === undefined) {
      this.loaded.clear();
      this.asked.clear();
      this.detailErrors.clear();
      return;
    }
    this.loaded.delete(id);
    this.asked.delete(id);
    this.detailErrors.delete(id);
  }

  private takeDetail(journeyId: string, result: HostMessages['journeys/journeyDetail']['result']): void {
    const j = this.byId.get(journeyId);
    if (!j || !this.asked.has(journeyId)) return;
    if (result.ok) {
      // Kept in `asked` too: a redraw finds it loaded and does not ask again.
      this.loaded.set(journeyId, withDetail(j, decodeJson<JourneyDetail>(result.value)));
    } else {
      this.detailErrors.set(journeyId, result.error);
    }
    if (this.shown?.updateJourney) this.shown.updateJourney(journeyId);
    else this.scheduleRedraw();
  }

  saveState(): void {
    clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => this.host.saveState(this.state), 100);
  }

  waiting(message: string): void {
    this.root.replaceChildren(h('div', { class: 'waiting' }, progressRing(message), h('p', {}, message)));
  }

  /** `partial`: a light index of a large exported report; the full report follows. */
  setReport(report: CompactReport, reveal?: RevealTarget, partial = false): void {
    this.report = report;
    useOutcomeNames(report);
    this.byId.clear();
    this.forget();
    this.forgetSearch();
    this.compact = report.journeys.some((j) => !j.steps);
    for (const j of report.journeys) this.byId.set(j.id, j);
    if (reveal && !this.byId.has(reveal.journeyId)) {
      // The journey comes in a later slice of this report: reveal it when it arrives.
      this.awaitedReveal = reveal;
      this.state.tab = REVEAL_TAB;
      reveal = undefined;
    }
    if (this.panels?.isConnected) {
      // A fresh report while the dashboard is up (the workspace changed): keep the shell, so the search field keeps
      // its focus and caret, and redraw what is shown.
      this.refreshInPlace();
      if (reveal) this.reveal(reveal);
    } else {
      if (reveal) {
        this.pendingReveal = reveal;
        this.state.tab = REVEAL_TAB;
      }
      this.renderShell();
    }
    this.showStatus(partial ? 'Loading steps, timelines and analyses…' : undefined, false);
    this.root.setAttribute('aria-busy', partial ? 'true' : 'false');
  }

  handle(msg: HostMessage): void {
    dispatchHostMessage(this.handlers, msg);
  }

  /** One handler per host message (the compiler checks none is missing). */
  private readonly handlers: HostHandlers = {
    'journeys/report': (msg) => this.setReport(msg.report, msg.reveal),
    'journeys/hostState': (msg) => {
      this.hostState = msg.state;
      if (this.panels?.isConnected) this.refreshInPlace();
      else this.renderShell();
    },
    'journeys/journeysAppended': (msg) => {
      for (const j of decodeJson<CompactJourney[]>(msg.journeys)) {
        this.forget(j.id);
        if (!j.steps) this.compact = true;
        if (!this.byId.has(j.id)) this.report.journeys.push(j);
        else this.report.journeys[this.report.journeys.findIndex((x) => x.id === j.id)] = j;
        this.byId.set(j.id, j);
      }
      this.scheduleRedraw();
      if (this.awaitedReveal && this.byId.has(this.awaitedReveal.journeyId)) {
        const target = this.awaitedReveal;
        this.awaitedReveal = undefined;
        requestAnimationFrame(() => this.reveal(target));
      }
    },
    'journeys/journeyUpdated': (msg) => {
      this.forget(msg.journey.id);
      this.forgetSearch();
      if (!msg.journey.steps) this.compact = true;
      this.putJourney(msg.journey);
    },
    'journeys/journeyDetail': (msg) => this.takeDetail(msg.journeyId, msg.result),
    'journeys/searchResult': (msg) => this.takeSearch(msg.text, msg.result),
    'journeys/journeysRemoved': (msg) => {
      this.report.journeys = this.report.journeys.filter((j) => !msg.journeyIds.includes(j.id));
      for (const id of msg.journeyIds) {
        this.byId.delete(id);
        this.forget(id);
      }
      this.forgetSearch();
      this.scheduleRedraw();
    },
    'journeys/analysisResult': (msg) => {
      const j = this.byId.get(msg.journeyId);
      if (!j) return;
      // A failure keeps the earlier analysis; a success clears the old error.
      const { result } = msg;
      const next: CompactJourney = result.ok
        ? { ...j, analysis: result.value, analysisError: undefined }
        : { ...j, analysisError: result.error };
      // The steps loaded for it still hold; only the analysis changed.
      const loaded = this.loaded.get(j.id);
      if (loaded)
        this.loaded.set(j.id, {
          ...loaded,
          analysis: next.analysis ?? loaded.analysis,
          analysisError: next.analysisError,
        });
      this.putJourney(next);
    },
    'journeys/crossJourneyResult': (msg) => {
      this.report.crossJourney = msg.analysis;
      if (this.tab === 'overview') this.scheduleRedraw();
    },
    'journeys/analysisProgress': (msg) =>
      this.showStatus(
        msg.done < msg.total ? `${msg.message ?? 'Analysing journeys'}: ${msg.done} of ${msg.total}` : undefined,
        msg.done < msg.total,
      ),
    'journeys/busy': (msg) => this.showStatus(msg.busy ? (msg.message ?? 'Working…') : undefined, false),
    'journeys/error': (msg) => this.notify(msg.message, msg.action),
    'journeys/reveal': (msg) => this.reveal(msg),
  };

  setTab(tab: DashboardTab): void {
    if (this.panels) selectTab(this.panels, tab);
  }

  reveal(target: RevealTarget): void {
    const j = this.byId.get(target.journeyId);
    if (!j) {
      this.awaitedReveal = target;
      return;
    }
    this.awaitedReveal = undefined;
    this.state.tab = REVEAL_TAB;
    if (!matches(j, this.state.filters, this.stepHits(this.state.filters.text))) {
      // Filtered out: clear the filters rather than fail to show what was asked for.
      this.state.filters = { ...this.state.filters, text: '', outcome: 'all', status: 'all' };
      this.shown = undefined;
    }
    if (this.tab !== REVEAL_TAB || !this.shown?.reveal) {
      if (this.tab === REVEAL_TAB) {
        this.pendingReveal = target;
        this.redrawCurrent();
        return;
      }
      this.pendingReveal = target;
      this.setTab(REVEAL_TAB);
    } else {
      this.shown.reveal(target);
    }
  }

  toggleCompare(journeyId: string, on: boolean): void {
    const ids = this.state.compare.journeyIds.filter((id) => id !== journeyId);
    if (on) ids.push(journeyId);
    this.state.compare = { ...this.state.compare, mode: 'journeys', journeyIds: ids.slice(-6) };
    this.saveState();
  }

  private putJourney(j: CompactJourney): void {
    const i = this.report.journeys.findIndex((x) => x.id === j.id);
    if (i >= 0) this.report.journeys[i] = j;
    else this.report.journeys.push(j);
    this.byId.set(j.id, j);
    if (i >= 0 && this.shown?.updateJourney) this.shown.updateJourney(j.id);
    else this.scheduleRedraw();
  }

  private renderShell(): void {
    const r = this.report;
    this.shown = undefined;
    this.panels = tabs({
      tabs: VIEWS.map((v: DashboardView) => ({ id: v.id, label: v.label, count: v.count?.(r) })),
      active: this.state.tab,
      onChange: (id) => {
        this.tab = id as DashboardTab;
        this.state.tab = this.tab;
        this.saveState();
      },
      render: (id, view) => this.renderTab(id as DashboardTab, view),
    });
    this.root.replaceChildren(this.header(), this.status, this.notices, this.panels);
  }

  private refreshInPlace(): void {
    this.root.querySelector('header.app-header')?.replaceWith(this.header());
    const panels = this.panels;
    if (panels)
      for (const v of VIEWS as readonly DashboardView[]) if (v.count) setTabCount(panels, v.id, v.count(this.report));
    if (this.shown?.refresh) this.shown.refresh();
    else this.redrawCurrent();
  }

  private renderTab(tab: DashboardTab, view: HTMLElement): void {
    this.tab = tab;
    const reveal = tab === REVEAL_TAB ? this.pendingReveal : undefined;
    if (tab === REVEAL_TAB) this.pendingReveal = undefined;
    this.shown = viewOf(tab).render(this, view, reveal) ?? undefined;
    if (reveal) return;
    const y = this.state.scroll[tab] ?? 0;
    requestAnimationFrame(() => scrollTo(0, y));
  }

  private redrawCurrent(): void {
    const view = this.panels?.querySelector<HTMLElement>(`[data-view="${this.tab}"]`);
    if (view) this.renderTab(this.tab, view);
  }

  /** Many updates in a burst (an AI run over thousands of journeys) redraw once per frame. */
  private scheduleRedraw(): void {
    if (this.redrawQueued) return;
    this.redrawQueued = true;
    requestAnimationFrame(() => {
      this.redrawQueued = false;
      this.redrawCurrent();
    });
  }

  private header(): HTMLElement {
    const r = this.report;
    const s = this.hostState;
    const actions = h('div', { class: 'header-actions' });
    if (this.host.connected) {
      actions.append(
        button('Refresh', {
          appearance: 'icon',
          icon: 'refresh',
          onClick: () => this.host.post({ type: 'journeys/refresh' }),
          attrs: { 'data-action': 'refresh' },
        }),
      );
      if (s?.aiAvailable) {
        actions.append(
          button('Run AI analysis', {
            appearance: 'primary',
            icon: 'sparkle',
            title: `Analyse every journey with ${s.model ?? 'the model'} (cached results are reused)`,
            onClick: () => this.host.post({ type: 'journeys/runAi' }),
            attrs: { 'data-action': 'run-ai' },
          }),
        );
      } else if (s && s.trusted && !s.hasApiKey) {
        actions.append(
          button('Set OpenAI API Key', {
            icon: 'key',
            onClick: () => this.host.post({ type: 'journeys/setApiKey' }),
            attrs: { 'data-action': 'set-api-key' },
          }),
        );
      }
    } else {
      actions.append(
        button('Switch theme', {
          appearance: 'icon',
          icon: 'color-mode',
          onClick: cycleTheme,
          attrs: { 'data-action': 'theme' },
        }),
      );
    }
    const root = r.root.split(/[\\/]/).filter(Boolean).pop() ?? r.root;
    return h(
      'header',
      { class: 'app-header' },
      h(
        'div',
        { class: 'title' },
        h('span', { class: 'codicon codicon-pulse', 'aria-hidden': 'true' }),
        h('h1', {}, 'Journey Lens'),
        h('span', { class: 'muted', title: r.root }, root ? ` · ${root}` : ''),
        r.generatedAt ? h('span', { class: 'muted' }, ` · ${new Date(r.generatedAt).toLocaleString('en')}`) : null,
        this.host.connected ? null : h('span', { class: 'muted' }, ' · exported report'),
      ),
      actions,
    );
  }

  private showStatus(message: string | undefined, cancellable: boolean): void {
    this.status.replaceChildren(
      ...(message
        ? [
            h(
              'div',
              { class: 'busy', 'data-busy': 'true' },
              progressRing(message),
              h('span', {}, message),
              cancellable && this.host.connected
                ? button('Cancel', { onClick: () => this.host.post({ type: 'journeys/cancelAnalysis' }) })
                : null,
            ),
          ]
        : []),
    );
  }

  private notify(message: string, action?: HostMessages['journeys/error']['action']): void {
    const el: HTMLElement = h(
      'div',
      { class: 'notice error', role: 'alert' },
      h('span', { class: 'codicon codicon-error', 'aria-hidden': 'true' }),
      h('span', { class: 'notice-text' }, message),
      action && this.host.connected
        ? button(action === 'journeys/setApiKey' ? 'Set OpenAI API Key' : 'Refresh', {
            onClick: () => this.host.post({ type: action }),
          })
        : null,
      button('Dismiss', { appearance: 'icon', icon: 'close', onClick: () => el.remove() }),
    );
    this.notices.append(el);
  }
}

const THEMES = ['vscode-dark', 'vscode-light', 'vscode-high-contrast'] as const;

/** Outside VS Code the page carries VS Code's own theme variables; this cycles them (VS Code sets the class itself). */
export function setTheme(theme: (typeof THEMES)[number]): void {
  document.body.classList.remove(...THEMES);
  document.body.classList.add(theme);
  document.body.dataset.vscodeThemeKind = theme;
}

function cycleTheme(): void {
  const i = THEMES.findIndex((t) => document.body.classList.contains(t));
  setTheme(THEMES[(i + 1) % THEMES.length]);
}

/**
 * A payload as the host forwards it — UTF-8 JSON bytes (a journey's detail, a report's slices) — or, from a test's
 * stand-in host, the JSON text or the object itself.
 */
function decodeJson<T>(value: unknown): T {
  if (value instanceof Uint8Array || value instanceof ArrayBuffer)
    return JSON.parse(new TextDecoder().decode(value)) as T;
  if (typeof value === 'string') return JSON.parse(value) as T;
  return value as T;
}

function emptyReport(): CompactReport {
  return {
    schemaVersion: 1,
    generatedAt: '',
    root: '',
    journeys: [],
    problems: [],
    model: { evaluation: null, indicators: [], statusBlind: true, featureCount: 0, trainedOn: 0 },
    profiles: { upgrade: null, cancel: null },
  };
}
