import * as vscode from 'vscode';
import type { Problem } from '../core/journeys/types';
import type { CompactReport } from '../core/journeys/reportSummary';
import type { AnalysisController } from './analysisController';
import { absoluteProblemPath } from './journeysTree';

/** Problems in recording files, in the Problems panel at their line and column; a fixed file's entries go away. */
export class RecordingDiagnostics implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('journeyLens');
  private readonly sub: vscode.Disposable;

  constructor(controller: AnalysisController) {
    this.sub = controller.onDidChangeReport((r) => this.render(r));
    this.render(controller.report);
  }

  private render(report: CompactReport | null): void {
    const byFile = new Map<string, vscode.Diagnostic[]>();
    for (const problem of report?.problems ?? []) {
      const file = absoluteProblemPath(report!.root, problem.file);
      byFile.set(file, [...(byFile.get(file) ?? []), toDiagnostic(problem)]);
    }
    // Replacing the whole set is what clears the entries of a file that was fixed or deleted.
    this.collection.clear();
    this.collection.set([...byFile].map(([file, diags]) => [vscode.Uri.file(file), diags]));
  }

  dispose(): void {
    this.sub.dispose();
    this.collection.dispose();
  }
}

export function toDiagnostic(problem: Problem): vscode.Diagnostic {
  // Problem positions are 1-based; VS Code's are 0-based. A whole-file problem sits at the start.
  const line = Math.max(0, (problem.line ?? 1) - 1);
  const col = Math.max(0, (problem.column ?? 1) - 1);
  const d = new vscode.Diagnostic(
    new vscode.Range(line, col, line, col + 1),
    problem.message,
    problem.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning,
  );
  d.source = 'Journey Lens';
  return d;
}
