import { join } from 'node:path';
import * as vscode from 'vscode';
import { COMMAND } from './commandIds';
import { createAiAnalyzer, describeRun, type AiAnalyzer, type AiRunSummary } from '../ai/analyzer';
import type { CompactReport } from '../core/journeys/reportSummary';
import type { CrossJourneyAnalysis, JourneyReport } from '../core/journeys/types';
import type { HostState } from '../dashboard/journeys/protocol';
import type { ApiKeyStore } from './secrets';
import { affectsAi, readSettings } from './settings';

export interface RunOptions {
  journeyIds?: string[];
  force?: boolean;
}

/** What a run did, for the caller (tests, scripts). `reason` says why nothing ran. */
export type AiRunResult =
  | { ran: true; summary: AiRunSummary; crossJourneyError?: string }
  | { ran: false; reason: 'no-report' | 'untrusted' | 'no-key' | 'busy' };

/**
 * What the runner analyses and tells: the recordings' folder (recordingsAiTarget.ts) or an event log's journeys
 * (events/eventJourneysDashboard.ts). The runner owns the key, the client, progress and cancellation; the target owns
 * its report and its page.
 */
export interface AiTarget {
  /** The report to analyse now, if there is one. */
  readonly report: CompactReport | undefined;
  /** Shown when there is no report yet. */
  readonly noReportText: string;
  journeyAnalysed(report: CompactReport, journeyId: string): void;
  crossJourneyAnalysed(report: CompactReport, analysis: CrossJourneyAnalysis): void;
  /** A journey with its steps, for a report that holds only summaries (the recordings host's); undefined: gone. */
  loadJourney?(id: string): Promise<JourneyReport | undefined>;
  progress(done: number, total: number, message?: string): void;
  /** After a run on `report`: the target may have moved to a newer report meanwhile, and carries over what applies. */
  settle(report: CompactReport): void;
  /** The key, trust or settings changed: the page's AI buttons may change with them. */
  hostStateChanged(): void;
}

/**
 * Runs the AI analysis (the vscode-free analyzer in src/ai) with the key from SecretStorage. The key goes to the
 * OpenAI client only: the analyzer scrubs it from every message, and nothing here logs, posts or stores it.
 */
export class AiRunner implements vscode.Disposable {
  private readonly subs: vscode.Disposable[] = [];
  private analyzer: AiAnalyzer | undefined;
  private running: AbortController | undefined;

  constructor(
    private readonly target: AiTarget,
    private readonly keys: ApiKeyStore,
    private readonly cacheDir: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
  ) {
    const reset = () => {
      // The client holds the key and the endpoint: build a new one on the next run.
      this.analyzer = undefined;
      this.target.hostStateChanged();
    };
    this.subs.push(
      keys.onDidChange(reset),
      vscode.workspace.onDidGrantWorkspaceTrust(reset),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (affectsAi(e)) reset();
      }),
    );
  }

  async hostState(): Promise<HostState> {
    const hasApiKey = await this.keys.has();
    const trusted = vscode.workspace.isTrusted;
    const ai = readSettings().ai;
    // A local OpenAI-compatible server needs no key.
    return { aiAvailable: (hasApiKey || !!ai.baseURL) && trusted, hasApiKey, trusted, model: ai.model };
  }

  get isRunning(): boolean {
    return !!this.running;
  }

  async run(opts: RunOptions): Promise<AiRunResult> {
    const report = this.target.report;
    if (!report) {
      void vscode.window.showInformationMessage(this.target.noReportText);
      return { ran: false, reason: 'no-report' };
    }
    if (!vscode.workspace.isTrusted) {
      void vscode.window
        .showWarningMessage(
          'AI analysis is off in an untrusted workspace. Journeys are still analysed, with rule-based analyses.',
          'Manage Workspace Trust',
        )
        .then((c) => c && vscode.commands.executeCommand('workbench.trust.manage'));
      return { ran: false, reason: 'untrusted' };
    }
    const settings = readSettings().ai;
    if (!(await this.keys.has()) && !settings.baseURL) {
      void vscode.window
        .showWarningMessage(
          'Set an OpenAI API key to run the AI analysis (or set journeyLens.ai.baseUrl to a local OpenAI-compatible server).',
          'Set OpenAI API Key',
        )
        .then((c) => c && vscode.commands.executeCommand(COMMAND.setApiKey));
      return { ran: false, reason: 'no-key' };
    }
    if (this.running) {
      void vscode.window.showInformationMessage('An AI analysis is already running.');
      return { ran: false, reason: 'busy' };
    }
    const analyzer = await this.getAnalyzer();
    const abort = new AbortController();
    this.running = abort;
    try {
      return await vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Notification,
          title: `Journey Lens: AI analysis with ${analyzer.model}`,
          cancellable: true,
        },
        (progress, token) => {
          token.onCancellationRequested(() => abort.abort());
          return this.runWith(analyzer, report, opts, abort.signal, (done, total) => {
            progress.report({ message: `${done} of ${total} journeys`, increment: total ? 100 / total : 0 });
          });
        },
      );
    } finally {
      this.running = undefined;
    }
  }

  private async runWith(
    analyzer: AiAnalyzer,
    report: CompactReport,
    opts: RunOptions,
    signal: AbortSignal,
    onProgress: (done: number, total: number) => void,
  ): Promise<AiRunResult> {
    const total = opts.journeyIds?.length ?? report.journeys.length;
    this.target.progress(0, total, `Asking ${analyzer.model}…`);
    const summary = await analyzer.analyzeJourneys(report, {
      journeyIds: opts.journeyIds,
      force: opts.force,
      signal,
      loadJourney: this.target.loadJourney && ((id) => this.target.loadJourney!(id)),
      onProgress: (done, all, journeyId) => {
        onProgress(done, all);
        this.target.journeyAnalysed(report, journeyId);
        this.target.progress(done, all);
      },
    });
    let crossJourneyError: string | undefined;
    // The cross-journey report belongs to a whole-folder run; a single journey's re-analysis leaves it be.
    if (!opts.journeyIds && !summary.cancelled && !summary.failures.auth) {
      const cross = await analyzer.analyzeAcross(report, {
        force: opts.force,
        signal,
        loadJourney: this.target.loadJourney && ((id) => this.target.loadJourney!(id)),
      });
      if ('error' in cross) crossJourneyError = cross.error;
      else this.target.crossJourneyAnalysed(report, cross);
    }
    this.target.progress(total, total);
    this.target.settle(report);
    this.announce(summary, crossJourneyError);
    return { ran: true, summary, ...(crossJourneyError ? { crossJourneyError } : {}) };
  }

  private announce(summary: AiRunSummary, crossJourneyError: string | undefined): void {
    const text = describeRun(summary) + (crossJourneyError ? ` Cross-journey patterns: ${crossJourneyError}` : '');
    this.log.info(text);
    if (summary.failures.auth) {
      void vscode.window
        .showErrorMessage(text, 'Set OpenAI API Key')
        .then((c) => c && vscode.commands.executeCommand(COMMAND.setApiKey));
    } else if (summary.failed || crossJourneyError) {
      void vscode.window.showWarningMessage(text);
    } else {
      void vscode.window.showInformationMessage(text);
    }
  }

  private async getAnalyzer(): Promise<AiAnalyzer> {
    if (this.analyzer) return this.analyzer;
    const s = readSettings().ai;
    this.analyzer = createAiAnalyzer({
      apiKey: await this.keys.get(),
      baseURL: s.baseURL,
      model: s.model,
      timeoutMs: s.timeoutMs,
      maxConcurrent: s.maxConcurrent,
      redact: s.redact,
      cacheDir: join(this.cacheDir.fsPath, 'ai-cache'),
      log: (m) => this.log.info(m),
    });
    return this.analyzer;
  }

  cancel(): void {
    this.running?.abort();
  }

  dispose(): void {
    this.cancel();
    for (const s of this.subs) s.dispose();
  }
}
