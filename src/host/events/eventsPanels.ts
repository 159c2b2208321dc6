/**
 * The event dashboards: one panel per analysed source, opened (or brought forward) at a view, and kept in step
 * with the source — a re-analysis after a file change replaces the report on its panel, with a busy note meanwhile.
 */
import path from 'node:path';
import * as vscode from 'vscode';
import type { FunnelDefinition } from '../../core/events/types';
import type { EventsHostMessage, EventsViewId } from '../../dashboard/events/protocol';
import { EVENTS_VIEW_TYPE, EventsPanel, eventsWebviewOptions, panelTitle } from './eventsPanel';
import { isObject } from '../../core/shared/isObject';
import { errorText } from '../log';
import type { EventsNotes } from './eventsNotes';
import type { EventsSource, EventsSources } from './eventsSources';

export class EventsPanels implements vscode.Disposable {
  private readonly panels = new Map<string, EventsPanel>();
  private readonly shownAnalysis = new Map<string, number>();
  private readonly postEmitter = new vscode.EventEmitter<{ target: string; message: EventsHostMessage }>();
  private readonly savedEmitter = new vscode.EventEmitter<void>();
  /** Every message posted to any event dashboard, with its source (tests read the numbers the page was sent). */
  readonly onDidPost = this.postEmitter.event;
  /** A funnel was saved from a dashboard (the tree lists saved funnels). */
  readonly onDidSaveFunnel = this.savedEmitter.event;
  private readonly subs: vscode.Disposable[];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly sources: EventsSources,
    private readonly log: vscode.LogOutputChannel,
    private readonly notes?: EventsNotes,
  ) {
    this.subs = [
      ...(notes ? [notes.onDidChangeAvailability(() => this.refreshHostState())] : []),
      sources.onDidChange((source) => {
        const panel = source && this.panels.get(source.target);
        if (!panel || this.shownAnalysis.get(source.target) === source.analysedAt) return;
        this.shownAnalysis.set(source.target, source.analysedAt);
        panel.update(source);
      }),
      sources.onDidChangeBusy(({ target, busy }) => this.panels.get(target)?.busy(busy)),
      vscode.window.registerWebviewPanelSerializer(EVENTS_VIEW_TYPE, {
        deserializeWebviewPanel: (panel, state) => this.revive(panel, state),
      }),
    ];
  }

  /** The panel of a source, if open (tests wait on its `onDidBecomeReady`). */
  panel(target: string): EventsPanel | undefined {
    return this.panels.get(target);
  }

  get openTargets(): string[] {
    return [...this.panels.keys()];
  }

  show(source: EventsSource, view?: EventsViewId): EventsPanel {
    let panel = this.panels.get(source.target);
    if (!panel) {
      const webviewPanel = vscode.window.createWebviewPanel(
        EVENTS_VIEW_TYPE,
        panelTitle(source),
        vscode.ViewColumn.Active,
        eventsWebviewOptions(this.extensionUri),
      );
      panel = this.adopt(webviewPanel, source);
    } else if (this.shownAnalysis.get(source.target) !== source.analysedAt) {
      this.shownAnalysis.set(source.target, source.analysedAt);
      panel.update(source);
    }
    panel.reveal(view);
    return panel;
  }

  /**
   * A window reload: VS Code hands back the panel with the page's saved state, which names its source. The source
   * is back from the store when its files are unchanged; otherwise it is analysed again, and the panel closes with a
   * message if that fails (it cannot show a report it does not have).
   */
  private async revive(webviewPanel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const target = isObject(state) && typeof state.target === 'string' ? state.target : undefined;
    await this.sources.restored;
    let source = target ? this.sources.get(target) : undefined;
    if (!source && target) {
      try {
        source = (
          await vscode.window.withProgress(
            {
              location: vscode.ProgressLocation.Notification,
              title: `Journey Lens: analysing events in ${path.basename(target) || target}`,
            },
            () => this.sources.analyze(target),
          )
        ).source;
      } catch (err) {
        this.log.warn(`Restoring the event dashboard of ${target} failed: ${errorText(err)}`);
        void vscode.window.showWarningMessage(
          `Journey Lens could not restore the event dashboard of ${target}: ${errorText(err)}`,
        );
      }
    }
    if (!source || this.panels.has(source.target)) {
      webviewPanel.dispose();
      return;
    }
    webviewPanel.webview.options = eventsWebviewOptions(this.extensionUri);
    webviewPanel.title = panelTitle(source);
    this.adopt(webviewPanel, source);
  }

  private adopt(webviewPanel: vscode.WebviewPanel, source: EventsSource): EventsPanel {
    const panel = new EventsPanel(
      webviewPanel,
      source,
      this.sources,
      this.extensionUri,
      this.log,
      this.postEmitter,
      () => this.savedEmitter.fire(),
      this.notes,
    );
    this.panels.set(source.target, panel);
    this.shownAnalysis.set(source.target, source.analysedAt);
    webviewPanel.onDidDispose(() => {
      if (this.panels.get(source.target) !== panel) return;
      this.panels.delete(source.target);
      this.shownAnalysis.delete(source.target);
      panel.dispose();
    });
    return panel;
  }

  async applyFunnel(source: EventsSource, definition: FunnelDefinition): Promise<void> {
    const panel = this.show(source, 'funnel');
    await panel.applyFunnel(definition);
  }

  /** Funnels, trust, the key or the AI settings changed: each page learns whether it may save and ask for AI notes. */
  refreshHostState(): void {
    for (const p of this.panels.values()) p.postHostState();
  }

  dispose(): void {
    for (const s of this.subs) s.dispose();
    for (const p of this.panels.values()) p.dispose();
    this.panels.clear();
    this.postEmitter.dispose();
    this.savedEmitter.dispose();
  }
}
