import * as vscode from 'vscode';
import { COMMAND } from './commandIds';
import type { CompactReport } from '../core/journeys/reportSummary';
import type { AnalysisController } from './analysisController';
import { pct } from '../core/shared/format';
import { atRisk } from './journeyPresentation';

/** "Journeys: 16 · 3 at risk"; opens the dashboard. Hidden until something has been analysed. */
export class JourneysStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('journeyLens.status', vscode.StatusBarAlignment.Left, 50);
  private readonly subs: vscode.Disposable[];

  constructor(private readonly controller: AnalysisController) {
    this.item.name = 'Journey Lens';
    this.item.command = COMMAND.openDashboard;
    this.subs = [controller.onDidChangeReport(() => this.render()), controller.onDidChangeBusy(() => this.render())];
    this.render();
  }

  get text(): string {
    return this.item.text;
  }

  private render(): void {
    const report = this.controller.report;
    if (!report) {
      if (this.controller.busy) {
        this.item.text = '$(sync~spin) Journeys: analysing…';
        this.item.tooltip = 'Journey Lens is analysing recordings';
        this.item.show();
      } else {
        this.item.hide();
      }
      return;
    }
    this.item.text = statusText(report);
    this.item.tooltip = statusTooltip(report, this.controller.busy);
    this.item.accessibilityInformation = { label: `${this.item.text}. Open the Journey Lens dashboard.` };
    this.item.show();
  }

  dispose(): void {
    for (const s of this.subs) s.dispose();
    this.item.dispose();
  }
}

export function statusText(report: CompactReport): string {
  return `Journeys: ${report.journeys.length} · ${report.journeys.filter(atRisk).length} at risk`;
}

function statusTooltip(report: CompactReport, busy: boolean): vscode.MarkdownString {
  const md = new vscode.MarkdownString();
  md.appendText(`Journey Lens: ${report.root}`).appendMarkdown('  \n');
  const e = report.model.evaluation;
  md.appendText(
    e
      ? `Classifier accuracy ${pct(e.accuracy)} (${e.method}, ${e.n} labelled journeys)`
      : `No classifier yet${report.model.note ? `: ${report.model.note}` : ''}`,
  ).appendMarkdown('  \n');
  if (report.problems.length)
    md.appendText(`${report.problems.length} problem(s) in recording files`).appendMarkdown('  \n');
  if (busy) md.appendText('Updating…').appendMarkdown('  \n');
  md.appendMarkdown('Click to open the dashboard.');
  return md;
}
