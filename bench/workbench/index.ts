// Runs inside a real VS Code extension host (code-server), loaded as extensionTestsPath by bench/workbench.ts:
// what a user of the extension feels on a 10,000-file folder. Prints figures; asserts nothing.
import { readFileSync, writeFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import * as vscode from 'vscode';
import type { JourneyLensApi } from '../../src/host/extension';
import type { TreeNode } from '../../src/host/journeysTree';

const EXTENSION_ID = 'journey-lens.journey-lens';

export async function run(): Promise<void> {
  const folder = process.env.JOURNEY_LENS_BENCH_FOLDER;
  if (!folder) throw new Error('JOURNEY_LENS_BENCH_FOLDER is not set');
  const api = await vscode.extensions.getExtension<JourneyLensApi>(EXTENSION_ID)!.activate();
  // The extension host's event loop: every extension shares it, so its longest stall is what a user would feel.
  const delay = monitorEventLoopDelay({ resolution: 5 });
  const rows: [string, string][] = [];

  // A fresh workbench activates its built-in extensions (JSON, npm, Emmet…) in its first seconds, on this same
  // thread, in tasks of up to ~300 ms: wait for that to end so the stall measured below is the analysis's.
  const settled = await settle();
  rows.push(['extension host settled before the analysis (built-in extensions activating)', settled]);

  const heapBefore = heapMB();
  const profile = await startProfile();
  delay.enable();
  let t = performance.now();
  await vscode.commands.executeCommand('journeyLens.analyzeFolder', vscode.Uri.file(folder));
  const analysed = performance.now() - t;
  await whenDashboardReady(api);
  const dashboard = performance.now() - t;
  delay.disable();
  rows.push([
    'Analyze Journeys on the folder: report in the extension host',
    `${ms(analysed)}  (${api.report!.journeys.length} journeys)`,
  ]);
  rows.push(['…and the dashboard open and ready', ms(dashboard)]);
  rows.push(['longest extension-host stall meanwhile (goal ≤ 50 ms)', ms(delay.max / 1e6)]);
  await profile?.();
  rows.push([
    "extension host's heap growth with the report (after a full GC; goal ≤ 50 MB)",
    `${(heapMB() - heapBefore).toFixed(1)} MB  (report, tree, dashboard state: an upper bound)`,
  ]);
  // The longest journey opened: its steps come from the session worker on demand.
  const longest = api.report!.journeys.reduce((a, b) => (b.metrics.steps > a.metrics.steps ? b : a));
  delay.reset();
  delay.enable();
  t = performance.now();
  const loaded = await api.loadJourney(longest.id);
  rows.push([
    "the longest journey's steps from the session worker (parsed here, as for the AI)",
    `${ms(performance.now() - t)}  (${loaded?.steps.length ?? 0} steps; longest stall ${ms(delay.max / 1e6)})`,
  ]);
  delay.disable();
  t = performance.now();
  const treeRows = expandTree(api);
  rows.push(['Journeys tree: every group and item computed', `${ms(performance.now() - t)}  (${treeRows} rows)`]);

  // Saved edits, as the watcher sees them: VS Code's own file watcher delivers the event, then the extension's part.
  // The first lands just after the analysis; the others SAVE_SPACING_MS apart, once the retrain before them is done.
  const journey = api.report!.journeys[Math.floor(api.report!.journeys.length / 2)];
  const text = readFileSync(journey.file, 'utf8');
  const saves: SaveTimes[] = [];
  const savesProfile = await startProfile(process.env.JOURNEY_LENS_BENCH_SAVES_PROFILE);
  for (let i = 0; i < SAVES; i++) {
    if (i) await new Promise((resolve) => setTimeout(resolve, SAVE_SPACING_MS));
    saves.push(await timeOneSave(api, folder, journey.file, text.replace('"label": "', `"label": "Edited ${i + 1}: `)));
  }
  await savesProfile?.();
  writeFileSync(journey.file, text);
  await api.whenIdle();
  const [first, ...rest] = saves;
  const median = (pick: (s: SaveTimes) => number) => ms(rest.map(pick).sort((a, b) => a - b)[rest.length >> 1]);
  const worst = (pick: (s: SaveTimes) => number) => ms(Math.max(...rest.map(pick)));
  const row = (label: string, pick: (s: SaveTimes) => number, suffix = '') =>
    rows.push([label, `${ms(pick(first))}; then median ${median(pick)}, worst ${worst(pick)}${suffix}`]);
  rows.push([
    `saved files (the first just after the analysis, then ${rest.length} more ${SAVE_SPACING_MS / 1000} s apart):`,
    '',
  ]);
  row("  VS Code's watcher delivers the event, after the write", (s) => s.event);
  row('  …the journey re-read and re-predicted in the report, after the event', (s) => s.report);
  row("     of which the watcher's debounce and queue", (s) => s.queue);
  row('  …and in the Journeys tree, after the event (goal ≤ 100 ms)', (s) => s.tree);
  row('  longest extension-host stall meanwhile', (s) => s.stall);

  const width = Math.max(...rows.map(([k]) => k.length));
  console.log(
    `Journey Lens in a real workbench (code-server ${vscode.version}, extension host Node ${process.version})`,
  );
  for (const [k, v] of rows) console.log(`  ${k.padEnd(width)}  ${v}`);
}

const SAVES = 5;
const SAVE_SPACING_MS = 6000;

/** Milliseconds: the write to VS Code's event, then from that event to the report, its queue share, the tree. */
interface SaveTimes {
  event: number;
  report: number;
  queue: number;
  tree: number;
  stall: number;
}

async function timeOneSave(api: JourneyLensApi, folder: string, file: string, edited: string): Promise<SaveTimes> {
  const before = api.report!.journeys.find((x) => x.file === file)?.contentHash;
  const watcher = vscode.workspace.createFileSystemWatcher(
    new vscode.RelativePattern(vscode.Uri.file(folder), '**/*.json'),
  );
  const eventAt = new Promise<number>((resolve) =>
    watcher.onDidChange((u) => u.fsPath === file && resolve(performance.now())),
  );
  const reflectedAt = new Promise<number>((resolve) => {
    const sub = api.onDidChangeReport((r) => {
      const j = r?.journeys.find((x) => x.file === file);
      if (r && j && j.contentHash !== before) {
        sub.dispose();
        resolve(performance.now());
      }
    });
  });
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  const written = performance.now();
  writeFileSync(file, edited);
  const seen = await eventAt;
  const reflected = await reflectedAt;
  expandTree(api);
  const inTree = performance.now();
  delay.disable();
  watcher.dispose();
  const startedAt = api.stats.lastUpdate?.startedAt ?? seen;
  return {
    event: seen - written,
    report: reflected - seen,
    queue: startedAt - seen,
    tree: inTree - seen,
    stall: delay.max / 1e6,
  };
}

/** Waits until two 500 ms windows in a row see no stall over 20 ms (at most 20 s); says how long that took. */
async function settle(): Promise<string> {
  const t0 = performance.now();
  const probe = monitorEventLoopDelay({ resolution: 5 });
  let quiet = 0;
  while (quiet < 2 && performance.now() - t0 < 20_000) {
    probe.reset();
    probe.enable();
    await new Promise((resolve) => setTimeout(resolve, 500));
    probe.disable();
    quiet = probe.max / 1e6 <= 20 ? quiet + 1 : 0;
  }
  return `${ms(performance.now() - t0)}${quiet < 2 ? ' (gave up: still busy)' : ''}`;
}

/** Computes every row the tree would show, as VS Code does when the groups are expanded. */
function expandTree(api: JourneyLensApi): number {
  let count = 0;
  const walk = (node?: TreeNode) => {
    for (const child of api.tree.getChildren(node)) {
      count++;
      api.tree.getTreeItem(child);
      if (child.kind === 'group') walk(child);
    }
  };
  walk();
  return count;
}

function whenDashboardReady(api: JourneyLensApi): Promise<void> {
  if (api.dashboard.isReady) return Promise.resolve();
  return new Promise((resolve) => {
    const sub = api.dashboard.onDidBecomeReady(() => {
      sub.dispose();
      resolve();
    });
  });
}

const ms = (x: number) => `${x.toFixed(0)} ms`;

/** A CPU profile of the extension host to `file` (JOURNEY_LENS_BENCH_PROFILE: the analysis; …_SAVES_PROFILE: the saves). */
async function startProfile(file = process.env.JOURNEY_LENS_BENCH_PROFILE): Promise<(() => Promise<void>) | undefined> {
  if (!file) return undefined;
  const inspector = await import('node:inspector/promises');
  const session = new inspector.Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 1000 });
  await session.post('Profiler.start');
  return async () => {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
  };
}

let gc: (() => void) | undefined;
/** The extension host's heap in use after a full GC (the flag is set at run time: the host is not started with it). */
function heapMB(): number {
  if (!gc) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  gc();
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
}
