import type * as vscode from 'vscode';
import type { CrossJourneyAnalysis } from '../core/journeys/types';
import type { CompactReport } from '../core/journeys/reportSummary';
import type { Result } from '../dashboard/common';
import { hostMessage } from '../dashboard/journeys/protocol';
import { errorText } from './log';
import { journeysJson, sliceReport } from '../dashboard/reportSlices';
import type { AnalysisController } from './analysisController';
import type { DashboardPanel } from './dashboardPanel';
import {
  diffJourneys,
  fingerprints,
  INCREMENTAL_FROM_JOURNEYS,
  MAX_INCREMENTAL_CHANGES,
  type JourneyFingerprints,
} from './reportDiff';

const REPORT_POST_DELAY_MS = 150;
const FULL_REPORT_AFTER_QUIET_MS = 5000;
const BUSY_MESSAGE = 'Analysing recordings…';

/**
 * The only sender of report data to the dashboard: the report (whole, in slices, or journey by journey), a journey's
 * detail when the page opens it, analysis progress and results (from the AI runner), cross-journey patterns and the
 * busy state. One writer means one place that knows what the page has been sent, and a result for an older report
 * never reaches a newer page. The report is compact; steps and timelines only ever go one journey at a time.
 */
export class DashboardPublisher implements vscode.Disposable {
  private readonly subs: vscode.Disposable[];
  private postTimer: ReturnType<typeof setTimeout> | undefined;
  private fullTimer: ReturnType<typeof setTimeout> | undefined;
  /** Bumped by every whole-report post, so the slices of an older report stop when a newer one starts. */
  private reportGeneration = 0;
  /** What the page has been sent since it last loaded. */
  private sent: { root: string; journeys: JourneyFingerprints } | undefined;

  constructor(
    private readonly panel: DashboardPanel,
    private readonly controller: AnalysisController,
  ) {
    this.subs = [
      controller.onDidChangeReport(() => this.schedulePostReport()),
      controller.onDidChangeBusy((busy) => this.postBusy(busy)),
      panel.onDidUnload(() => (this.sent = undefined)),
      panel.onDidLoad(() => {
        this.postReport();
        if (controller.busy) this.postBusy(true);
      }),
    ];
  }

  /** A running AI analysis: `done === total` ends it. */
  analysisProgress(done: number, total: number, message?: string): void {
    this.panel.post(hostMessage('journeys/analysisProgress', { done, total, ...(message ? { message } : {}) }));
  }

  /** One journey of `report` was analysed (or failed); dropped if the folder has moved on to a newer report. */
  journeyAnalysed(report: CompactReport, journeyId: string): void {
    if (report !== this.controller.report) return;
    const j = report.journeys.find((x) => x.id === journeyId);
    if (j) this.panel.postJourneyAnalysis(j);
  }

  /**
   * A journey's steps, timeline and analysis, asked for by the page: the session worker's bytes, forwarded as they
   * are (the host neither parses nor serialises the steps). A journey that is gone answers why, so the page can say.
   */
  async journeyDetail(journeyId: string): Promise<void> {
    const post = (result: Result<Uint8Array>) =>
      this.panel.post(hostMessage('journeys/journeyDetail', { journeyId, result }));
    if (!this.controller.report?.journeys.some((j) => j.id === journeyId)) {
      post({ ok: false, error: `${journeyId} is not in the current analysis.` });
      return;
    }
    try {
      const { bytes } = await this.controller.journeyDetailBytes(journeyId);
      post(
        bytes
          ? { ok: true, value: bytes }
          : { ok: false, error: `${journeyId} is no longer in the analysis: its file was deleted or changed.` },
      );
    } catch (err) {
      post({ ok: false, error: `The steps of ${journeyId} could not be read: ${errorText(err)}` });
    }
  }

  /** The journeys whose steps (which only the session worker holds) match a search the page makes. */
  async search(text: string): Promise<void> {
    let result: Result<string[]>;
    try {
      result = { ok: true, value: await this.controller.searchJourneys(text) };
    } catch (err) {
      result = { ok: false, error: `The search could not run: ${errorText(err)}` };
    }
    this.panel.post(hostMessage('journeys/searchResult', { text, result }));
  }

  /** The cross-journey patterns of `report`; dropped if the folder has moved on. */
  crossJourneyAnalysed(report: CompactReport, analysis: CrossJourneyAnalysis): void {
    if (report === this.controller.report) this.panel.post(hostMessage('journeys/crossJourneyResult', { analysis }));
  }

  private postBusy(busy: boolean): void {
    this.panel.post(hostMessage('journeys/busy', { busy, message: busy ? BUSY_MESSAGE : undefined }));
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
    if (!report || !this.panel.isReady) return;
    const sent = this.sent;
    if (sent && sent.root === report.root && report.journeys.length >= INCREMENTAL_FROM_JOURNEYS) {
      const { changed, removed } = diffJourneys(sent.journeys, report);
      if (changed.length + removed.length <= MAX_INCREMENTAL_CHANGES) {
        for (const journey of changed) this.panel.post(hostMessage('journeys/journeyUpdated', { journey }));
        if (removed.length) this.panel.post(hostMessage('journeys/journeysRemoved', { journeyIds: removed }));
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
    if (!report || !this.panel.isReady) return;
    if (this.fullTimer) clearTimeout(this.fullTimer);
    this.fullTimer = undefined;
    // A large report goes as a head and slices, so no single postMessage holds the extension host's thread for the
    // whole serialisation. setImmediate, not setTimeout: timers set from a timer can all run in one pass of the loop,
    // back to back, while an immediate lets I/O and every other extension's work in between two slices.
    const { head, rest } = sliceReport(report);
    const generation = ++this.reportGeneration;
    this.panel.post(hostMessage('journeys/report', { report: head }));
    const postSlice = (i: number) => {
      if (i >= rest.length || generation !== this.reportGeneration) return;
      this.panel.post(hostMessage('journeys/journeysAppended', { journeys: journeysJson(rest[i]) }));
      setImmediate(() => postSlice(i + 1));
    };
    setImmediate(() => postSlice(0));
    this.sent = { root: report.root, journeys: fingerprints(report) };
  }

  dispose(): void {
    if (this.postTimer) clearTimeout(this.postTimer);
    if (this.fullTimer) clearTimeout(this.fullTimer);
    for (const s of this.subs) s.dispose();
  }
}
