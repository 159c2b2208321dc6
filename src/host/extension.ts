import * as vscode from 'vscode';
import type { CompactReport } from '../core/journeys/reportSummary';
import type { JourneyReport } from '../core/journeys/types';
import type { HostMessage } from '../dashboard/journeys/protocol';
import { AiRunner } from './aiRunner';
import { recordingsAiTarget } from './recordingsAiTarget';
import { AnalysisController, type AnalysisStats } from './analysisController';
import { registerCommands } from './commands';
import { DashboardPanel } from './dashboardPanel';
import { DashboardPublisher } from './dashboardPublisher';
import { RecordingDiagnostics } from './diagnostics';
import { createEventsHost, type EventsApi } from './events/eventsHost';
import { JourneysTreeProvider } from './journeysTree';
import { createLog, errorText } from './log';
import { ApiKeyStore } from './secrets';
import { affectsAnalysis } from './settings';
import { JourneysStatusBar } from './statusBar';

/** What `activate` returns: read-only views for tests and for other extensions. Never carries the API key. */
export interface JourneyLensApi {
  readonly report: CompactReport | null;
  readonly root: string | undefined;
  readonly stats: AnalysisStats;
  readonly onDidChangeReport: vscode.Event<CompactReport | null>;
  /** One journey of `report` with its steps, timeline and analysis, from the session worker. */
  loadJourney(journeyId: string): Promise<JourneyReport | undefined>;
  readonly tree: JourneysTreeProvider;
  readonly diagnostics: vscode.DiagnosticCollection;
  statusBarText(): string;
  /** Whether an OpenAI key is stored (never the key). */
  hasApiKey(): Promise<boolean>;
  readonly dashboard: {
    readonly isOpen: boolean;
    readonly isReady: boolean;
    readonly lastReveal: { journeyId: string } | undefined;
    readonly onDidBecomeReady: vscode.Event<void>;
    readonly onDidPost: vscode.Event<HostMessage>;
  };
  /** The last analysis failure's message, if the last analysis failed. */
  readonly lastError: string | undefined;
  /** Resolves when every file event seen so far has been analysed. */
  whenIdle(): Promise<void>;
  /** Event logs: the analysed sources, their dashboards, the engine. */
  readonly events: EventsApi;
}

let shutdownEvents: (() => Promise<void>) | undefined;

export function activate(context: vscode.ExtensionContext): JourneyLensApi {
  const log = createLog();
  const controller = new AnalysisController(log, context.workspaceState);
  const keys = new ApiKeyStore(context.secrets);
  const events = createEventsHost(context, log, keys);
  shutdownEvents = events.shutdown;
  const tree = new JourneysTreeProvider(controller, events.tree);
  const dashboard = new DashboardPanel(context.extensionUri, log);
  const publisher = new DashboardPublisher(dashboard, controller);
  const ai = new AiRunner(recordingsAiTarget(controller, dashboard, publisher), keys, context.globalStorageUri, log);
  const statusBar = new JourneysStatusBar(controller);
  const diagnostics = new RecordingDiagnostics(controller);
  const view = vscode.window.createTreeView('journeyLens.journeys', { treeDataProvider: tree, showCollapseAll: true });

  const setContext = (key: string, value: unknown) => void vscode.commands.executeCommand('setContext', key, value);
  context.subscriptions.push(
    log,
    controller,
    keys,
    tree,
    dashboard,
    publisher,
    ai,
    statusBar,
    diagnostics,
    view,
    ...registerCommands({ context, controller, dashboard, publisher, keys, ai, log }),
    ...events.disposables,
    controller.onDidChangeReport((r) => {
      setContext('journeyLens.hasReport', !!r);
      view.description = r ? `${r.journeys.length} journeys` : undefined;
    }),
    controller.onDidChangeBusy((busy) => setContext('journeyLens.analyzing', busy)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (controller.root && affectsAnalysis(e)) {
        log.info('Settings changed: analysing again');
        controller.refreshSoon();
      }
    }),
  );

  restoreLastFolder(controller, log);

  return {
    get report() {
      return controller.report;
    },
    get root() {
      return controller.root?.fsPath;
    },
    get lastError() {
      return controller.lastError;
    },
    stats: controller.stats,
    onDidChangeReport: controller.onDidChangeReport,
    loadJourney: (id) => controller.loadJourney(id),
    tree,
    diagnostics: diagnostics.collection,
    statusBarText: () => statusBar.text,
    hasApiKey: () => keys.has(),
    dashboard,
    whenIdle: () => controller.whenIdle(),
    events: events.api,
  };
}

/** After a window reload, analyse the folder analysed last time, quietly (a progress spinner in the status bar). */
function restoreLastFolder(controller: AnalysisController, log: vscode.LogOutputChannel): void {
  const root = controller.rememberedRoot;
  if (!root) return;
  void (async () => {
    try {
      await vscode.workspace.fs.stat(root);
    } catch {
      log.info(`The folder analysed last time is gone: ${root.fsPath}`);
      await controller.forget();
      return;
    }
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Journey Lens' }, () =>
      controller.analyze(root),
    );
  })().catch((err) => log.error(`Restoring the last analysis failed: ${errorText(err)}`));
}

/** Ends the event engine's child process (it also exits by itself when the extension host goes). */
export async function deactivate(): Promise<void> {
  await shutdownEvents?.();
  shutdownEvents = undefined;
}
