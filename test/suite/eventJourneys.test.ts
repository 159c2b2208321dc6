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
import type { AnalyzeEventsResult } from '../../src/host/commands/events';
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
});
