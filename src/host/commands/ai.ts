// The AI commands: the API key in secret storage, and running (or re-running, past the cache) the AI analyses.
import * as vscode from 'vscode';
import { COMMAND } from '../commandIds';
import { promptForApiKey } from '../secrets';
import { idsFromArg } from './arguments';
import type { CommandDeps } from './deps';

export function aiCommands({ context, controller, keys, ai, log }: CommandDeps) {
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

  return {
    [COMMAND.setApiKey]: setApiKey,
    [COMMAND.clearApiKey]: clearApiKey,
    [COMMAND.runAiAnalysis]: (arg?: unknown) => ai.run({ journeyIds: idsFromArg(controller.report, arg) }),
    [COMMAND.reanalyzeAi]: (arg?: unknown) => ai.run({ journeyIds: idsFromArg(controller.report, arg), force: true }),
  };
}
