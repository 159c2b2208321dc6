import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { extensionApi } from './support/host';

// The command prompts with a password input box; a test inside the extension host cannot type into it, so in test
// mode the command takes the key as an argument. The Playwright UI test types it into the real box.
describe('OpenAI API key', () => {
  const key = `sk-test-${Math.random().toString(36).slice(2)}-never-in-settings`;

  after(async () => {
    await vscode.commands.executeCommand('journeyLens.clearApiKey');
  });

  it('Set OpenAI API Key stores the key in SecretStorage and nowhere in the settings', async () => {
    const api = await extensionApi();
    await vscode.commands.executeCommand('journeyLens.clearApiKey');
    assert.equal(await api.hasApiKey(), false);
    assert.equal(await vscode.commands.executeCommand('journeyLens.setApiKey', key), true);
    assert.equal(await api.hasApiKey(), true);
    // Every setting in every scope, as VS Code resolves them.
    const all = vscode.workspace.getConfiguration();
    assert.ok(!JSON.stringify(all).includes(key), 'the key appears in the settings');
    const inspected = Object.keys(all.get<object>('journeyLens') ?? {}).map((k) =>
      vscode.workspace.getConfiguration('journeyLens').inspect(k),
    );
    assert.ok(!JSON.stringify(inspected).includes(key), 'the key appears in a Journey Lens setting');
  });

  it('Clear OpenAI API Key removes it from SecretStorage', async () => {
    const api = await extensionApi();
    await vscode.commands.executeCommand('journeyLens.setApiKey', key);
    await vscode.commands.executeCommand('journeyLens.clearApiKey');
    assert.equal(await api.hasApiKey(), false);
  });
});
