import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TreeNode } from '../../src/host/journeysTree';
import { extensionApi, waitFor, useAnalyzedFixtureCopy } from './support/host';

describe('Dashboard from the Journeys view', () => {
  useAnalyzedFixtureCopy();

  it('clicking a journey opens the dashboard, which loads and is sent that journey to reveal', async () => {
    const api = await extensionApi();
    const cancelled = (api.tree.getChildren() as TreeNode[]).find((g) => g.kind === 'group' && g.group === 'cancelled');
    assert.ok(cancelled?.kind === 'group');
    const node = cancelled.children[1]!;
    assert.ok(node.kind === 'journey');
    const click = (api.tree.getTreeItem(node) as vscode.TreeItem).command!;
    const ready = new Promise<void>((resolve) => api.dashboard.onDidBecomeReady(() => resolve()));
    await vscode.commands.executeCommand(click.command, ...(click.arguments ?? []));
    assert.ok(api.dashboard.isOpen);
    // `ready` comes from the dashboard's own script, so this also proves the webview bundle loaded under its CSP.
    await ready;
    await waitFor('the reveal to be sent', () => api.dashboard.lastReveal?.journeyId === node.journey.id);
    const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
    assert.ok(
      tab?.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith('journeyLens.dashboard'),
      'the dashboard is the active tab',
    );
  });

  it("Open Recording File opens the journey's file", async () => {
    const api = await extensionApi();
    const journey = api.report!.journeys.find((j) => j.outcome === 'upgrade')!;
    await vscode.commands.executeCommand('journeyLens.openRecordingFile', {
      kind: 'journey',
      journey,
      root: api.report!.root,
    });
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, journey.file);
  });

  it('opening a step from the dashboard puts the cursor on that step in the recording file', async () => {
    const api = await extensionApi();
    // The host holds compact journeys: the steps come from the session worker.
    const journey = (await api.loadJourney(api.report!.journeys.find((j) => j.metrics.steps >= 3)!.id))!;
    await vscode.commands.executeCommand('journeyLens.openRecordingFile', { journeyId: journey.id, stepIndex: 3 });
    const editor = vscode.window.activeTextEditor!;
    assert.equal(editor.document.uri.fsPath, journey.file);
    const at = editor.document.offsetAt(editor.selection.active);
    const after = editor.document.getText().slice(at, at + 200);
    assert.ok(
      after.startsWith('{') && after.includes(JSON.stringify(journey.steps[2]!.label)),
      `cursor is not on step 3: ${after.slice(0, 80)}`,
    );
  });
});
