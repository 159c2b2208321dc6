import * as vscode from 'vscode';
import { withDetail, type CompactReport } from '../core/journeys/reportSummary';
import type { JourneyReport } from '../core/journeys/types';
import { carryOverAnalyses } from './analysisCarryOver';
import { AnalysisSession, type DetailBytes, type SessionProgress } from '../node/analysisSession';
import { errorText, isCancellation } from './log';
import { readSettings } from './settings';
import { listCandidates, RecordingWatcher, type FileChanges } from './workspaceWatcher';

const ROOT_STATE_KEY = 'journeyLens.analysedRoot';
const SETTINGS_QUIET_MS = 300;

export interface AnalyzeOptions {
  token?: vscode.CancellationToken;
  onProgress?(p: SessionProgress): void;
}

/** Counters that let tests and the log tell what the watcher and the session actually did. */
export interface AnalysisStats {
  analyses: number;
  updates: number;
  /** `startedAt`: performance.now() when the update left the queue (the bench splits the watcher path with it). */
  lastUpdate?: { changed: number; deleted: number; startedAt: number };
}

/**
 * Owns the analysed folder: its AnalysisSession (worker threads do the parsing and training) and its watcher.
 * Every consumer (tree, status bar, diagnostics, dashboard) listens to onDidChangeReport; nothing else holds a report.
 * The report is compact (reportSummary's shape: no steps, timelines or rule-based analyses, a tenth of the full
 * report's memory); `loadJourney` and `journeyDetailBytes` fetch one journey's detail from the session worker.
 */
export class AnalysisController implements vscode.Disposable {
  private session: AnalysisSession<CompactReport> | undefined;
  private watcher: RecordingWatcher | undefined;
  private currentRoot: vscode.Uri | undefined;
  private latest: CompactReport | null = null;
  private busyCount = 0;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  /** Full analyses and updates run one at a time, in order, so a report never goes backwards. */
  private queue: Promise<unknown> = Promise.resolve();
  private readonly reportEmitter = new vscode.EventEmitter<CompactReport | null>();
  private readonly busyEmitter = new vscode.EventEmitter<boolean>();
  readonly onDidChangeReport = this.reportEmitter.event;
  readonly onDidChangeBusy = this.busyEmitter.event;
  readonly stats: AnalysisStats = { analyses: 0, updates: 0 };
  /** Why the last full analysis failed; cleared by the next one that succeeds. */
  lastError: string | undefined;

  constructor(
    private readonly log: vscode.LogOutputChannel,
    private readonly state: vscode.Memento,
  ) {}

  get report(): CompactReport | null {
    return this.latest;
  }

  get root(): vscode.Uri | undefined {
    return this.currentRoot;
  }

  get busy(): boolean {
    return this.busyCount > 0;
  }

  /** The folder analysed last time in this workspace, to restore after a reload. */
  get rememberedRoot(): vscode.Uri | undefined {
    const saved = this.state.get<string>(ROOT_STATE_KEY);
    return saved ? vscode.Uri.file(saved) : undefined;
  }

  /** Full analysis of a folder; replaces the current one only when it succeeds (a cancelled run changes nothing). */
  analyze(root: vscode.Uri, opts: AnalyzeOptions = {}): Promise<CompactReport> {
    return this.enqueue(() => this.runAnalyze(root, opts));
  }

  /** Re-analyses the current folder with the current settings. */
  refresh(opts: AnalyzeOptions = {}): Promise<CompactReport | null> {
    return this.currentRoot ? this.analyze(this.currentRoot, opts) : Promise.resolve(null);
  }

  /** A refresh shortly after the last call: editing several settings in a row costs one re-analysis. */
  refreshSoon(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      this.refresh().catch((err) => this.log.error(`Re-analysis after a settings change failed: ${errorText(err)}`));
    }, SETTINGS_QUIET_MS);
  }

  /**
   * Incremental update for files that changed. `from` is the session whose watcher saw them: a batch from a folder
   * analysed before (its watcher was replaced while the batch waited in the queue) is dropped.
   */
  applyChanges(changes: FileChanges, from?: AnalysisSession<CompactReport>): Promise<void> {
    return this.enqueue(async () => {
      const session = this.session;
      if (!session || (from && from !== session)) return;
      const started = Date.now();
      this.stats.updates++;
      this.stats.lastUpdate = {
        changed: changes.changed.length,
        deleted: changes.deleted.length,
        startedAt: performance.now(),
      };
      const report = await session.update(changes);
      if (session !== this.session) return;
      this.log.info(
        `Updated ${changes.changed.length} changed and ${changes.deleted.length} deleted file(s) in ${Date.now() - started} ms: ${summary(report)}`,
      );
      this.setReport(report);
    });
  }

  /** Resolves when the watcher has handed on every event it has seen and the analysis queue is empty. */
  async whenIdle(): Promise<void> {
    for (;;) {
      const queue = this.queue;
      await queue.catch(() => undefined);
      await this.watcher?.whenIdle();
      if (queue === this.queue) return;
    }
  }

  private async runAnalyze(root: vscode.Uri, opts: AnalyzeOptions): Promise<CompactReport> {
    const settings = readSettings(root);
    const started = Date.now();
    // The watcher starts before the listing so that nothing written meanwhile is missed; its first batch queues
    // behind this analysis.
    const watcher = new RecordingWatcher(root, settings.watch, (c) => this.applyChanges(c, session), this.log);
    const session: AnalysisSession<CompactReport> = new AnalysisSession<CompactReport>(
      root.fsPath,
      settings.analysis,
      {
        onProgress: (p) => opts.onProgress?.(p),
        // Background retrains of the current session land here.
        onReport: (r) => {
          if (session === this.session) this.setReport(r);
        },
        log: (m) => this.log.debug(m),
      },
      true,
    );
    const abort = new AbortController();
    const cancelSub = opts.token?.onCancellationRequested(() => abort.abort());
    try {
      const files = await listCandidates(root, settings.watch, opts.token);
      if (opts.token?.isCancellationRequested) throw new vscode.CancellationError();
      this.log.info(`Analysing ${files.length} candidate file(s) in ${root.fsPath}`);
      const report = await session.analyze(files, abort.signal);
      if (abort.signal.aborted) throw new vscode.CancellationError();
      this.session?.dispose();
      this.watcher?.dispose();
      this.session = session;
      this.watcher = watcher;
      this.currentRoot = root;
      this.stats.analyses++;
      await this.state.update(ROOT_STATE_KEY, root.fsPath);
      this.lastError = undefined;
      this.log.info(`Analysed ${root.fsPath} in ${Date.now() - started} ms: ${summary(report)}`);
      this.setReport(report);
      return report;
    } catch (err) {
      session.dispose();
      watcher.dispose();
      if (isCancellation(err) || abort.signal.aborted) {
        this.lastError = 'cancelled';
        this.log.info(`Analysis of ${root.fsPath} cancelled`);
        throw new vscode.CancellationError();
      }
      this.lastError = errorText(err);
      this.log.error(`Analysis of ${root.fsPath} failed: ${this.lastError}`);
      throw err;
    } finally {
      cancelSub?.dispose();
    }
  }

  /** Announces the current report again after it was changed in place (AI analyses landed on it). */
  republish(): void {
    if (this.latest) this.reportEmitter.fire(this.latest);
  }

  /**
   * One journey of the current report with its steps, timeline and analysis (an AI analysis made here wins over the
   * worker's rule-based one); undefined when the journey is not in the current report or no longer in the analysis.
   */
  async loadJourney(journeyId: string): Promise<JourneyReport | undefined> {
    const journey = this.latest?.journeys.find((j) => j.id === journeyId);
    const session = this.session;
    if (!journey || !session) return undefined;
    if (journey.steps && journey.timeline !== undefined) return journey as JourneyReport;
    const detail = await session.journeyDetail(journeyId);
    // The current journey again: the report may have moved on while the worker answered.
    const now = this.latest?.journeys.find((j) => j.id === journeyId);
    return detail && now ? withDetail(now, detail) : undefined;
  }

  /** The session worker's alphabetical order of `report`'s journeys, if it sent one (the tree sorts by it). */
  nameOrderOf(report: CompactReport): Int32Array | undefined {
    return this.session?.nameOrder(report);
  }

  /** Journeys whose text, steps included, has every word of `text` (the session worker searches the steps). */
  searchJourneys(text: string): Promise<string[]> {
    return this.session ? this.session.search(text) : Promise.resolve([]);
  }

  /** The session worker's detail bytes for a journey, to forward to the dashboard without parsing them here. */
  journeyDetailBytes(journeyId: string): Promise<DetailBytes> {
    if (!this.session) return Promise.resolve({ bytes: null, generatedAt: '' });
    return this.session.journeyDetailBytes(journeyId);
  }

  private setReport(report: CompactReport): void {
    // The session both returns a report and announces it; consumers should hear about it once.
    if (report === this.latest) return;
    if (this.latest && this.latest.root === report.root) carryOverAnalyses(this.latest, report);
    this.latest = report;
    this.reportEmitter.fire(report);
  }

  private enqueue<T>(work: () => Promise<T>): Promise<T> {
    const run = async () => {
      this.setBusy(+1);
      try {
        return await work();
      } finally {
        this.setBusy(-1);
      }
    };
    const next = this.queue.then(run, run);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private setBusy(delta: number): void {
    const was = this.busy;
    this.busyCount += delta;
    if (was !== this.busy) this.busyEmitter.fire(this.busy);
  }

  /** Forget the analysed folder (its files are gone or the user analyses another). */
  async forget(): Promise<void> {
    this.session?.dispose();
    this.watcher?.dispose();
    this.session = undefined;
    this.watcher = undefined;
    this.currentRoot = undefined;
    this.latest = null;
    await this.state.update(ROOT_STATE_KEY, undefined);
    this.reportEmitter.fire(null);
  }

  dispose(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.session?.dispose();
    this.watcher?.dispose();
    this.reportEmitter.dispose();
    this.busyEmitter.dispose();
  }
}

export function atRiskCount(report: CompactReport): number {
  return report.journeys.filter((j) => j.outcome === 'open' && j.prediction?.outcome === 'cancel').length;
}

function summary(report: CompactReport): string {
  return `${report.journeys.length} journeys, ${atRiskCount(report)} at risk, ${report.problems.length} problem(s)`;
}
