// npm run bench: measures Journey Lens against a floor measured in the same run. Prints numbers; asserts nothing.
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { INSTALL_MARKER } from '../test/workbench/paths';
import { pct as percent } from '../src/core/shared/format';
import { ensureCorpus } from './corpus';
import { scaleGoalRows } from './scaleGoals';
import { benchInWorkbench } from './workbench';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '10000' },
    seed: { type: 'string', default: '7' },
    keep: { type: 'boolean', default: false },
    // 0 leaves out the 50,000-small-recordings run (its corpus is generated once, about 40 s).
    small: { type: 'string', default: '50000' },
  },
});
const count = Number(values.count);
const seed = Number(values.seed);
const node = process.execPath;

function child<T>(script: string, ...args: string[]): T {
  return childWith<T>([], script, ...args);
}

function childWith<T>(nodeFlags: string[], script: string, ...args: string[]): T {
  const out = execFileSync(node, [...nodeFlags, '--import', 'tsx', path.join(__dirname, script), ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  return JSON.parse(out) as T;
}

async function main(): Promise<void> {
  const { dir, megabytes: corpusMB } = await ensureCorpus(count, seed);
  console.log(
    `Journey Lens bench: ${count} recordings, ${corpusMB.toFixed(1)} MB, Node ${process.version}, ${availableParallelism()} cores`,
  );

  // Warm the page cache so the floor and the analysis read from memory alike.
  child('floor.ts', dir);
  const floor = child<{ ms: number; maxRssMB: number; steps: number }>('floor.ts', dir);
  const full = child<{
    ms: number;
    cpuMs?: number;
    journeys: number;
    accuracy: number | null;
    withStatusAccuracy: number | null;
    method: string;
    fullMaxStallMs: number;
    updateMs: number;
    updateMaxStallMs: number;
    maxRssMB: number;
    retrainMs: number | null;
    retrainMaxStallMs: number | null;
    burst: { saves: number; medianMs: number; maxMs: number };
  }>('analyze.ts', dir);
  // The heap the extension host's report takes, measured apart: a full GC around it needs --expose-gc.
  const resident = childWith<{
    journeys: number;
    compactMB: number;
    fullMB: number;
    compactMaxStallMs: number;
    fullMaxStallMs: number;
  }>(['--expose-gc'], 'residentReport.ts', dir);

  const rows: [string, string][] = [
    ['floor: read + JSON.parse, 1 thread', `${floor.ms.toFixed(0)} ms  (peak RSS ${floor.maxRssMB.toFixed(0)} MB)`],
    [
      'full analysis (parse, normalise, features, train, CV, predict, report)',
      `${full.ms.toFixed(0)} ms  (peak RSS ${full.maxRssMB.toFixed(0)} MB)`,
    ],
    ['ratio full / floor (goal ≤ 1.5)', (full.ms / floor.ms).toFixed(2)],
    [
      'CPU time of the full analysis, all threads (moves less with machine load)',
      full.cpuMs === undefined ? 'n/a' : `${full.cpuMs.toFixed(0)} ms`,
    ],
    ['peak memory / corpus size (goal < 3)', (full.maxRssMB / corpusMB).toFixed(2)],
    ['longest main-thread stall during full analysis', `${full.fullMaxStallMs.toFixed(0)} ms`],
    [
      'one changed file reflected (session.update: previous model scores it)',
      `${full.updateMs.toFixed(0)} ms (longest stall ${full.updateMaxStallMs.toFixed(0)} ms)`,
    ],
    [
      '…then retrained and re-evaluated in the background (onReport)',
      full.retrainMs === null
        ? 'n/a'
        : `${full.retrainMs.toFixed(0)} ms after the change (longest stall ${full.retrainMaxStallMs!.toFixed(0)} ms)`,
    ],
    [
      '…a save while that retrain runs (saves 500 ms apart; 2–3.5 s when it waited for the retrain)',
      `median ${full.burst.medianMs.toFixed(0)} ms, worst ${full.burst.maxMs.toFixed(0)} ms (${full.burst.saves} saves)`,
    ],
    [
      "extension host's resident report (compact; goal ≤ 50 MB at 10,000 journeys)",
      `${resident.compactMB.toFixed(1)} MB  (the full report it held before: ${resident.fullMB.toFixed(0)} MB)`,
    ],
    [
      '…longest main-thread stall receiving it (compact / full report)',
      `${resident.compactMaxStallMs.toFixed(0)} ms / ${resident.fullMaxStallMs.toFixed(0)} ms`,
    ],
    ['journeys / steps', `${full.journeys} / ${floor.steps}`],
    [
      'evaluation',
      `${full.method}: accuracy ${pct(full.accuracy)}; with status (leaking) ${pct(full.withStatusAccuracy)}`,
    ],
  ];
  rows.push(...(await scaleGoalRows(dir, corpusMB, floor.ms, Number(values.small))));
  const width = Math.max(...rows.map(([k]) => k.length));
  for (const [k, v] of rows) console.log(`  ${k.padEnd(width)}  ${v}`);

  // scikit-learn on the exact features and folds of one evaluation (the script finds Debian's python3-sklearn).
  process.stdout.write(
    execFileSync(node, ['--import', 'tsx', path.join(__dirname, 'exportFeatures.ts'), dir], {
      encoding: 'utf8',
      maxBuffer: 1 << 26,
    }),
  );
  if (existsSync(path.join(__dirname, 'firstPaint.ts')) && existsSync('/usr/bin/chromium')) {
    process.stdout.write(
      execFileSync(node, ['--import', 'tsx', path.join(__dirname, 'firstPaint.ts')], { encoding: 'utf8' }),
    );
  }
  // The extension itself in a real workbench, when the offline one is installed (npm test installs it).
  if (existsSync(INSTALL_MARKER)) await benchInWorkbench(dir);
  else console.log('  (the real-workbench figures need the offline workbench: npm run workbench:install)');
  if (values.keep) console.log(`  (corpus kept for the next run in ${dir})`);
  else rmSync(dir, { recursive: true, force: true });
}

function pct(x: number | null): string {
  return x === null ? 'n/a' : percent(x, 1);
}

void main();
