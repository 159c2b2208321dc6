import * as vscode from 'vscode';
import { createNonce, DASHBOARD_FILES, renderDashboardHtml } from '../dashboard/html';
import {
  hostMessage,
  parseWebviewMessage,
  type HostMessage,
  type HostState,
  type RevealTarget,
  type WebviewMessage,
} from '../dashboard/protocol';
import { sliceReport } from '../dashboard/reportSlices';
import type { AnalysisController } from './analysisController';
import {
  diffJourneys,
  fingerprints,
  INCREMENTAL_FROM_JOURNEYS,
  MAX_INCREMENTAL_CHANGES,
  type JourneyFingerprints,
} from './reportDiff';

export const DASHBOARD_VIEW_TYPE = 'journeyLens.dashboard';
const REPORT_POST_DELAY_MS = 150;
const FULL_REPORT_AFTER_QUIET_MS = 5000;

/** What the dashboard asks the host to do; commands.ts and aiRunner.ts implement it. */
export interface DashboardActions {
  openStep(journeyId: string, stepIndex: number): Promise<unknown>;
  classify(journeyId: string): Promise<unknown>;
  reanalyze(journeyIds: string[] | undefined, force: boolean): Promise<unknown>;
  runAi(): Promise<unknown>;
  cancelAnalysis(): void;
  setApiKey(): Promise<unknown>;
  refresh(): Promise<unknown>;
  hostState(): Promise<HostState>;
}

/**
 * The one dashboard panel. The host posts only after the webview says `ready` (earlier posts are lost), answers every
 * `ready` with the whole report (a reload or a restore after a window reload sends `ready` again), and validates
 * every message that comes back, because the page renders untrusted recording text.
 */
export class DashboardPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private panelSubs: vscode.Disposable[] = [];
  private ready = false;
  private pendingReveal: RevealTarget | undefined;
  private readonly subs: vscode.Disposable[];
  private actions: DashboardActions | undefined;
  private postTimer: ReturnType<typeof setTimeout> | undefined;
  private fullTimer: ReturnType<typeof setTimeout> | undefined;
  /** Bumped by every whole-report post, so the slices of an older report stop when a newer one starts. */
  private reportGeneration = 0;
  /** What the page has been sent since it last loaded. */
  private sent: { root: string; journeys: JourneyFingerprints } | undefined;
  /** The last reveal the webview was sent, for tests and the log. */
  lastReveal: RevealTarget | undefined;
  private readonly readyEmitter = new vscode.EventEmitter<void>();
  /** Fires each time the webview (re)loads and has been sent the report. */
  readonly onDidBecomeReady = this.readyEmitter.event;
  private readonly postEmitter = new vscode.EventEmitter<HostMessage>();
  /** Every message posted to the webview (tests check that no secret ever crosses). */
  readonly onDidPost = this.postEmitter.event;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly controller: AnalysisController,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.subs = [
      controller.onDidChangeReport(() => this.schedulePostReport()),
      controller.onDidChangeBusy((busy) =>
        this.post(hostMessage('busy', { busy, message: busy ? 'Analysing recordings…' : undefined })),
      ),
      vscode.window.registerWebviewPanelSerializer(DASHBOARD_VIEW_TYPE, {
        // The webview restores its own tab, filters, open sections and scroll from its saved state.
        deserializeWebviewPanel: async (panel) => this.adopt(panel),
      }),
    ];
  }

  setActions(actions: DashboardActions): void {
    this.actions = actions;
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
        DASHBOARD_VIEW_TYPE,
        'Journey Lens',
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

  async postHostState(): Promise<void> {
    if (this.actions && this.ready) this.post(hostMessage('hostState', { state: await this.actions.hostState() }));
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
    this.sent = undefined;
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'journey-lens.svg');
    panel.webview.options = this.webviewOptions();
    this.panelSubs.push(
      panel.webview.onDidReceiveMessage((data) => void this.onMessage(data)),
      panel.onDidChangeViewState(() => {
        // A hidden panel's page is discarded (no retainContextWhenHidden); it says `ready` again when shown.
        if (!panel.visible) {
          this.ready = false;
          this.sent = undefined;
        }
      }),
      panel.onDidDispose(() => {
        if (this.panel !== panel) return;
        this.disposePanelSubs();
        this.panel = undefined;
        this.ready = false;
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
    try {
      await this.handle(msg);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.log.error(`Dashboard action ${msg.type} failed: ${message}`);
      this.post(hostMessage('error', { message }));
    }
  }

  private async handle(msg: WebviewMessage): Promise<void> {
    const a = this.actions;
    switch (msg.type) {
      case 'ready':
        this.ready = true;
        this.postReport();
        // A separate `reveal` (not the report's own field) also switches the dashboard to the Journeys tab.
        if (this.pendingReveal) this.sendReveal(this.pendingReveal);
        this.pendingReveal = undefined;
        await this.postHostState();
        if (this.controller.busy) this.post(hostMessage('busy', { busy: true, message: 'Analysing recordings…' }));
        this.readyEmitter.fire();
        return;
      case 'openStep':
        await a?.openStep(msg.journeyId, msg.stepIndex);
        return;
      case 'classify':
        await a?.classify(msg.journeyId);
        return;
      case 'reanalyze':
        await a?.reanalyze(msg.journeyIds, msg.force);
        return;
      case 'runAi':
        await a?.runAi();
        return;
      case 'cancelAnalysis':
        a?.cancelAnalysis();
        return;
      case 'setApiKey':
        await a?.setApiKey();
        return;
      case 'refresh':
        await a?.refresh();
        return;
    }
  }

  /**
   * Serialising a report costs the host thread about 100 ms per 1,000 journeys, so a burst of updates (the watcher,
   * a background retrain right after) is posted once, and nothing is posted to a panel that is not showing.
   */
  private schedulePostReport(): void {
    if (this.postTimer) return;
    this.postTimer = setTimeout(() => {
      this.postTimer = undefined;
      this.postChanges();
    }, REPORT_POST_DELAY_MS);
  }

  /**
   * In a large folder a few changed files are sent journey by journey, and the whole report (model scores,
   * fingerprints, problems) follows once the folder has been quiet for a while, off the path of the edit.
   */
  private postChanges(): void {
    const report = this.controller.report;
    if (!report || !this.ready) return;
    const sent = this.sent;
    if (sent && sent.root === report.root && report.journeys.length >= INCREMENTAL_FROM_JOURNEYS) {
      const { changed, removed } = diffJourneys(sent.journeys, report);
      if (changed.length + removed.length <= MAX_INCREMENTAL_CHANGES) {
        for (const journey of changed) this.post(hostMessage('journeyUpdated', { journey }));
        if (removed.length) this.post(hostMessage('journeysRemoved', { journeyIds: removed }));
        this.sent = { root: report.root, journeys: fingerprints(report) };
        this.scheduleFullReport();
        return;
      }
    }
    this.postReport();
  }

  private scheduleFullReport(): void {
    if (this.fullTimer) clearTimeout(this.fullTimer);
    this.fullTimer = setTimeout(() => {
      this.fullTimer = undefined;
      this.postReport();
    }, FULL_REPORT_AFTER_QUIET_MS);
  }

  private postReport(): void {
    const report = this.controller.report;
    if (!report || !this.ready) return;
    if (this.fullTimer) clearTimeout(this.fullTimer);
    this.fullTimer = undefined;
    // A large report goes as a head and slices, so no single postMessage holds the extension host's thread for the
    // whole serialisation. setImmediate, not setTimeout: timers set from a timer can all run in one pass of the loop,
    // back to back, while an immediate lets I/O and every other extension's work in between two slices.
    const { head, rest } = sliceReport(report);
    const generation = ++this.reportGeneration;
    this.post(hostMessage('report', { report: head }));
    const postSlice = (i: number) => {
      if (i >= rest.length || generation !== this.reportGeneration) return;
      this.post(hostMessage('journeysAppended', { journeys: rest[i] }));
      setImmediate(() => postSlice(i + 1));
    };
    setImmediate(() => postSlice(0));
    this.sent = { root: report.root, journeys: fingerprints(report) };
  }

  private sendReveal(reveal: RevealTarget): void {
    this.lastReveal = reveal;
    this.post(hostMessage('reveal', reveal));
  }

  private disposePanelSubs(): void {
    for (const s of this.panelSubs.splice(0)) s.dispose();
  }

  dispose(): void {
    if (this.postTimer) clearTimeout(this.postTimer);
    if (this.fullTimer) clearTimeout(this.fullTimer);
    this.disposePanelSubs();
    for (const s of this.subs) s.dispose();
    this.panel?.dispose();
    this.readyEmitter.dispose();
    this.postEmitter.dispose();
  }
}
