import * as vscode from 'vscode';
import type { CompactJourney } from '../core/journeys/reportSummary';
import { createNonce, DASHBOARD_FILES, renderDashboardHtml } from '../dashboard/html';
import {
  dispatchWebviewMessage,
  hostMessage,
  parseWebviewMessage,
  type HostMessage,
  type HostState,
  type RevealTarget,
  type WebviewHandlers,
} from '../dashboard/journeys/protocol';

export const DASHBOARD_VIEW_TYPE = 'journeyLens.dashboard';

/** What the panel needs from the rest of the host: a handler per webview request, and what the host can do now. */
export interface DashboardConnection {
  /** Every webview message but `journeys/ready`, which the panel answers itself. */
  handlers: Omit<WebviewHandlers, 'journeys/ready'>;
  hostState(): Promise<HostState>;
}

/**
 * The one dashboard panel: its lifecycle (open, restore, hide, reload, dispose), the page, and the channel. It posts
 * only after the webview says `journeys/ready` (earlier posts are lost), has every `ready` answered with the whole
 * report (by the publisher, on `onDidLoad`; a reload or a restore after a window reload sends `ready` again), and
 * validates every message that comes back, because the page renders untrusted recording text. Report data is sent
 * by DashboardPublisher alone.
 */
export class DashboardPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private panelSubs: vscode.Disposable[] = [];
  private ready = false;
  private pendingReveal: RevealTarget | undefined;
  private readonly subs: vscode.Disposable[];
  private connection: DashboardConnection | undefined;
  /** The connection's handlers and the panel's own answer to `journeys/ready`. */
  private handlers: WebviewHandlers | undefined;
  /** The last reveal the webview was sent, for tests and the log. */
  lastReveal: RevealTarget | undefined;
  private readonly loadEmitter = new vscode.EventEmitter<void>();
  /** Fires when a (re)loaded page says it is listening, before the reveal and the host state: send it the report. */
  readonly onDidLoad = this.loadEmitter.event;
  /** Fires when the page it was showing is gone (hidden, closed, replaced): what it was sent is forgotten. */
  private readonly unloadEmitter = new vscode.EventEmitter<void>();
  readonly onDidUnload = this.unloadEmitter.event;
  private readonly readyEmitter = new vscode.EventEmitter<void>();
  /** Fires each time the webview (re)loads and has been sent the report. */
  readonly onDidBecomeReady = this.readyEmitter.event;
  private readonly postEmitter = new vscode.EventEmitter<HostMessage>();
  /** Every message posted to the webview (tests check that no secret ever crosses). */
  readonly onDidPost = this.postEmitter.event;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
    /**
     * A second dashboard on the same page (an event source's journeys) takes its own view type and title, and is not
     * restored after a window reload (its report lives in the session's event sources, gone after a reload).
     */
    private kind: { viewType: string; title: string; restore: boolean } = {
      viewType: DASHBOARD_VIEW_TYPE,
      title: 'Journey Lens',
      restore: true,
    },
  ) {
    this.subs = kind.restore
      ? [
          vscode.window.registerWebviewPanelSerializer(kind.viewType, {
            // The webview restores its own tab, filters, open sections and scroll from its saved state.
            deserializeWebviewPanel: async (panel) => this.adopt(panel),
          }),
        ]
      : [];
  }

  /** The panel's title (an event source's dashboard names its source). */
  set title(title: string) {
    if (this.panel) this.panel.title = title;
    this.kind = { ...this.kind, title };
  }

  /** Called once at activation, before any page can load. */
  connect(connection: DashboardConnection): void {
    this.connection = connection;
    this.handlers = { ...connection.handlers, 'journeys/ready': () => this.pageLoaded() };
  }

  get isOpen(): boolean {
    return !!this.panel;
  }

  get isReady(): boolean {
    return !!this.panel && this.ready;
  }

  /** Opens (or focuses) the dashboard, optionally at a journey. */
  show(reveal?: RevealTarget): void {
    if (!this.panel) {
      const panel = vscode.window.createWebviewPanel(
        this.kind.viewType,
        this.kind.title,
        vscode.ViewColumn.Active,
        this.webviewOptions(),
      );
      this.adopt(panel);
    } else {
      this.panel.reveal(undefined, false);
    }
    if (reveal) {
      if (this.ready) this.sendReveal(reveal);
      else this.pendingReveal = reveal;
    }
  }

  /** Posts a message if the webview is listening; otherwise it would be lost, and the next `ready` resends state. */
  post(message: HostMessage): void {
    if (!this.panel || !this.ready) return;
    void this.panel.webview.postMessage(message);
    this.postEmitter.fire(message);
  }

  /** A journey's AI analysis, or why it failed (the page keeps the earlier one then); nothing if it has neither. */
  postJourneyAnalysis(j: Pick<CompactJourney, 'id' | 'analysis' | 'analysisError'>): void {
    if (j.analysisError)
      this.post(
        hostMessage('journeys/analysisResult', { journeyId: j.id, result: { ok: false, error: j.analysisError } }),
      );
    else if (j.analysis)
      this.post(hostMessage('journeys/analysisResult', { journeyId: j.id, result: { ok: true, value: j.analysis } }));
  }

  async postHostState(): Promise<void> {
    if (this.connection && this.ready) {
      this.post(hostMessage('journeys/hostState', { state: await this.connection.hostState() }));
    }
  }

  private webviewOptions(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      enableFindWidget: true,
      // The webview keeps its own state with setState; no need to keep a hidden page alive.
      retainContextWhenHidden: false,
      localResourceRoots: [
        vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview'),
        vscode.Uri.joinPath(this.extensionUri, 'media'),
      ],
    };
  }

  private adopt(panel: vscode.WebviewPanel): void {
    this.disposePanelSubs();
    this.panel?.dispose();
    this.panel = panel;
    this.ready = false;
    this.unloadEmitter.fire();
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'journey-lens.svg');
    panel.webview.options = this.webviewOptions();
    this.panelSubs.push(
      panel.webview.onDidReceiveMessage((data) => void this.onMessage(data)),
      panel.onDidChangeViewState(() => {
        // A hidden panel's page is discarded (no retainContextWhenHidden); it says `ready` again when shown.
        if (!panel.visible) {
          this.ready = false;
          this.unloadEmitter.fire();
        }
      }),
      panel.onDidDispose(() => {
        if (this.panel !== panel) return;
        this.disposePanelSubs();
        this.panel = undefined;
        this.ready = false;
        this.unloadEmitter.fire();
      }),
    );
    panel.webview.html = this.html(panel.webview);
    void this.warnIfNotBuilt();
  }

  private html(webview: vscode.Webview): string {
    const dist = vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview');
    const uri = (f: string) => webview.asWebviewUri(vscode.Uri.joinPath(dist, f)).toString();
    return renderDashboardHtml({
      cspSource: webview.cspSource,
      scriptUri: uri(DASHBOARD_FILES.script),
      styleUri: uri(DASHBOARD_FILES.style),
      mermaidUri: uri(DASHBOARD_FILES.mermaid),
      nonce: createNonce(),
    });
  }

  private async warnIfNotBuilt(): Promise<void> {
    try {
      await vscode.workspace.fs.stat(vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview', DASHBOARD_FILES.script));
    } catch {
      this.log.error('The dashboard bundle dist/webview/dashboard.js is missing: run `npm run build`.');
    }
  }

  private async onMessage(data: unknown): Promise<void> {
    const msg = parseWebviewMessage(data);
    if (!msg) {
      this.log.warn('Ignored a malformed message from the dashboard');
      return;
    }
    if (!this.handlers) {
      this.log.warn(`Ignored ${msg.type}: the dashboard is not connected to the commands yet`);
      return;
    }
    try {
      await dispatchWebviewMessage(this.handlers, msg);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.log.error(`Dashboard action ${msg.type} failed: ${message}`);
      this.post(hostMessage('journeys/error', { message }));
    }
  }

  private async pageLoaded(): Promise<void> {
    this.ready = true;
    this.loadEmitter.fire();
    // A separate `reveal` (not the report's own field) also switches the dashboard to the Journeys tab.
    if (this.pendingReveal) this.sendReveal(this.pendingReveal);
    this.pendingReveal = undefined;
    await this.postHostState();
    this.readyEmitter.fire();
  }

  private sendReveal(reveal: RevealTarget): void {
    this.lastReveal = reveal;
    this.post(hostMessage('journeys/reveal', reveal));
  }

  private disposePanelSubs(): void {
    for (const s of this.panelSubs.splice(0)) s.dispose();
  }

  dispose(): void {
    this.disposePanelSubs();
    for (const s of this.subs) s.dispose();
    this.panel?.dispose();
    this.loadEmitter.dispose();
    this.unloadEmitter.dispose();
    this.readyEmitter.dispose();
    this.postEmitter.dispose();
  }
}
