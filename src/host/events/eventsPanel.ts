/**
 * One dashboard panel per event source (webview/events/). The host posts only after the page says `events/ready`
 * (earlier posts would be lost) and answers every `ready` with the report and what it can do; every message from
 * the page is validated (it renders event-log text, so it is untrusted) and each request is answered through the
 * engine. Files are opened only when the report lists them as its sources.
 */
import path from 'node:path';
import * as vscode from 'vscode';
import { isNoteView } from '../../core/events/aiNotePrompt';
import type { FunnelDefinition, FunnelReport } from '../../core/events/types';
import { EVENTS_DASHBOARD_FILES, renderEventsPanelHtml } from '../../dashboard/events/html';
import {
  dispatchEventsWebviewMessage,
  eventsHostMessage,
  parseEventsWebviewMessage,
  type EventsHostMessage,
  type EventsHostState,
  type EventsViewId,
  type EventsWebviewHandlers,
} from '../../dashboard/events/protocol';
import { createNonce } from '../../dashboard/html';
import { errorText } from '../log';
import type { EventsNotes } from './eventsNotes';
import { canSaveFunnels, funnelsFor, saveFunnel } from './eventsSettings';
import type { EventsSource, EventsSources } from './eventsSources';

export const EVENTS_VIEW_TYPE = 'journeyLens.events';

type Shown = { funnel: FunnelReport; definition: FunnelDefinition };

export class EventsPanel implements vscode.Disposable {
  private ready = false;
  private pendingView: EventsViewId | undefined;
  /** The funnel the page shows (after an edit or a saved funnel was applied); drill-downs default to it. */
  private definition: FunnelDefinition | null;
  /** A saved funnel applied from the tree: a reload shows it again, a new analysis drops it. */
  private applied: Shown | undefined;
  /** The funnel the page shows when it differs from the report's (an edit): an AI note on it uses these figures. */
  private shownFunnel: FunnelReport | null = null;
  private readonly subs: vscode.Disposable[] = [];
  private readonly readyEmitter = new vscode.EventEmitter<void>();
  /** Fires each time the page (re)loads and has been sent the report. */
  readonly onDidBecomeReady = this.readyEmitter.event;

  constructor(
    readonly panel: vscode.WebviewPanel,
    private source: EventsSource,
    private readonly sources: EventsSources,
    private readonly extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
    private readonly posted: vscode.EventEmitter<{ target: string; message: EventsHostMessage }>,
    private readonly onSaved: () => void,
    private readonly notes?: EventsNotes,
  ) {
    this.definition = source.definition;
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'journey-lens.svg');
    this.subs.push(
      panel.webview.onDidReceiveMessage((data) => void this.receive(data)),
      panel.onDidChangeViewState(() => {
        // No retainContextWhenHidden: a hidden page is discarded and says `ready` again when shown.
        if (!panel.visible) this.ready = false;
      }),
    );
    panel.webview.html = this.html();
  }

  get target(): string {
    return this.source.target;
  }

  get isReady(): boolean {
    return this.ready;
  }

  /** Brings the panel forward, at a view if given (sent once the page is listening). */
  reveal(view?: EventsViewId): void {
    this.panel.reveal(undefined, false);
    if (!view) return;
    if (this.ready) this.post(eventsHostMessage('events/show', { view }));
    else this.pendingView = view;
  }

  /** A new analysis of the source (a file changed, or Analyze Events ran again): the page starts over from it. */
  update(source: EventsSource): void {
    this.source = source;
    this.definition = source.definition;
    this.applied = undefined;
    this.shownFunnel = null;
    this.panel.title = panelTitle(source);
    this.postReport();
  }

  busy(busy: boolean): void {
    this.post(
      eventsHostMessage('events/busy', { busy, message: busy ? 'Analysing the changed event log…' : undefined }),
    );
  }

  /** Recomputes a saved funnel and shows it on the Funnel view as if the user had edited it. */
  async applyFunnel(definition: FunnelDefinition): Promise<void> {
    const funnel = await this.sources.engine.query(this.sources.spec(this.source), 'recomputeFunnel', { definition });
    this.definition = definition;
    this.applied = { funnel, definition };
    this.shownFunnel = funnel;
    this.postReport(this.applied);
    this.reveal('funnel');
  }

  postHostState(): void {
    void this.hostState().then((state) => this.post(eventsHostMessage('events/hostState', { state })));
  }

  private async hostState(): Promise<EventsHostState> {
    const aiAvailable = (await this.notes?.available().catch(() => false)) ?? false;
    return { canQuery: true, canSave: canSaveFunnels(), aiAvailable };
  }

  private postReport(shown?: Shown): void {
    const report = shown ? { ...this.source.report, funnel: shown.funnel } : this.source.report;
    const definition = shown?.definition ?? this.source.definition;
    this.post(
      eventsHostMessage('events/report', {
        report,
        target: this.source.target,
        ...(definition ? { definition } : {}),
        columns: this.source.columns,
        saved: funnelsFor(this.source.target),
      }),
    );
  }

  /** Nothing is posted before the page listens, nor after the panel closed (an answer may arrive after that). */
  private post(message: EventsHostMessage): void {
    if (!this.ready) return;
    void this.panel.webview.postMessage(message);
    this.posted.fire({ target: this.source.target, message });
  }

  private html(): string {
    const webview = this.panel.webview;
    const dist = vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview');
    const uri = (f: string) => webview.asWebviewUri(vscode.Uri.joinPath(dist, f)).toString();
    return renderEventsPanelHtml({
      cspSource: webview.cspSource,
      scriptUri: uri(EVENTS_DASHBOARD_FILES.script),
      styleUri: uri(EVENTS_DASHBOARD_FILES.style),
      plotUri: uri(EVENTS_DASHBOARD_FILES.plot),
      nonce: createNonce(),
      title: panelTitle(this.source),
    });
  }

  /**
   * A message from the page, validated and answered (replies go out through {@link post}). Public so the workbench
   * tests can send the page's requests through the same path: a test cannot click inside the webview's iframe.
   */
  async receive(data: unknown): Promise<void> {
    const msg = parseEventsWebviewMessage(data);
    if (!msg) {
      this.log.warn('Ignored a malformed message from the event dashboard');
      return;
    }
    try {
      await dispatchEventsWebviewMessage(this.handlers, msg, (reply) => this.post(reply));
    } catch (err) {
      this.log.error(`Event dashboard: ${msg.type} failed: ${errorText(err)}`);
    }
  }

  private readonly handlers: EventsWebviewHandlers = {
    'events/ready': () => {
      // A reload starts over from the analysis, or from the saved funnel last applied from the tree.
      this.ready = true;
      this.definition = this.applied?.definition ?? this.source.definition;
      this.shownFunnel = this.applied?.funnel ?? null;
      this.postReport(this.applied);
      this.postHostState();
      if (this.pendingView) this.post(eventsHostMessage('events/show', { view: this.pendingView }));
      this.pendingView = undefined;
      this.readyEmitter.fire();
    },
    'events/openSource': (body) => this.openSource(body.file, body.line),
    'events/recomputeFunnel': async ({ definition }) => {
      const funnel = await this.sources.engine.query(this.sources.spec(this.source), 'recomputeFunnel', { definition });
      this.definition = definition;
      this.shownFunnel = funnel;
      return funnel;
    },
    'events/stepDetails': async ({ step, index, definition }) => {
      const def = definition ?? this.definition ?? undefined;
      const d = await this.sources.engine.query(this.sources.spec(this.source), 'stepDetails', {
        step,
        index,
        ...(def ? { definition: def } : {}),
      });
      if (!d)
        throw new Error(`No ${def?.unit ?? 'unit'} dropped at step ${step} (or there are fewer than ${index + 1}).`);
      return d;
    },
    'events/frictionDetails': async ({ message, path: onPath, index }) => {
      const d = await this.sources.engine.query(this.sources.spec(this.source), 'frictionDetails', {
        message,
        path: onPath,
        index,
      });
      if (!d)
        throw new Error(
          `No session saw "${message}"${onPath ? ` on ${onPath}` : ''} (or there are fewer than ${index + 1}).`,
        );
      return d;
    },
    'events/saveFunnel': async ({ name, definition }) => {
      if (!canSaveFunnels())
        throw new Error('Funnels are saved to the workspace settings: open a trusted folder first.');
      const saved = await saveFunnel(this.source.target, name, definition);
      this.onSaved();
      return { saved };
    },
    'events/columnValues': async ({ column, prefix, limit }) => ({
      values: await this.sources.engine.query(this.sources.spec(this.source), 'columnValues', {
        column,
        prefix,
        limit,
      }),
    }),
    'events/aiNote': async ({ view }) => {
      if (!isNoteView(view))
        throw new Error('Step details shows single sessions’ events, which are never sent to the AI: no AI note here.');
      if (!this.notes || !(await this.notes.available()))
        throw new Error(
          'Set an OpenAI API key (Journey Lens: Set OpenAI API Key) in a trusted workspace to ask for an AI note.',
        );
      const written = await this.notes.write(this.source.report, view, this.shownFunnel);
      if (!written.ok) throw new Error(written.error);
      const { text, model, redactionNote } = written.note;
      return { view, text, model, ...(redactionNote ? { redactions: redactionNote } : {}) };
    },
  };

  /** Opens a file of the report's sources with the cursor on the line of the row. */
  private async openSource(file: string, line: number | null): Promise<void> {
    const report = this.source.report;
    const listed = report.sources.find((s) => s.file === file);
    if (!listed) {
      this.log.warn('The event dashboard asked to open a file that is not one of its sources; ignored');
      return;
    }
    const abs = path.isAbsolute(file) ? file : path.join(report.root, file);
    if (listed.layout === 'parquet') {
      void vscode.window.showInformationMessage(`${path.basename(abs)} is a Parquet file: it has no lines to open at.`);
      return;
    }
    const at = Math.max(0, (line ?? 1) - 1);
    await vscode.window.showTextDocument(vscode.Uri.file(abs), {
      selection: new vscode.Range(at, 0, at, 0),
      preview: true,
      viewColumn: vscode.ViewColumn.Beside,
    });
  }

  dispose(): void {
    this.ready = false;
    for (const s of this.subs.splice(0)) s.dispose();
    this.readyEmitter.dispose();
    this.panel.dispose();
  }
}

export function panelTitle(source: EventsSource): string {
  return `Events: ${source.name}`;
}

export function eventsWebviewOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return {
    enableScripts: true,
    enableFindWidget: true,
    // The page keeps its own state (tab, editor, scroll) with setState; no need to keep a hidden page alive.
    retainContextWhenHidden: false,
    localResourceRoots: [
      vscode.Uri.joinPath(extensionUri, 'dist', 'webview'),
      vscode.Uri.joinPath(extensionUri, 'media'),
    ],
  };
}
