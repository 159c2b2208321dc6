// Analyze Events inside the real extension host (code-server): the engine child process, the numbers the dashboard
// is sent against the CLI's on the same folder, the cache, the watcher, the tree's Event logs section, and an
// engine crash (its process killed) reported without harm to the next run.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as vscode from 'vscode';
import { generateShopLog } from '../../bench/events/generate';
import type { EventsReport } from '../../src/core/events/types';
import type { EventsHostMessage } from '../../src/dashboard/events/protocol';
import type { AnalyzeEventsResult } from '../../src/host/commands/events';
import type { TreeNode } from '../../src/host/journeysTree';
import { EXTENSION_ID, extensionApi, waitFor } from './support/host';

const run = promisify(execFile);

describe('Analyze Events in the extension host', function () {
  this.timeout(180_000);
  let dir: string;
  let shop: string;
  let cli: EventsReport;

  before(async () => {
    await extensionApi();
    dir = mkdtempSync(join(tmpdir(), 'journey-lens-events-'));
    shop = join(dir, 'shop');
    await generateShopLog(shop, 200, 7);
    // The CLI on the same folder, as a user would run it: the dashboard must show the same numbers.
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const json = join(dir, 'cli.json');
    await run(process.execPath, [join(ext.extensionPath, 'dist', 'cli.js'), 'events', shop, '--json', json, '--quiet']);
    cli = JSON.parse(readFileSync(json, 'utf8')) as EventsReport;
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Runs the command and collects what the source's dashboard is sent until its report arrives. */
  async function analyze(target: string): Promise<{ result: AnalyzeEventsResult; report: EventsReport | undefined }> {
    const api = await extensionApi();
    let report: EventsReport | undefined;
    const sub = api.events.panels.onDidPost(
      ({ target: t, message }: { target: string; message: EventsHostMessage }) => {
        if (t === target && message.type === 'events/report') report = message.report;
      },
    );
    try {
      const result = await vscode.commands.executeCommand<AnalyzeEventsResult>(
        'journeyLens.analyzeEvents',
        vscode.Uri.file(target),
      );
      if (result.kind === 'analysed' && !api.events.panels.panel(target)?.isReady)
        await waitFor('the event dashboard to load and be sent its report', () => report);
      return { result, report: report ?? api.events.sources.get(target)?.report };
    } finally {
      sub.dispose();
    }
  }

  it('analyses the folder in the engine process and sends the dashboard the CLI’s funnel, friction and sections', async () => {
    const api = await extensionApi();
    const { result, report } = await analyze(shop);
    assert.equal(result.kind, 'analysed');
    assert.ok(api.events.enginePid(), 'the engine runs in a child process');
    assert.notEqual(api.events.enginePid(), process.pid);
    assert.ok(report, 'the dashboard was sent a report');
    assert.deepEqual(report.units, cli.units);
    assert.deepEqual(
      report.funnel!.steps.map((s) => [s.name, s.count, s.dropped]),
      cli.funnel!.steps.map((s) => [s.name, s.count, s.dropped]),
    );
    assert.deepEqual(report.friction, cli.friction);
    assert.deepEqual(report.retention, cli.retention);
    assert.deepEqual(report.ltv, cli.ltv);
    assert.deepEqual(report.paths?.pages, cli.paths?.pages);
    assert.deepEqual(
      report.segments?.clusters.map((c) => c.size).sort(),
      cli.segments?.clusters.map((c) => c.size).sort(),
    );
  });

  it('a second run on the unchanged folder answers from the cache; the tree lists it under Event logs with its views', async () => {
    const api = await extensionApi();
    const before = api.events.stats.analyses;
    const { result } = await analyze(shop);
    assert.equal(result.kind === 'analysed' && result.fromCache, true, JSON.stringify(result));
    assert.equal(api.events.stats.analyses, before, 'no second analysis ran');

    const roots = api.tree.getChildren() as TreeNode[];
    const logs = roots.find((n) => n.kind === 'eventLogs');
    assert.ok(logs, `no Event logs section in ${JSON.stringify(roots.map((n) => n.kind))}`);
    const [sourceNode] = api.tree.getChildren(logs);
    const item = api.tree.getTreeItem(sourceNode) as vscode.TreeItem;
    assert.equal(item.label, 'shop');
    const last = cli.funnel!.steps.at(-1)!;
    assert.match(
      String(item.description),
      new RegExp(`^${cli.units.users} users · ${cli.units.sessions.toLocaleString('en')} sessions · `),
    );
    assert.ok(
      String(item.description).includes(`${(last.conversionFromStart * 100).toFixed(1).replace(/\.0$/, '')}% convert`),
    );
    const views = api.tree.getChildren(sourceNode).map((n) => (api.tree.getTreeItem(n) as vscode.TreeItem).label);
    assert.deepEqual(views, ['Funnel', 'Friction', 'Paths', 'Retention', 'Segments', 'Customers']);
    // A view's child opens the source's panel at that view.
    const retention = api.tree.getChildren(sourceNode)[3];
    const click = (api.tree.getTreeItem(retention) as vscode.TreeItem).command!;
    const shown = new Promise<string>((resolve) => {
      const sub = api.events.panels.onDidPost(({ message }) => {
        if (message.type === 'events/show') {
          sub.dispose();
          resolve(message.view);
        }
      });
    });
    await vscode.commands.executeCommand(click.command, ...(click.arguments ?? []));
    assert.equal(await shown, 'retention');
  });

  it('a saved funnel is listed under its log in the tree, and clicking it recomputes that funnel on the dashboard', async () => {
    const api = await extensionApi();
    const config = vscode.workspace.getConfiguration('journeyLens.events');
    // User settings, so the committed fixture workspace's settings file stays untouched.
    const definition = {
      steps: ['session_start', 'purchase'].map((e) => ({
        name: e,
        match: e,
        conditions: [{ column: 'event', op: '=', value: e }],
      })),
      unit: 'session',
      windowMs: null,
      order: 'sequential',
      by: null,
    };
    await config.update('funnels', [{ name: 'Start to purchase', definition }], vscode.ConfigurationTarget.Global);
    try {
      const logs = (api.tree.getChildren() as TreeNode[]).find((n) => n.kind === 'eventLogs')!;
      const sourceNode = api.tree.getChildren(logs).find((n) => n.kind === 'eventSource' && n.target === shop)!;
      const saved = await waitFor('the saved funnel in the tree', () =>
        api.tree.getChildren(sourceNode).find((n) => n.kind === 'eventFunnel'),
      );
      const item = api.tree.getTreeItem(saved) as vscode.TreeItem;
      assert.equal(item.label, 'Start to purchase');
      let funnel: EventsReport['funnel'] | undefined;
      const sub = api.events.panels.onDidPost(({ target, message }) => {
        if (target === shop && message.type === 'events/report') funnel = message.report.funnel;
      });
      try {
        await vscode.commands.executeCommand(item.command!.command, ...(item.command!.arguments ?? []));
        await waitFor('the recomputed funnel to be sent', () => funnel);
      } finally {
        sub.dispose();
      }
      const out = join(dir, 'saved.json');
      const cliPath = join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'dist', 'cli.js');
      const args = ['events', shop, '--funnel', 'session_start > purchase', '--unit', 'session', '--json', out];
      await run(process.execPath, [cliPath, ...args, '--quiet']);
      const expected = JSON.parse(readFileSync(out, 'utf8')) as EventsReport;
      assert.deepEqual(
        funnel!.steps.map((s) => s.count),
        expected.funnel!.steps.map((s) => s.count),
      );
      assert.equal(funnel!.unit, 'session');
    } finally {
      await config.update('funnels', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('a changed file invalidates the cache: the watcher re-analyses and the dashboard gets the new numbers', async () => {
    const api = await extensionApi();
    const reanalysed = api.events.stats.reanalyses;
    let report: EventsReport | undefined;
    const sub = api.events.panels.onDidPost(({ target, message }) => {
      if (target === shop && message.type === 'events/report') report = message.report;
    });
    appendFileSync(join(shop, 'events.csv'), '9999999,U99999,S9999999,session_start,2025-06-01 10:00:00,,,,\n');
    try {
      await waitFor(
        'the re-analysis after the change',
        () => report && report.units.users === cli.units.users + 1,
        60_000,
      );
    } finally {
      sub.dispose();
    }
    assert.equal(api.events.stats.reanalyses, reanalysed + 1);
    const { result } = await analyze(shop);
    assert.equal(result.kind === 'analysed' && result.fromCache, true, 'the re-analysed report is the cache now');
  });

  it('an engine killed during an analysis is reported as an error, and the next run works', async () => {
    const api = await extensionApi();
    const big = join(dir, 'big');
    await generateShopLog(big, 2000, 11);
    const pid = api.events.enginePid();
    assert.ok(pid);
    const started = new Promise<void>((resolve) => {
      const sub = api.events.sources.onDidChangeBusy(({ target, busy }) => {
        if (target === big && busy) {
          sub.dispose();
          resolve();
        }
      });
    });
    const pending = vscode.commands.executeCommand<AnalyzeEventsResult>(
      'journeyLens.analyzeEvents',
      vscode.Uri.file(big),
    );
    // Kill it while it loads (the analysis of 2,000 users takes seconds; the kill lands in its first moments).
    await started;
    await new Promise((r) => setTimeout(r, 200));
    process.kill(pid, 'SIGKILL');
    const result = await pending;
    assert.equal(result.kind, 'failed', JSON.stringify(result));
    assert.ok(result.kind === 'failed' && result.crashed, 'the failure is the engine crash');
    assert.match(result.kind === 'failed' ? result.message : '', /event engine stopped .*SIGKILL/);
    const again = await analyze(shop);
    assert.equal(again.result.kind, 'analysed');
    const next = await vscode.commands.executeCommand<AnalyzeEventsResult>(
      'journeyLens.analyzeEvents',
      vscode.Uri.file(big),
    );
    assert.equal(next.kind, 'analysed', JSON.stringify(next));
    assert.notEqual(api.events.enginePid(), pid, 'a fresh engine process');
  });
});
