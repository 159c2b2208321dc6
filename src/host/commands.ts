import * as path from 'node:path';
import * as vscode from 'vscode';
import type { JourneyReport, Report } from '../core/journeys/types';
import { isObject } from '../core/shared/isObject';
import type { AnalysisController } from './analysisController';
import type { DashboardPanel } from './dashboardPanel';
import type { AiRunner } from './aiRunner';
import { COMMAND, type CommandId, type EventsCommandId } from './commandIds';
import { classifyAnswer, predictedText, stepsText } from './journeyPresentation';
import { absoluteProblemPath, type TreeNode } from './journeysTree';
import { errorText, isCancellation } from './log';
import { isRecording, openRecording } from './recordingFiles';
import { promptForApiKey, type ApiKeyStore } from './secrets';

export interface CommandDeps {
  context: vscode.ExtensionContext;
  controller: AnalysisController;
  dashboard: DashboardPanel;
  keys: ApiKeyStore;
  ai: AiRunner;
  log: vscode.LogOutputChannel;
}

/** What Classify Journey answered; returned so scripts and tests can read it. */
export type ClassifyResult =
  | { kind: 'answer'; journeyId: string; text: string }
  | { kind: 'notRecording'; file: string; text: string }
  | { kind: 'unreadable'; file: string; text: string }
  | { kind: 'none'; text: string };

const VIEW_ID = 'journeyLens.journeys';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- VS Code passes whatever the menu or caller gives
type Handler = (...args: any[]) => unknown;

export function registerCommands(deps: CommandDeps): vscode.Disposable[] {
  const { controller, dashboard, keys, ai, log, context } = deps;
  const reg = (id: CommandId, fn: Handler) => vscode.commands.registerCommand(id, fn);

  async function analyzeFolder(arg?: unknown): Promise<Report | undefined> {
    const folder = (arg instanceof vscode.Uri ? arg : undefined) ?? (await pickFolder());
    if (!folder) return undefined;
    log.info(`Analyze Journeys: ${folder.fsPath}${arg instanceof vscode.Uri ? '' : ' (picked)'}`);
    try {
      const report = await withAnalysisProgress(controller, folder);
      await vscode.commands.executeCommand(`${VIEW_ID}.focus`);
      dashboard.show();
      return report;
    } catch (err) {
      if (isCancellation(err)) return undefined;
      void vscode.window.showErrorMessage(`Journey Lens could not analyse ${folder.fsPath}: ${errorText(err)}`);
      return undefined;
    }
  }

  async function classify(arg?: unknown): Promise<ClassifyResult> {
    const result = await classifyTarget(arg);
    if (result.kind === 'answer') {
      void vscode.window.showInformationMessage(result.text, 'Open in Dashboard').then((choice) => {
        if (choice) dashboard.show({ journeyId: result.journeyId });
      });
    } else if (result.kind === 'notRecording') {
      void vscode.window.showWarningMessage(result.text);
    } else if (result.kind === 'unreadable') {
      void vscode.window.showErrorMessage(result.text, 'Show Problems').then((choice) => {
        if (choice) void vscode.commands.executeCommand('workbench.actions.view.problems');
      });
    } else if (result.text) {
      void vscode.window.showInformationMessage(result.text);
    }
    return result;
  }

  async function classifyTarget(arg: unknown): Promise<ClassifyResult> {
    const byId = journeyFromArg(controller.report, arg);
    if (byId) return answer(byId);
    let uri = arg instanceof vscode.Uri ? arg : undefined;
    if (!uri && !journeyIdOf(arg)) {
      const doc = vscode.window.activeTextEditor?.document;
      if (doc && doc.uri.scheme === 'file') uri = doc.uri;
    }
    if (uri) return classifyFile(uri);
    return classifyPicked();
  }

  async function classifyFile(uri: vscode.Uri): Promise<ClassifyResult> {
    const name = path.basename(uri.fsPath);
    if (!(await isRecording(uri))) {
      return {
        kind: 'notRecording',
        file: uri.fsPath,
        text: `${name} is not a journey recording. Journey Lens reads session-replay summary exports: JSON whose chunks hold "steps" with a label, date, status and recordingReel.`,
      };
    }
    let journey = findByFile(controller.report, uri.fsPath);
    if (!journey) {
      await analyseFileContext(uri);
      journey = findByFile(controller.report, uri.fsPath);
    }
    if (journey) return answer(journey);
    const report = controller.report;
    const problem = report?.problems.find((p) => sameFile(absoluteProblemPath(report.root, p.file), uri.fsPath));
    const where = problem?.line ? ` (line ${problem.line}, column ${problem.column ?? 1})` : '';
    return {
      kind: 'unreadable',
      file: uri.fsPath,
      text: `${name} looks like a recording but could not be read${where}: ${problem?.message ?? 'no steps could be read'}.`,
    };
  }

  /** A recording that is not in the current analysis: update it if it lies in the analysed folder, else analyse its folder. */
  async function analyseFileContext(uri: vscode.Uri): Promise<void> {
    const root = controller.root;
    if (root && isInside(root.fsPath, uri.fsPath)) {
      await controller.applyChanges({ changed: [uri.fsPath], deleted: [] });
      return;
    }
    const folder = vscode.workspace.getWorkspaceFolder(uri)?.uri ?? vscode.Uri.file(path.dirname(uri.fsPath));
    await withAnalysisProgress(controller, folder);
  }

  async function classifyPicked(): Promise<ClassifyResult> {
    const report = controller.report;
    if (!report || !report.journeys.length) {
      const text =
        'No journeys analysed yet: open a recording file, or analyse a folder first (right-click it in the Explorer).';
      return { kind: 'none', text };
    }
    const picked = await vscode.window.showQuickPick(
      report.journeys.map((j) => ({
        label: j.name,
        description: [predictedText(j) ?? 'no prediction', stepsText(j.metrics.steps)].join(' · '),
        detail: j.id,
        journey: j,
      })),
      {
        title: 'Journey Lens: Classify Journey',
        placeHolder: 'Pick a journey',
        matchOnDescription: true,
        matchOnDetail: true,
      },
    );
    return picked ? answer(picked.journey) : { kind: 'none', text: '' };
  }

  function answer(j: JourneyReport): ClassifyResult {
    return { kind: 'answer', journeyId: j.id, text: classifyAnswer(j, controller.report!) };
  }

  async function openDashboard(arg?: unknown): Promise<void> {
    const journeyId = journeyIdOf(arg);
    if (!controller.report && !controller.busy) {
      const choice = await vscode.window.showInformationMessage(
        'Journey Lens has not analysed any recordings yet.',
        'Analyze a Folder…',
      );
      if (choice) await analyzeFolder();
      return;
    }
    const stepIndex = isObject(arg) && typeof arg.stepIndex === 'number' ? arg.stepIndex : undefined;
    dashboard.show(journeyId ? { journeyId, ...(stepIndex ? { stepIndex } : {}) } : undefined);
  }

  async function openRecordingFile(arg?: unknown): Promise<void> {
    if (isObject(arg) && arg.kind === 'problemFile') {
      const node = arg as Extract<TreeNode, { kind: 'problemFile' }>;
      const p = node.problems[0];
      const line = Math.max(0, (p?.line ?? 1) - 1);
      const col = Math.max(0, (p?.column ?? 1) - 1);
      await vscode.window.showTextDocument(vscode.Uri.file(node.file), {
        selection: new vscode.Range(line, col, line, col),
      });
      return;
    }
    const journey = journeyFromArg(controller.report, arg);
    if (!journey) return;
    const stepIndex = isObject(arg) && typeof arg.stepIndex === 'number' ? arg.stepIndex : undefined;
    await openRecording(journey, stepIndex);
  }

  async function revealInExplorer(arg?: unknown): Promise<void> {
    const file =
      isObject(arg) && arg.kind === 'problemFile' ? String(arg.file) : journeyFromArg(controller.report, arg)?.file;
    if (file) await vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(file));
  }

  async function setApiKey(arg?: unknown): Promise<boolean> {
    // Tests cannot type into the input box from inside the extension host, so only in test mode may they pass the key.
    const given = context.extensionMode === vscode.ExtensionMode.Test && typeof arg === 'string' ? arg : undefined;
    const key = given ?? (await promptForApiKey());
    if (!key) return false;
    await keys.store(key);
    log.info('OpenAI API key stored in secret storage');
    void vscode.window.showInformationMessage(
      vscode.workspace.isTrusted
        ? "OpenAI API key saved in VS Code's secret storage."
        : 'OpenAI API key saved. AI analysis stays off until you trust this workspace.',
    );
    return true;
  }

  async function clearApiKey(): Promise<void> {
    await keys.clear();
    log.info('OpenAI API key removed from secret storage');
    void vscode.window.showInformationMessage('OpenAI API key removed. The dashboard shows rule-based analyses.');
  }

  async function refresh(): Promise<Report | null> {
    if (!controller.root) {
      await analyzeFolder();
      return controller.report;
    }
    return vscode.window.withProgress({ location: { viewId: VIEW_ID }, title: 'Refreshing journeys' }, () =>
      controller.refresh(),
    );
  }

  dashboard.setActions({
    openStep: async (journeyId, stepIndex) => {
      const journey = controller.report?.journeys.find((j) => j.id === journeyId);
      // Only files that belong to the current report are ever opened on the webview's say-so.
      if (journey) await openRecording(journey, stepIndex);
    },
    classify: (journeyId) => classify({ journeyId }),
    reanalyze: (journeyIds, force) => ai.run({ journeyIds, force }),
    runAi: () => ai.run({}),
    cancelAnalysis: () => ai.cancel(),
    setApiKey: () => setApiKey(),
    refresh: () => refresh(),
    hostState: () => ai.hostState(),
  });

  // One handler per declared command: a command added to COMMAND without a handler here does not compile.
  const handlers = {
    [COMMAND.analyzeFolder]: analyzeFolder,
    [COMMAND.classifyJourney]: classify,
    [COMMAND.openDashboard]: openDashboard,
    [COMMAND.refresh]: refresh,
    [COMMAND.openRecordingFile]: openRecordingFile,
    [COMMAND.revealInExplorer]: revealInExplorer,
    [COMMAND.setApiKey]: setApiKey,
    [COMMAND.clearApiKey]: clearApiKey,
    [COMMAND.runAiAnalysis]: (arg?: unknown) => ai.run({ journeyIds: idsFromArg(controller.report, arg) }),
    [COMMAND.reanalyzeAi]: (arg?: unknown) => ai.run({ journeyIds: idsFromArg(controller.report, arg), force: true }),
    [COMMAND.showLog]: () => log.show(),
  } satisfies Record<Exclude<CommandId, EventsCommandId>, Handler>;

  return Object.entries(handlers).map(([id, fn]) => reg(id as CommandId, fn));
}

/** Full analysis with a cancellable notification that shows how far it got. */
export function withAnalysisProgress(controller: AnalysisController, folder: vscode.Uri): Thenable<Report> {
  const name = path.basename(folder.fsPath) || folder.fsPath;
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Journey Lens: analysing ${name}`, cancellable: true },
    (progress, token) => {
      let reported = 0;
      return controller.analyze(folder, {
        token,
        onProgress: (p) => {
          if (p.phase === 'reading' && p.total > 0) {
            const pctDone = (100 * p.done) / p.total;
            progress.report({
              message: `reading ${p.done} of ${p.total} files`,
              increment: Math.max(0, pctDone * 0.8 - reported),
            });
            reported = Math.max(reported, pctDone * 0.8);
          } else if (p.phase === 'training') {
            progress.report({ message: `training on ${p.total} journeys`, increment: Math.max(0, 80 - reported) });
            reported = Math.max(reported, 80);
          }
        },
      });
    },
  );
}

async function pickFolder(): Promise<vscode.Uri | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const browse = { label: '$(folder-opened) Browse…', uri: undefined as vscode.Uri | undefined };
  const items = [
    ...folders.map((f) => ({
      label: `$(root-folder) ${f.name}`,
      description: f.uri.fsPath,
      uri: f.uri as vscode.Uri | undefined,
    })),
    browse,
  ];
  const picked = folders.length
    ? await vscode.window.showQuickPick(items, {
        title: 'Journey Lens: Analyze Journeys',
        placeHolder: 'Folder of recording files',
      })
    : browse;
  if (!picked) return undefined;
  if (picked.uri) return picked.uri;
  const chosen = await vscode.window.showOpenDialog({
    canSelectFolders: true,
    canSelectFiles: false,
    canSelectMany: false,
    openLabel: 'Analyze Journeys',
  });
  return chosen?.[0];
}

/** Accepts a journey id, `{ journeyId }`, or a tree node. */
function journeyIdOf(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (!isObject(arg)) return undefined;
  if (typeof arg.journeyId === 'string') return arg.journeyId;
  if (arg.kind === 'journey' && isObject(arg.journey) && typeof arg.journey.id === 'string') return arg.journey.id;
  return undefined;
}

function journeyFromArg(report: Report | null, arg: unknown): JourneyReport | undefined {
  const id = journeyIdOf(arg);
  if (id) return report?.journeys.find((j) => j.id === id);
  if (arg instanceof vscode.Uri) return findByFile(report, arg.fsPath);
  return undefined;
}

function idsFromArg(report: Report | null, arg: unknown): string[] | undefined {
  const j = journeyFromArg(report, arg);
  return j ? [j.id] : undefined;
}

function findByFile(report: Report | null, file: string): JourneyReport | undefined {
  return report?.journeys.find((j) => sameFile(j.file, file));
}

function sameFile(a: string, b: string): boolean {
  return path.resolve(a) === path.resolve(b);
}

function isInside(root: string, file: string): boolean {
  const rel = path.relative(root, file);
  return !!rel && !rel.startsWith('..') && !path.isAbsolute(rel);
}
