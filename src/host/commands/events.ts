/**
 * The event-log commands: Analyze Events (Explorer menu on a folder or an event file, or the palette with a quick
 * pick of the workspace's event sources) and Open Events View (the Event logs tree's children). The analysis runs
 * in the engine child process behind a cancellable notification; a crash of the engine is an error message, and
 * the next run starts a fresh process.
 */
import path from 'node:path';
import * as vscode from 'vscode';
import { EVENTS_VIEW_IDS, type EventsViewId } from '../../dashboard/events/protocol';
import { companionKind } from '../../core/events/ingest/companions';
import { detectLayout } from '../../core/events/ingest/registry';
import type { EventJourneysReport } from '../../core/events/types';
import { outcomeLabels } from '../../core/journeys/outcomeNames';
import { isObject } from '../../core/shared/isObject';
import { readHead } from '../../node/events/eventFiles';
import { COMMAND, type EventsCommandId } from '../commandIds';
import { EngineCrashedError } from '../events/eventsEngine';
import type { EventsPanels } from '../events/eventsPanels';
import { funnelsFor } from '../events/eventsSettings';
import type { EventsSource, EventsSources } from '../events/eventsSources';
import type { OpenEventJourneyArgs, OpenEventsViewArgs } from '../events/eventsTreeItems';
import type { EventJourneysDashboard } from '../events/eventJourneysDashboard';
import { classifyAnswer, predictionText, stepsText } from '../journeyPresentation';
import { errorText, isCancellation } from '../log';

export interface EventsCommandDeps {
  sources: EventsSources;
  panels: EventsPanels;
  journeys: EventJourneysDashboard;
  log: vscode.LogOutputChannel;
}

/** What Classify Event-Log Journey answered; returned so tests and scripts can read it. */
export type ClassifyEventJourneyAnswer =
  { kind: 'answer'; target: string; id: string; text: string } | { kind: 'none'; text: string };

type UnitSummary = EventJourneysReport['units'][number];

function isEventJourneyNode(arg: unknown): arg is { kind: 'eventJourney'; target: string; unit: UnitSummary } {
  return isObject(arg) && arg.kind === 'eventJourney' && typeof arg.target === 'string' && isObject(arg.unit);
}

/** A unit outside the sample: its score from the units summary (no indicators: the model stayed in the engine). */
function unitAnswer(u: UnitSummary, report: EventJourneysReport): string {
  const labels = outcomeLabels(report);
  if (u.pUpgrade === null) return `${u.id}: no prediction. ${report.model.note ?? ''}`.trim();
  const outcome = u.pUpgrade >= 0.5 ? 'upgrade' : 'cancel';
  const known =
    u.outcome === 'open'
      ? ''
      : ` Known outcome: ${labels.name[u.outcome]}; scored by a model that never trained on it${u.outcome !== outcome ? ', and it disagrees' : ''}.`;
  return `${u.id}: ${predictionText(outcome, u.pUpgrade, labels)}.${known}`;
}

/** What Analyze Events did; returned so tests and scripts can read it. */
export type AnalyzeEventsResult =
  | { kind: 'analysed'; target: string; fromCache: boolean; events: number }
  | { kind: 'cancelled' }
  | { kind: 'failed'; target: string; message: string; crashed: boolean }
  | { kind: 'none' };

/** Extensions the Explorer menu offers Analyze Events on (the content decides what is read). */
export const EVENT_FILE_EXTENSIONS = ['.csv', '.tsv', '.jsonl', '.ndjson', '.json', '.parquet', '.txt'];
const PICK_GLOB = `**/*.{${EVENT_FILE_EXTENSIONS.map((e) => e.slice(1)).join(',')}}`;
const PICK_EXCLUDE = '**/{node_modules,.git,.vscode,dist,out}/**';
const PICK_MAX_FILES = 500;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- VS Code passes whatever the menu or caller gives
type Handler = (...args: any[]) => unknown;

export function registerEventsCommands(deps: EventsCommandDeps): vscode.Disposable[] {
  const { sources, panels, journeys, log } = deps;

  async function analyzeEvents(arg?: unknown): Promise<AnalyzeEventsResult> {
    const uri = arg instanceof vscode.Uri ? arg : await pickEventSource(log);
    if (!uri) return { kind: 'none' };
    const target = uri.fsPath;
    log.info(`Analyze Events: ${target}${arg instanceof vscode.Uri ? '' : ' (picked)'}`);
    try {
      const { source, fromCache } = await vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Notification,
          title: `Journey Lens: analysing events in ${path.basename(target) || target}`,
          cancellable: true,
        },
        (progress, token) =>
          sources.analyze(target, { token, onProgress: (text) => progress.report({ message: text }) }),
      );
      // Where people drop off is what the user came for; a log without a funnel starts on the Overview.
      panels.show(source, source.report.funnel ? 'funnel' : 'overview');
      reportProblems(source);
      return { kind: 'analysed', target: source.target, fromCache, events: source.report.units.events };
    } catch (err) {
      if (isCancellation(err)) {
        log.info(`Analyze Events: ${target}: cancelled`);
        return { kind: 'cancelled' };
      }
      const crashed = err instanceof EngineCrashedError;
      const message = crashed
        ? `The Journey Lens event engine stopped while analysing ${path.basename(target)} (${errorText(err)}). Nothing else was affected; run Analyze Events again to retry.`
        : `Journey Lens could not analyse the events in ${target}: ${errorText(err)}`;
      log.error(`Analyze Events: ${target}: ${errorText(err)}`);
      void vscode.window.showErrorMessage(message, 'Show Log').then((choice) => {
        if (choice) log.show();
      });
      return { kind: 'failed', target, message, crashed };
    }
  }

  /** Nothing readable, or rows rejected: say so once, the dashboard's Overview lists where. */
  function reportProblems(source: EventsSource): void {
    const r = source.report;
    const rejected = r.sources.reduce((a, s) => a + s.rejected, 0);
    if (r.units.events === 0) {
      void vscode.window.showWarningMessage(
        `No event could be read from ${source.name}: ${r.problems[0]?.message ?? 'no event log recognised'}`,
      );
    } else if (rejected > 0) {
      void vscode.window.showWarningMessage(
        `${source.name}: ${rejected} row${rejected === 1 ? ' was' : 's were'} rejected (the Overview lists file and line); everything else was analysed.`,
      );
    }
  }

  async function openEventsView(arg?: unknown): Promise<void> {
    const a = isObject(arg) ? (arg as Partial<OpenEventsViewArgs>) : {};
    const source = typeof a.target === 'string' ? sources.get(a.target) : undefined;
    if (!source) {
      await analyzeEvents();
      return;
    }
    if (typeof a.funnel === 'string') {
      const saved = funnelsFor(source.target).find((f) => f.name === a.funnel);
      if (saved) {
        try {
          await panels.applyFunnel(source, saved.definition);
        } catch (err) {
          void vscode.window.showErrorMessage(
            `The saved funnel "${saved.name}" could not be computed: ${errorText(err)}`,
          );
        }
        return;
      }
    }
    const view = EVENTS_VIEW_IDS.includes(a.view as EventsViewId) ? (a.view as EventsViewId) : undefined;
    panels.show(source, view);
  }

  /** A unit of the Event logs tree's journey groups, in the recordings dashboard (its own panel). */
  async function openEventJourney(arg?: unknown): Promise<string | undefined> {
    const a = isObject(arg) ? (arg as Partial<OpenEventJourneyArgs>) : {};
    const source = typeof a.target === 'string' ? sources.get(a.target) : undefined;
    if (!source?.report.journeys) {
      void vscode.window.showInformationMessage(
        'Set journeyLens.events.outcome (e.g. purchase) and run Analyze Events to see an event log as journeys.',
      );
      return undefined;
    }
    try {
      const journey = await journeys.open(source, typeof a.id === 'string' ? a.id : undefined);
      return journey?.id;
    } catch (err) {
      void vscode.window.showErrorMessage(errorText(err));
      return undefined;
    }
  }

  /**
   * Classify Event-Log Journey: the classifier's answer for one unit (a tree item, or picked). A unit in the report's
   * sample answers with its top indicators; any other is answered from the units summary (its out-of-fold or final
   * score), the model itself staying in the engine's run.
   */
  async function classifyEventJourney(arg?: unknown): Promise<ClassifyEventJourneyAnswer> {
    const picked = isEventJourneyNode(arg) ? { target: arg.target, id: arg.unit.id } : await pickUnit();
    if (!picked) return { kind: 'none', text: '' };
    const source = sources.get(picked.target);
    const report = source?.report.journeys;
    if (!source || !report) {
      const text = 'That event log is no longer analysed with an outcome: run Analyze Events again.';
      void vscode.window.showWarningMessage(text);
      return { kind: 'none', text };
    }
    const inSample = journeys.journeyShown(picked.id) ?? report.journeys.find((j) => j.id === picked.id);
    const unit = report.units.find((u) => u.id === picked.id);
    let text: string;
    if (inSample) text = classifyAnswer(inSample, report);
    else if (unit) text = unitAnswer(unit, report);
    else text = `${picked.id} has no journey in ${source.name}.`;
    void vscode.window.showInformationMessage(text, 'Open in Dashboard').then((choice) => {
      if (choice) void openEventJourney({ target: source.target, id: picked.id });
    });
    return { kind: 'answer', target: source.target, id: picked.id, text };
  }

  async function pickUnit(): Promise<{ target: string; id: string } | undefined> {
    const withJourneys = sources.all.filter((s) => s.report.journeys);
    if (!withJourneys.length) {
      void vscode.window.showInformationMessage(
        'No event log has journeys yet: set journeyLens.events.outcome (e.g. purchase) and run Analyze Events.',
      );
      return undefined;
    }
    const items = withJourneys.flatMap((s) => {
      const r = s.report.journeys!;
      const labels = outcomeLabels(r);
      return r.units.map((u) => ({
        label: u.id,
        description: [
          u.pUpgrade === null
            ? 'no prediction'
            : predictionText(u.pUpgrade >= 0.5 ? 'upgrade' : 'cancel', u.pUpgrade, labels),
          stepsText(u.steps),
        ].join(' · '),
        detail: withJourneys.length > 1 ? s.name : undefined,
        target: s.target,
      }));
    });
    const choice = await vscode.window.showQuickPick(items, {
      title: 'Journey Lens: Classify Event-Log Journey',
      placeHolder: 'Pick a user or session',
      matchOnDescription: true,
    });
    return choice && { target: choice.target, id: choice.label };
  }

  const handlers = {
    [COMMAND.classifyEventJourney]: classifyEventJourney,
    [COMMAND.analyzeEvents]: analyzeEvents,
    [COMMAND.openEventsView]: openEventsView,
    [COMMAND.openEventJourney]: openEventJourney,
  } satisfies Record<EventsCommandId, Handler>;
  return Object.entries(handlers).map(([id, fn]) => vscode.commands.registerCommand(id, fn));
}

/** The files whose first bytes a layout recognises (eventFiles.ts reads them, the core's registry judges them). */
async function recognised(files: vscode.Uri[]): Promise<vscode.Uri[]> {
  const heads = await Promise.all(
    files.map(async (u) => {
      if (companionKind(u.fsPath)) return undefined;
      try {
        return detectLayout(await readHead(u.fsPath, path.basename(u.fsPath))) ? u : undefined;
      } catch {
        return undefined; // unreadable now: not offered
      }
    }),
  );
  return heads.filter((u): u is vscode.Uri => !!u);
}

/** The workspace's event sources: folders holding event files, and the files themselves; or a folder to browse. */
async function pickEventSource(log: vscode.LogOutputChannel): Promise<vscode.Uri | undefined> {
  type Item = vscode.QuickPickItem & { uri?: vscode.Uri };
  const browse: Item = { label: '$(folder-opened) Browse…', description: 'a folder or an event file' };
  const items: Item[] = [];
  try {
    const files = await vscode.workspace.findFiles(PICK_GLOB, PICK_EXCLUDE, PICK_MAX_FILES);
    const candidates = await recognised(files.filter((u) => u.scheme === 'file'));
    const folders = new Map<string, number>();
    for (const f of candidates) {
      const dir = path.dirname(f.fsPath);
      folders.set(dir, (folders.get(dir) ?? 0) + 1);
    }
    for (const [dir, n] of [...folders].sort(([a], [b]) => a.localeCompare(b)))
      items.push({
        label: `$(folder) ${vscode.workspace.asRelativePath(dir) || path.basename(dir)}`,
        description: `folder · ${n} event file${n === 1 ? '' : 's'}, with any users and products tables beside`,
        uri: vscode.Uri.file(dir),
      });
    for (const f of candidates.sort((a, b) => a.fsPath.localeCompare(b.fsPath)))
      items.push({ label: `$(file) ${vscode.workspace.asRelativePath(f)}`, uri: f });
  } catch (err) {
    log.warn(`Listing the workspace's event files failed: ${errorText(err)}`);
  }
  const picked = items.length
    ? await vscode.window.showQuickPick([...items, browse], {
        title: 'Journey Lens: Analyze Events',
        placeHolder: 'An event log (CSV, TSV, JSON lines, JSON, Parquet) or a folder holding one',
        matchOnDescription: true,
      })
    : browse;
  if (!picked) return undefined;
  if (picked.uri) return picked.uri;
  const chosen = await vscode.window.showOpenDialog({
    canSelectFolders: true,
    canSelectFiles: true,
    canSelectMany: false,
    openLabel: 'Analyze Events',
  });
  return chosen?.[0];
}
