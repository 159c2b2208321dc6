import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Report } from '../../src/core/journeys/types';
import { closeAllEditors, copyFixtureWorkspace, extensionApi, waitFor } from './support/host';

describe('Settings feed the analysis', () => {
  let ws: ReturnType<typeof copyFixtureWorkspace>;
  const config = () => vscode.workspace.getConfiguration('journeyLens');

  before(async () => {
    const api = await extensionApi();
    ws = copyFixtureWorkspace();
    const report = await vscode.commands.executeCommand<Report | undefined>('journeyLens.analyzeFolder', ws.uri);
    assert.equal(report?.root, ws.root, `the analysis of the fixture copy did not finish: ${api.lastError}`);
  });

  after(async () => {
    await config().update('outcomeRules', undefined, vscode.ConfigurationTarget.Global);
    await config().update('exclude', undefined, vscode.ConfigurationTarget.Global);
    await closeAllEditors();
    ws?.dispose();
  });

  it("a folder-to-outcome rule in journeyLens.outcomeRules gives the folder's journeys that known outcome", async () => {
    const api = await extensionApi();
    assert.ok(api.report!.journeys.filter((j) => j.id.startsWith('inbox/')).every((j) => j.outcome === 'open'));
    await config().update(
      'outcomeRules',
      { '**/upgrades/**': 'upgrade', '**/cancellations/**': 'cancel', '**/inbox/**': 'cancel' },
      vscode.ConfigurationTarget.Global,
    );
    await waitFor('the inbox journeys to be known cancellations', () =>
      api
        .report!.journeys.filter((j) => j.id.startsWith('inbox/'))
        .every((j) => j.outcome === 'cancel' && j.outcomeSource === 'folder'),
    );
  });

  it('files matching journeyLens.exclude are not analysed', async () => {
    const api = await extensionApi();
    await config().update('exclude', ['**/upgrades/**'], vscode.ConfigurationTarget.Global);
    await waitFor(
      'the excluded folder to leave the report',
      () => api.report!.journeys.length > 0 && !api.report!.journeys.some((j) => j.id.startsWith('upgrades/')),
    );
  });
});
