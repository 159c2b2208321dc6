// Going somewhere: the dashboard, a recording file at a step, the file in the Explorer, the log.
import * as vscode from 'vscode';
import type { CompactReport } from '../../core/journeys/reportSummary';
import { COMMAND } from '../commandIds';
import { openRecording } from '../recordingFiles';
import { journeyFromArg, journeyIdOf, problemFileOf, stepIndexOf } from './arguments';
import type { CommandDeps } from './deps';

export function navigationCommands(
  { controller, dashboard, log }: CommandDeps,
  analyzeFolder: () => Promise<CompactReport | undefined>,
) {
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
    const stepIndex = stepIndexOf(arg);
    dashboard.show(journeyId ? { journeyId, ...(stepIndex ? { stepIndex } : {}) } : undefined);
  }

  async function openRecordingFile(arg?: unknown): Promise<void> {
    const node = problemFileOf(arg);
    if (node) {
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
    await openRecording(journey, stepIndexOf(arg), (id) => controller.loadJourney(id));
  }

  async function revealInExplorer(arg?: unknown): Promise<void> {
    const node = problemFileOf(arg);
    const file = node ? String(node.file) : journeyFromArg(controller.report, arg)?.file;
    if (file) await vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(file));
  }

  return {
    [COMMAND.openDashboard]: openDashboard,
    [COMMAND.openRecordingFile]: openRecordingFile,
    [COMMAND.revealInExplorer]: revealInExplorer,
    [COMMAND.showLog]: () => log.show(),
  };
}
