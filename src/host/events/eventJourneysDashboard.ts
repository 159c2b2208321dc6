/**
 * An event source's journeys in the recordings dashboard: its report's `journeys` section is the recordings' Report,
 * so the same page shows it, in a panel of its own (the recordings' panel stays on the analysed folder). The host
 * holds only what the report already carries (the sample in full and every unit's summary); a unit outside the
 * sample is read on demand by the engine's `journey` request, scored from the units summary, and added to the page.
 * The AI analyses them as it does recordings (the same runner, key, cache and failure rules), the page's journeys
 * being its report: the sample and the units opened so far.
 */
import * as vscode from 'vscode';
import type { EventJourneysReport } from '../../core/events/types';
import { classifyAnswer } from '../journeyPresentation';
import { ruleBasedAnalysis } from '../../core/journeys/analysis/rules/journeyRules';
import { carryOverAnalyses } from '../analysisCarryOver';
import { hasAllTerms, searchTerms, searchText } from '../../core/journeys/journeySearch';
import { journeyDetail, type CompactReport } from '../../core/journeys/reportSummary';
import type { CrossJourneyAnalysis, JourneyReport } from '../../core/journeys/types';
import { hostMessage } from '../../dashboard/journeys/protocol';
import { journeysJson, sliceReport } from '../../dashboard/reportSlices';
import { AiRunner, type AiTarget } from '../aiRunner';
import { DashboardPanel } from '../dashboardPanel';
import { errorText } from '../log';
import type { ApiKeyStore } from '../secrets';
import type { EventsSource, EventsSources } from './eventsSources';

export const EVENT_JOURNEYS_VIEW_TYPE = 'journeyLens.eventJourneys';

interface Shown {
  target: string;
  /** The source's journeys section. */
  source: EventJourneysReport;
  /** What the page has and the AI analyses: the section with the sample plus the units opened on demand. */
  report: EventJourneysReport;
}

export class EventJourneysDashboard implements vscode.Disposable, AiTarget {
  readonly panel: DashboardPanel;
  readonly ai: AiRunner;
  private shown: Shown | undefined;
  private readonly subs: vscode.Disposable[];
  /** Units read on demand, for tests and the log. */
  loadedOnDemand = 0;

  readonly noReportText =
    'Open the journeys of an event log first (analyse it with an outcome); then the AI can analyse them.';

  constructor(
    extensionUri: vscode.Uri,
    private readonly sources: EventsSources,
    keys: ApiKeyStore,
    storage: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.ai = new AiRunner(this, keys, storage, log);
    this.panel = new DashboardPanel(extensionUri, log, {
      viewType: EVENT_JOURNEYS_VIEW_TYPE,
      title: 'Journey Lens: event journeys',
      restore: false,
    });
    const unavailable = (what: string) => () => {
      void vscode.window.showInformationMessage(`${what} is not available for journeys from an event log.`);
    };
    this.panel.connect({
      handlers: {
        'journeys/openStep': unavailable('Opening a recording file'),
        // The page asks only for journeys without steps; these all carry theirs. Answered all the same.
        'journeys/loadJourney': ({ journeyId }) => this.postDetail(journeyId),
        'journeys/search': ({ text }) => this.postSearch(text),
        'journeys/classify': ({ journeyId }) => this.classify(journeyId),
        'journeys/reanalyze': ({ journeyIds, force }) => this.ai.run({ journeyIds, force }),
        'journeys/runAi': () => this.ai.run({}),
        'journeys/cancelAnalysis': () => this.ai.cancel(),
        'journeys/setApiKey': () => vscode.commands.executeCommand('journeyLens.setApiKey'),
        'journeys/refresh': () => this.postReport(),
      },
      hostState: () => this.ai.hostState(),
    });
    this.subs = [
      this.panel.onDidLoad(() => this.postReport()),
      sources.onDidChange((source) => {
        // A re-analysis replaces the report: the page follows it (units opened on demand are read again on click).
        if (!this.shown || (source && source.target !== this.shown.target)) return;
        const s = sources.get(this.shown.target);
        if (s?.report.journeys && s.report.journeys !== this.shown.source) {
          const before = this.shown.report;
          this.shown = shownOf(s.target, s.report.journeys);
          carryOverAnalyses(before, this.shown.report);
          this.postReport();
        }
      }),
    ];
  }

  /** Opens the source's journeys, at one unit if given (read from the engine when it is not in the sample). */
  async open(source: EventsSource, unitId?: string): Promise<JourneyReport | undefined> {
    const report = source.report.journeys;
    if (!report) throw new Error(`${source.name} was analysed without an outcome, so it has no journeys`);
    const changed = !this.shown || this.shown.target !== source.target || this.shown.source !== report;
    if (changed) this.shown = shownOf(source.target, report);
    const shown = this.shown!;
    this.panel.title = `Journeys: ${source.name}`;
    let journey = unitId ? shown.report.journeys.find((j) => j.id === unitId) : undefined;
    if (unitId && !journey) {
      journey = await this.readUnit(source, report, unitId);
      if (journey) {
        shown.report.journeys.push(journey);
        if (!changed) this.panel.post(hostMessage('journeys/journeyUpdated', { journey }));
      }
    }
    if (changed) this.postReport();
    this.panel.show(journey ? { journeyId: journey.id } : undefined);
    return journey;
  }

  private postSearch(text: string): void {
    const terms = searchTerms(text);
    const value = (this.shown?.report.journeys ?? []).filter((j) => hasAllTerms(searchText(j), terms)).map((j) => j.id);
    this.panel.post(hostMessage('journeys/searchResult', { text, result: { ok: true, value } }));
  }

  private postDetail(journeyId: string): void {
    const j = this.journeyShown(journeyId);
    const result = j
      ? { ok: true as const, value: new TextEncoder().encode(JSON.stringify(journeyDetail(j))) }
      : { ok: false as const, error: `${journeyId} is not among the journeys shown.` };
    this.panel.post(hostMessage('journeys/journeyDetail', { journeyId, result }));
  }

  /** The journey the page shows for a unit id, if it has it (tests read this). */
  journeyShown(id: string): JourneyReport | undefined {
    return this.shown?.report.journeys.find((j) => j.id === id);
  }

  // The AI runner's target: the page's report.
  get report(): CompactReport | undefined {
    return this.shown?.report;
  }

  journeyAnalysed(report: CompactReport, journeyId: string): void {
    if (report !== this.shown?.report) return;
    const j = report.journeys.find((x) => x.id === journeyId);
    if (j) this.panel.postJourneyAnalysis(j);
  }

  crossJourneyAnalysed(report: CompactReport, analysis: CrossJourneyAnalysis): void {
    if (report === this.shown?.report) this.panel.post(hostMessage('journeys/crossJourneyResult', { analysis }));
  }

  progress(done: number, total: number, message?: string): void {
    this.panel.post(hostMessage('journeys/analysisProgress', { done, total, ...(message ? { message } : {}) }));
  }

  settle(report: CompactReport): void {
    // The log was analysed again while the model answered: what still applies moves to the page's new report.
    if (this.shown && report !== this.shown.report) {
      carryOverAnalyses(report, this.shown.report);
      this.postReport();
    }
  }

  hostStateChanged(): void {
    void this.panel.postHostState();
  }

  /** The classifier's answer for a unit, as Classify Journey gives it for a recording. */
  private classify(journeyId: string): void {
    const j = this.journeyShown(journeyId);
    const report = this.shown?.report;
    if (!j || !report) return;
    void vscode.window.showInformationMessage(classifyAnswer(j, report));
  }

  private async readUnit(
    source: EventsSource,
    report: EventJourneysReport,
    id: string,
  ): Promise<JourneyReport | undefined> {
    try {
      const j = await this.sources.engine.query(this.sources.spec(source), 'journey', { id });
      if (!j) {
        void vscode.window.showWarningMessage(`${id} has no journey in ${source.name} (no event before the outcome).`);
        return undefined;
      }
      this.loadedOnDemand++;
      // The engine does not keep the model; the unit's score is in the report's summary (out-of-fold when labelled).
      const unit = report.units.find((u) => u.id === id);
      const p = unit?.pUpgrade;
      const journey: JourneyReport = {
        ...j,
        prediction:
          p === null || p === undefined
            ? null
            : { outcome: p >= 0.5 ? 'upgrade' : 'cancel', pUpgrade: p, outOfFold: unit!.outcome !== 'open', top: [] },
      };
      journey.analysis = ruleBasedAnalysis(journey, report);
      return journey;
    } catch (err) {
      this.log.error(`Reading the journey of ${id} in ${source.target} failed: ${errorText(err)}`);
      void vscode.window.showErrorMessage(`Journey Lens could not read the journey of ${id}: ${errorText(err)}`);
      return undefined;
    }
  }

  private postReport(): void {
    if (!this.shown || !this.panel.isReady) return;
    const { head, rest } = sliceReport(this.shown.report);
    this.panel.post(hostMessage('journeys/report', { report: head }));
    for (const journeys of rest)
      this.panel.post(hostMessage('journeys/journeysAppended', { journeys: journeysJson(journeys) }));
  }

  dispose(): void {
    this.ai.dispose();
    for (const s of this.subs) s.dispose();
    this.panel.dispose();
  }
}

/** The page's own copy of the list: units opened on demand join it without touching the source's report. */
function shownOf(target: string, source: EventJourneysReport): Shown {
  return { target, source, report: { ...source, journeys: [...source.journeys] } };
}
