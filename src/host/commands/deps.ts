// What every command group is built from.
import type * as vscode from 'vscode';
import type { AiRunner } from '../aiRunner';
import type { AnalysisController } from '../analysisController';
import type { DashboardPanel } from '../dashboardPanel';
import type { DashboardPublisher } from '../dashboardPublisher';
import type { ApiKeyStore } from '../secrets';

export interface CommandDeps {
  context: vscode.ExtensionContext;
  controller: AnalysisController;
  dashboard: DashboardPanel;
  publisher: DashboardPublisher;
  keys: ApiKeyStore;
  ai: AiRunner;
  log: vscode.LogOutputChannel;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- VS Code passes whatever the menu or caller gives
export type Handler = (...args: any[]) => unknown;

/** The Journeys tree view. */
export const VIEW_ID = 'journeyLens.journeys';
