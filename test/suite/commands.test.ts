import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, extensionApi } from './support/host';

describe('Journey Lens commands', () => {
  before(async () => {
    await extensionApi();
  });

  it('registers every command the manifest contributes', async () => {
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as {
      contributes: { commands: { command: string }[] };
    };
    const contributed = manifest.contributes.commands.map((c) => c.command);
    assert.ok(contributed.includes('journeyLens.analyzeFolder') && contributed.includes('journeyLens.classifyJourney'));
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepEqual(
      contributed.filter((c) => !registered.has(c)),
      [],
    );
  });

  it('offers Analyze Journeys on folders only in the Explorer context menu', () => {
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as {
      contributes: { menus: Record<string, { command: string; when?: string }[]> };
    };
    const entry = manifest.contributes.menus['explorer/context']!.find(
      (m) => m.command === 'journeyLens.analyzeFolder',
    );
    assert.equal(entry?.when, 'explorerResourceIsFolder');
  });
});
