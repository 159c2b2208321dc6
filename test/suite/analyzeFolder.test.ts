import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Report } from '../../src/core/journeys/types';
import type { TreeNode } from '../../src/host/journeysTree';
import { closeAllEditors, copyFixtureWorkspace, extensionApi } from './support/host';

/** Group label → the names (or file names) the Journeys view shows under it, in order. */
function treeGroups(tree: vscode.TreeDataProvider<TreeNode>): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const g of tree.getChildren() as TreeNode[]) {
    const label = String((tree.getTreeItem(g) as vscode.TreeItem).label);
    const children = (tree.getChildren(g) as TreeNode[] | undefined) ?? [];
    groups.set(
      label,
      children.map((c) => String((tree.getTreeItem(c) as vscode.TreeItem).label)),
    );
  }
  return groups;
}

describe('Analyze Journeys on a folder', () => {
  let ws: ReturnType<typeof copyFixtureWorkspace>;
  let report: Report | undefined;

  before(async () => {
    await extensionApi();
    ws = copyFixtureWorkspace();
    report = await vscode.commands.executeCommand<Report | undefined>('journeyLens.analyzeFolder', ws.uri);
  });

  after(async () => {
    await closeAllEditors();
    ws?.dispose();
  });

  it('analyses every recording in the folder and skips the file that is not one', () => {
    assert.ok(report, 'the command returned no report');
    assert.equal(report.journeys.length, 16);
    assert.ok(!report.journeys.some((j) => j.id.includes('dashboard-config')));
  });

  it('fills the Journeys view with the predicted groups, then known outcomes, then files that need attention', async () => {
    const api = await extensionApi();
    const groups = treeGroups(api.tree);
    const labels = [...groups.keys()];
    const order = ['Likely upgrade', 'At risk of cancelling', 'Upgraded', 'Cancelled', 'Needs attention'];
    assert.deepEqual(
      labels.filter((l) => order.includes(l)),
      order.filter((l) => labels.includes(l)),
      'groups out of order',
    );
    assert.deepEqual(groups.get('Upgraded')?.slice().sort(), [
      'upgrade-a',
      'upgrade-b',
      'upgrade-c',
      'upgrade-d',
      'upgrade-e',
      'upgrade-f',
    ]);
    assert.deepEqual(groups.get('Cancelled')?.slice().sort(), [
      'cancel-a',
      'cancel-b',
      'cancel-c',
      'cancel-d',
      'cancel-e',
      'cancel-f',
    ]);
    assert.deepEqual(groups.get('Needs attention'), ['session-broken.json']);
    const open = [
      ...(groups.get('Likely upgrade') ?? []),
      ...(groups.get('At risk of cancelling') ?? []),
      ...(groups.get('Open, not yet predicted') ?? []),
    ];
    assert.deepEqual(open.sort(), ['session-eu-114', 'session-eu-131', 'session-us-207', 'session-us-219']);
  });

  it('lists open journeys most at risk first, each with its probability and step count', async () => {
    const api = await extensionApi();
    const r = api.report!;
    const atRiskGroup = (api.tree.getChildren() as TreeNode[]).find((g) => g.kind === 'group' && g.group === 'atRisk');
    assert.ok(
      atRiskGroup && atRiskGroup.kind === 'group',
      'no "At risk of cancelling" group: the classifier predicted no open journey as a cancellation',
    );
    const items = atRiskGroup.children.map((c) => api.tree.getTreeItem(c) as vscode.TreeItem);
    const probs = atRiskGroup.children.map((c) => (c.kind === 'journey' ? c.journey.prediction!.pUpgrade : NaN));
    assert.deepEqual(
      probs,
      [...probs].sort((a, b) => a - b),
      'not sorted most at-risk first',
    );
    for (const [i, item] of items.entries()) {
      const node: TreeNode = atRiskGroup.children[i]!;
      assert.ok(node.kind === 'journey');
      assert.match(String(item.description), new RegExp(`^\\d+% cancel · ${node.journey.metrics.steps} steps?$`));
      const tooltip = api.tree.resolveTreeItem(item, node).tooltip;
      assert.ok(tooltip instanceof vscode.MarkdownString && tooltip.value.includes('Top indicators'));
      assert.deepEqual(item.command?.arguments, [{ journeyId: node.journey.id }]);
    }
    assert.ok(r.journeys.length);
  });

  it('shows "Journeys: N · M at risk" in the status bar', async () => {
    const api = await extensionApi();
    const r = api.report!;
    const atRisk = r.journeys.filter((j) => j.outcome === 'open' && j.prediction?.outcome === 'cancel').length;
    assert.equal(api.statusBarText(), `Journeys: 16 · ${atRisk} at risk`);
  });

  it('opens the dashboard when the analysis finishes', async () => {
    const api = await extensionApi();
    assert.ok(api.dashboard.isOpen);
  });
});
