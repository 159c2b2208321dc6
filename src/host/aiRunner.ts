import * as vscode from 'vscode';
import type { Report } from '../core/model';
import type { HostState } from '../protocol';
import type { AnalysisController } from './analysisController';
import type { DashboardPanel } from './dashboardPanel';
import type { ApiKeyStore } from './secrets';
import { readSettings } from './settings';

export interface RunOptions {
  journeyIds?: string[];
  force?: boolean;
}

/** Runs the AI analysis of journeys (the vscode-free analyzer in src/ai) with the key from SecretStorage. */
export class AiRunner implements vscode.Disposable {
  private readonly subs: vscode.Disposable[] = [];
  private running: AbortController | undefined;

  constructor(
    private readonly controller: AnalysisController,
    private readonly dashboard: DashboardPanel,
    private readonly keys: ApiKeyStore,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.subs.push(
      keys.onDidChange(() => void this.dashboard.postHostState()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => void this.dashboard.postHostState()),
    );
  }

  async hostState(): Promise<HostState> {
    const hasApiKey = await this.keys.has();
    const trusted = vscode.workspace.isTrusted;
    return { aiAvailable: hasApiKey && trusted, hasApiKey, trusted, model: readSettings().ai.model };
  }

  async run(_opts: RunOptions): Promise<Report | null> {
    void vscode.window.showInformationMessage('AI analysis is not available in this build yet.');
    this.log.info('AI analysis requested; the analyzer is not wired yet');
    return this.controller.report;
  }

  cancel(): void {
    this.running?.abort();
  }

  dispose(): void {
    this.cancel();
    for (const s of this.subs) s.dispose();
  }
}
