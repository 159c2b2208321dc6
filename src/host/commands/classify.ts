// Classify Journey: the prediction for one journey, from the tree, the dashboard, the Explorer or the open editor.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CompactJourney } from '../../core/journeys/reportSummary';
import { COMMAND } from '../commandIds';
import { classifyAnswer, predictedText, stepsText } from '../journeyPresentation';
import { absoluteProblemPath } from '../journeysTree';
import { isRecording } from '../recordingFiles';
import { findByFile, isInside, journeyFromArg, journeyIdOf, sameFile } from './arguments';
import type { CommandDeps } from './deps';
import { withAnalysisProgress } from './journeys';

/** What Classify Journey answered; returned so scripts and tests can read it. */
export type ClassifyJourneyAnswer =
  | { kind: 'answer'; journeyId: string; text: string }
  | { kind: 'notRecording'; file: string; text: string }
  | { kind: 'unreadable'; file: string; text: string }
  | { kind: 'none'; text: string };

export function classifyCommands({ controller, dashboard }: CommandDeps) {
  async function classify(arg?: unknown): Promise<ClassifyJourneyAnswer> {
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

  async function classifyTarget(arg: unknown): Promise<ClassifyJourneyAnswer> {
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

  async function classifyFile(uri: vscode.Uri): Promise<ClassifyJourneyAnswer> {
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

  async function classifyPicked(): Promise<ClassifyJourneyAnswer> {
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

  function answer(j: CompactJourney): ClassifyJourneyAnswer {
    return { kind: 'answer', journeyId: j.id, text: classifyAnswer(j, controller.report!) };
  }

  return { [COMMAND.classifyJourney]: classify };
}
