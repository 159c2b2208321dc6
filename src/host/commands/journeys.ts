// Analyze Journeys and Refresh: running the analysis of a folder, with progress.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CompactReport } from '../../core/journeys/reportSummary';
import type { AnalysisController } from '../analysisController';
import { COMMAND } from '../commandIds';
import { errorText, isCancellation } from '../log';
import { VIEW_ID, type CommandDeps } from './deps';

export function journeyCommands({ controller, dashboard, log }: CommandDeps) {
  async function analyzeFolder(arg?: unknown): Promise<CompactReport | undefined> {
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

  async function refresh(): Promise<CompactReport | null> {
    if (!controller.root) {
      await analyzeFolder();
      return controller.report;
    }
    return vscode.window.withProgress({ location: { viewId: VIEW_ID }, title: 'Refreshing journeys' }, () =>
      controller.refresh(),
    );
  }

  return { [COMMAND.analyzeFolder]: analyzeFolder, [COMMAND.refresh]: refresh };
}

/** Full analysis with a cancellable notification that shows how far it got. */
export function withAnalysisProgress(controller: AnalysisController, folder: vscode.Uri): Thenable<CompactReport> {
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
