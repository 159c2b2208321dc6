// Event-log journeys in the real extension host (code-server): with journeyLens.events.outcome = purchase and
// journeyLens.events.unit = session, Analyze Events lists the source's sessions in the tree's Event logs section,
// grouped by predicted outcome in the outcome's names with the counts the CLI gives on the same folder, and a click
// opens one in the recordings dashboard (a unit outside the report's sample read on demand from the engine).
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as vscode from 'vscode';
import { generateShopLog } from '../../bench/events/generate';
import type { EventsReport } from '../../src/core/events/types';
import type { AnalyzeEventsResult, ClassifyEventJourneyAnswer } from '../../src/host/commands/events';
import type { HostMessage } from '../../src/dashboard/journeys/protocol';
import { completion, journeyAnswer, startOpenAiServer } from '../support/openaiServer';
import type { TreeNode } from '../../src/host/journeysTree';
import { EXTENSION_ID, extensionApi, waitFor } from './support/host';

const run = promisify(execFile);
const SETTINGS = vscode.workspace.getConfiguration('journeyLens.events');

describe('event-log journeys in the extension host', function () {
  this.timeout(300_000);
  let dir: string;
  let shop: string;
  let cli: EventsReport;

  before(async () => {
    await extensionApi();
    dir = mkdtempSync(join(tmpdir(), 'journey-lens-evjourneys-'));
    // Named to sort after events.test.ts's "shop", which that suite expects first under Event logs.
    shop = join(dir, 'shop-journeys');
    await generateShopLog(shop, 300, 13);
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const json = join(dir, 'cli.json');
    await run(process.execPath, [
      join(ext.extensionPath, 'dist', 'cli.js'),
      'events',
      shop,
      '--outcome',
      'purchase',
      '--unit',
      'session',
      '--json',
      json,
      '--quiet',
    ]);
    cli = JSON.parse(readFileSync(json, 'utf8')) as EventsReport;
    await SETTINGS.update('outcome', 'purchase', vscode.ConfigurationTarget.Global);
    await SETTINGS.update('unit', 'session', vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    // The other suites analyse without an outcome.
    await SETTINGS.update('outcome', undefined, vscode.ConfigurationTarget.Global);
    await SETTINGS.update('unit', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** The tree's groups under the source: label → [count, units]. */
  async function groups(): Promise<Map<string, { count: number; ids: string[] }>> {
    const api = await extensionApi();
    const logs = (api.tree.getChildren() as TreeNode[]).find((n) => n.kind === 'eventLogs')!;
    const source = api.tree.getChildren(logs).find((n) => n.kind === 'eventSource' && n.target === shop)!;
    const out = new Map<string, { count: number; ids: string[] }>();
    for (const g of api.tree.getChildren(source).filter((n) => n.kind === 'eventJourneyGroup')) {
      const item = api.tree.getTreeItem(g) as vscode.TreeItem;
      const ids = api.tree
        .getChildren(g)
        .flatMap((n) => (n.kind === 'eventJourney' ? [n.unit.id] : []))
        .sort();
      out.set(String(item.label), { count: Number(item.description), ids });
    }
    return out;
  }

  it('groups the sessions by predicted outcome under the source, named from the outcome, with the CLI’s counts', async () => {
    const api = await extensionApi();
    const result = await vscode.commands.executeCommand<AnalyzeEventsResult>(
      'journeyLens.analyzeEvents',
      vscode.Uri.file(shop),
    );
    assert.equal(result.kind, 'analysed');
    const host = api.events.sources.get(shop)!.report.journeys;
    assert.ok(host, 'the host’s report has a journeys section');
    assert.deepEqual(host.outcomes, cli.journeys!.outcomes);
    assert.equal(host.unit, 'session');

    // The CLI's units, grouped as recordings are: known outcomes by name, open ones by their predicted outcome.
    const j = cli.journeys!;
    const expected = new Map<string, string[]>();
    for (const u of j.units) {
      const label =
        u.outcome === 'upgrade'
          ? 'Purchase'
          : u.outcome === 'cancel'
            ? 'No purchase'
            : u.pUpgrade === null
              ? 'Open, not yet predicted'
              : u.pUpgrade >= 0.5
                ? 'Likely purchase'
                : 'Likely no purchase';
      expected.set(label, [...(expected.get(label) ?? []), u.id]);
    }
    const tree = await groups();
    assert.deepEqual(
      [...tree.keys()].sort(),
      [...expected.keys()].sort(),
      `tree groups ${[...tree.keys()].join(', ')}`,
    );
    assert.ok(tree.has('Purchase') && tree.has('No purchase'), 'both known outcomes are groups');
    for (const [label, ids] of expected) {
      assert.equal(tree.get(label)!.count, ids.length, label);
      if (ids.length <= 500) assert.deepEqual(tree.get(label)!.ids, [...ids].sort(), label);
    }
    assert.equal(
      [...tree.values()].reduce((a, g) => a + g.count, 0),
      j.unitsListed.shown,
    );
    for (const label of tree.keys()) assert.doesNotMatch(label, /upgrade|cancel/i);
  });

  it('a click opens a sampled session in the recordings dashboard, and one outside the sample is read on demand', async () => {
    const api = await extensionApi();
    const report = api.events.sources.get(shop)!.report.journeys!;
    const sampled = report.journeys[0];
    const opened = await vscode.commands.executeCommand<string>('journeyLens.openEventJourney', {
      target: shop,
      id: sampled.id,
    });
    assert.equal(opened, sampled.id);
    await waitFor('the journeys dashboard to load', () => api.events.journeys.panel.isReady);
    await waitFor('the reveal of the sampled session', () => api.events.journeys.panel.lastReveal?.journeyId);
    assert.equal(api.events.journeys.panel.lastReveal?.journeyId, sampled.id);

    const inSample = new Set(report.journeys.map((x) => x.id));
    const outside = report.units.find((u) => !inSample.has(u.id) && u.steps > 0);
    assert.ok(outside, `a unit outside the sample of ${report.journeys.length}`);
    const before = api.events.journeys.loadedOnDemand;
    const id = await vscode.commands.executeCommand<string>('journeyLens.openEventJourney', {
      target: shop,
      id: outside.id,
    });
    assert.equal(id, outside.id);
    assert.equal(api.events.journeys.loadedOnDemand, before + 1, 'read from the engine');
    const shown = api.events.journeys.journeyShown(outside.id)!;
    assert.equal(shown.steps.length, outside.steps);
    assert.equal(shown.outcome, outside.outcome);
    assert.equal(shown.prediction?.pUpgrade ?? null, outside.pUpgrade);
    await waitFor('the reveal of the on-demand session', () =>
      api.events.journeys.panel.lastReveal?.journeyId === outside.id ? true : undefined,
    );
    // The host keeps the report's sample and summary, not every unit's steps.
    assert.ok(report.journeys.length <= report.sample.limit);
  });

  it('Classify Event-Log Journey answers in the outcome’s names, for a sampled session and one outside the sample', async () => {
    const api = await extensionApi();
    const report = api.events.sources.get(shop)!.report.journeys!;
    const sampled = report.journeys.find((j) => j.prediction)!;
    const inSample = new Set(report.journeys.map((x) => x.id));
    const outside = report.units.find((u) => !inSample.has(u.id) && u.pUpgrade !== null)!;
    for (const unit of [report.units.find((u) => u.id === sampled.id)!, outside]) {
      // What the tree hands the command when its inline button is clicked: the tree node itself.
      const answer = await vscode.commands.executeCommand<ClassifyEventJourneyAnswer>(
        'journeyLens.classifyEventJourney',
        {
          kind: 'eventJourney',
          target: shop,
          unit,
        },
      );
      assert.equal(answer.kind, 'answer');
      assert.ok(answer.kind === 'answer');
      const p = unit.pUpgrade!;
      const likely = p >= 0.5 ? 'purchase' : 'no purchase';
      assert.match(
        answer.text,
        new RegExp(`^${unit.id}: likely ${likely} \\(\\d+%, p\\(purchase\\) = ${p.toFixed(2)}\\)`),
      );
      assert.doesNotMatch(answer.text, /upgrade|cancel/i, answer.text);
    }
  });

  it('the AI analyses the page’s journeys with the key from SecretStorage, told the outcome; the key never reaches the page', async () => {
    const api = await extensionApi();
    const key = `sk-local-${Math.random().toString(36).slice(2)}`;
    const answer = journeyAnswer('Local model: browsed, added to the cart, stopped.');
    const server = await startOpenAiServer(() => ({ body: completion(answer) }));
    const config = vscode.workspace.getConfiguration('journeyLens');
    const posted: HostMessage[] = [];
    const sub = api.events.journeys.panel.onDidPost((m) => posted.push(m));
    try {
      await config.update('ai.baseUrl', server.baseURL, vscode.ConfigurationTarget.Global);
      await config.update('ai.model', 'local-test-model', vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand('journeyLens.setApiKey', key);
      assert.equal((await api.events.journeys.ai.hostState()).aiAvailable, true, 'the page offers the AI');
      const report = api.events.sources.get(shop)!.report.journeys!;
      const id = report.journeys[0].id;
      await vscode.commands.executeCommand('journeyLens.openEventJourney', { target: shop, id });
      const result = await api.events.journeys.ai.run({ journeyIds: [id] });
      assert.ok(result.ran, `the run did not start: ${!result.ran && result.reason}`);
      assert.equal(result.summary.analysed, 1, JSON.stringify(result.summary));
      assert.equal(server.requests.length, 1);
      assert.equal(server.requests[0].headers.authorization, `Bearer ${key}`);
      const system = server.requests[0].body.messages[0].content as string;
      assert.match(system, /event log/);
      assert.match(system, /"purchase" and "no purchase"/);
      const shown = api.events.journeys.journeyShown(id)!;
      assert.equal(shown.analysis?.source, 'ai');
      assert.equal(shown.analysis?.model, 'local-test-model');
      await waitFor('the analysis posted to the page', () =>
        posted.find((m) => m.type === 'journeys/analysisResult' && m.journeyId === id),
      );
      assert.ok(!JSON.stringify(posted).includes(key), 'the API key was posted to the webview');
    } finally {
      sub.dispose();
      await vscode.commands.executeCommand('journeyLens.clearApiKey');
      await config.update('ai.baseUrl', undefined, vscode.ConfigurationTarget.Global);
      await config.update('ai.model', undefined, vscode.ConfigurationTarget.Global);
      await server.close();
    }
  });
});
