import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { ClassifyJourneyAnswer } from '../../src/host/commands/classify';
import { extensionApi, useAnalyzedFixtureCopy } from './support/host';

describe('Classify Journey', () => {
  const ws = useAnalyzedFixtureCopy();

  it('answers for the active recording file with outcome, probability and the three indicators that weighed most', async () => {
    const api = await extensionApi();
    const file = join(ws.root, 'inbox', 'session-us-207.json');
    await vscode.window.showTextDocument(vscode.Uri.file(file));
    const result = await vscode.commands.executeCommand<ClassifyJourneyAnswer>('journeyLens.classifyJourney');
    assert.equal(result.kind, 'answer', result.text);
    const journey = api.report!.journeys.find((j) => j.file === file)!;
    assert.equal(result.kind === 'answer' && result.journeyId, journey.id);
    const p = journey.prediction!;
    const word = p.outcome === 'upgrade' ? 'likely to upgrade' : 'at risk of cancelling';
    const prob = Math.round(100 * (p.outcome === 'upgrade' ? p.pUpgrade : 1 - p.pUpgrade));
    assert.ok(result.text.startsWith(`session-us-207: ${word} (${prob}%`), result.text);
    const top3 = [...p.top].sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution)).slice(0, 3);
    assert.equal(top3.length, 3);
    for (const t of top3)
      assert.ok(result.text.includes(t.feature), `missing indicator ${t.feature} in: ${result.text}`);
  });

  it('classifies a journey picked in the Journeys view (its context menu passes the tree item)', async () => {
    const api = await extensionApi();
    const groups = api.tree.getChildren() as import('../../src/host/journeysTree').TreeNode[];
    const upgraded = groups.find((g) => g.kind === 'group' && g.group === 'upgraded');
    assert.ok(upgraded?.kind === 'group');
    const node = upgraded.children[0]!;
    const result = await vscode.commands.executeCommand<ClassifyJourneyAnswer>('journeyLens.classifyJourney', node);
    assert.equal(result.kind, 'answer');
    assert.match(result.text, /Known outcome: upgraded \(from its folder\); this prediction is out-of-fold/);
  });

  it('says clearly that a JSON file which is not a recording is not one', async () => {
    await vscode.window.showTextDocument(vscode.Uri.file(join(ws.root, 'notes', 'dashboard-config.json')));
    const result = await vscode.commands.executeCommand<ClassifyJourneyAnswer>('journeyLens.classifyJourney');
    assert.equal(result.kind, 'notRecording');
    assert.match(result.text, /^dashboard-config\.json is not a journey recording\./);
  });

  it('points at the syntax error of a broken recording instead of classifying it', async () => {
    await vscode.window.showTextDocument(vscode.Uri.file(join(ws.root, 'inbox', 'session-broken.json')));
    const result = await vscode.commands.executeCommand<ClassifyJourneyAnswer>('journeyLens.classifyJourney');
    assert.equal(result.kind, 'unreadable');
    assert.match(result.text, /line 6, column 9/);
  });
});
