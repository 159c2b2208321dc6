/**
 * npm run bench:events — the event-log engine against its floor and a peer, measured in the same run. Prints
 * numbers and asserts nothing.
 *   floor: DuckDB alone loading the CSVs into tables, in a fresh process (floor.ts)
 *   full:  `journey-lens events DIR --funnel … --window 7d --json …` (the CLI, its engine child process and all)
 *   recompute: a changed funnel definition answered by an engine that already holds the log
 *   peer:  the same analyses in pandas + scikit-learn (pandas_peer.py, Debian's python3-pandas/-sklearn)
 * Options: --users N (default 12000), --seed S (42), --dir DIR (keep the generated log there; default a folder in
 * the OS temp dir, reused across runs), --no-peer, --rounds N (3: floor, full and peer interleaved N times; medians
 * printed with their range, since this machine's speed drifts from minute to minute).
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { EventsReport, FunnelReport } from '../../src/core/events/types';
import { median as medianOf } from '../../src/core/journeys/profiles';
import { EngineClient } from '../../src/node/events/engineClient';
import { generateShopLog } from './generate';
import { rssOfTree } from './processTree';

const FUNNEL = 'session_start > product_view > add_to_cart > purchase';
const PYTHON = '/usr/bin/python3';

const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '12000' },
    seed: { type: 'string', default: '42' },
    dir: { type: 'string' },
    'no-peer': { type: 'boolean', default: false },
    // Rounds of floor, full and peer, interleaved: this machine's speed drifts by ±20% from minute to minute, so
    // one run of each can compare a fast minute with a slow one. Medians are printed, with the range.
    rounds: { type: 'string', default: '3' },
  },
});
const users = Number(values.users);
const seed = Number(values.seed);
const root = path.resolve(__dirname, '..', '..');
const node = process.execPath;

async function ensureLog(): Promise<string> {
  const dir = values.dir ?? path.join(os.tmpdir(), `journey-lens-bench-events-${users}-${seed}`);
  if (!existsSync(path.join(dir, 'users.csv'))) {
    console.log(`generating ${users} users (seed ${seed}) into ${dir} …`);
    await generateShopLog(dir, users, seed);
  }
  return dir;
}

function csvBytes(dir: string): number {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.csv'))
    .reduce((n, f) => n + statSync(path.join(dir, f)).size, 0);
}

/** Runs a command, sampling the peak RSS of its whole process tree (the CLI forks the engine). */
function timedRun(cmd: string, args: string[]): Promise<{ ms: number; peakMB: number; stdout: string; code: number }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    let peak = 0;
    const timer = setInterval(() => (peak = Math.max(peak, rssOfTree(child.pid!))), 25);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(timer);
      resolve({ ms: performance.now() - t0, peakMB: peak / 1024, stdout, code: code ?? -1 });
    });
  });
}

async function recompute(dir: string): Promise<{ label: string; ms: number; counts: number[] }[]> {
  const client = new EngineClient({ entry: path.join(root, 'dist', 'eventsEngine.js') });
  try {
    // As the extension does: the whole analysis first, then the edits (the first query after a load pays DuckDB's
    // allocation warm-up, which an edit never does).
    await client.request('analyzeAll', { target: dir, options: { funnel: FUNNEL, window: '7d' } });
    const variants: [string, Record<string, unknown>][] = [
      ['the bench funnel again', { funnel: FUNNEL, window: '7d' }],
      ['a step added (5 steps)', { funnel: `${FUNNEL} > session_end`, window: '7d' }],
      ['a step removed (3 steps)', { funnel: 'product_view > add_to_cart > purchase', window: '7d' }],
      ['unit session, window 24h', { funnel: FUNNEL, window: '24h', unit: 'session' }],
      ['order strict', { funnel: FUNNEL, window: '7d', order: 'strict' }],
      ['breakdown by users.segment', { funnel: FUNNEL, window: '7d', by: 'segment' }],
    ];
    const out = [];
    for (const [label, options] of variants) {
      const t0 = performance.now();
      const f = (await client.request('funnel', { options })) as FunnelReport | null;
      out.push({ label, ms: performance.now() - t0, counts: f?.steps.map((s) => s.count) ?? [] });
    }
    return out;
  } finally {
    await client.dispose();
  }
}

interface PeerOutput {
  seconds: Record<string, number>;
  funnel: number[];
}

async function main(): Promise<void> {
  const dir = await ensureLog();
  const bytes = csvBytes(dir);
  for (const f of readdirSync(dir)) readFileSync(path.join(dir, f)); // warm the page cache for every contender
  console.log(
    `Journey Lens bench:events — ${users} users, ${(bytes / 1e6).toFixed(0)} MB of CSV in ${dir}; Node ${process.version}, ${os.availableParallelism()} cores`,
  );

  const rounds = Math.max(1, Number(values.rounds));
  const json = path.join(os.tmpdir(), `journey-lens-bench-events-${process.pid}.json`);
  const peerScript = path.join(__dirname, 'pandas_peer.py');
  const withPeer = !values['no-peer'] && existsSync(PYTHON) && existsSync(peerScript);
  const floors: { ms: number; rows: number; maxRssMB: number }[] = [];
  const fulls: { ms: number; peakMB: number }[] = [];
  const peers: { ms: number; out: PeerOutput }[] = [];
  let ours: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const floorRun = execFileSync(node, ['--import', 'tsx', path.join(__dirname, 'floor.ts'), dir], {
      cwd: root,
      encoding: 'utf8',
    });
    floors.push(JSON.parse(floorRun) as { ms: number; rows: number; maxRssMB: number });
    const full = await timedRun(node, [
      'dist/cli.js',
      'events',
      dir,
      '--funnel',
      FUNNEL,
      '--window',
      '7d',
      '--json',
      json,
      '--quiet',
    ]);
    if (full.code !== 0) throw new Error(`the CLI exited with ${full.code}`);
    fulls.push(full);
    const report = JSON.parse(readFileSync(json, 'utf8')) as EventsReport;
    rmSync(json, { force: true });
    ours = report.funnel?.steps.map((s) => s.count) ?? [];
    if (withPeer) {
      const run = await timedRun(PYTHON, [peerScript, dir, '--funnel', FUNNEL, '--window', '7d']);
      if (run.code === 0) peers.push({ ms: run.ms, out: JSON.parse(run.stdout) as PeerOutput });
      else console.log(`  (the pandas peer exited with ${run.code})`);
    }
  }
  // rounds ≥ 1, so never null
  const median = (xs: number[]) => medianOf(xs)!;
  const spread = (xs: number[]) =>
    xs.length > 1 ? ` [${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)}]` : '';
  const floor = {
    ms: median(floors.map((f) => f.ms)),
    rows: floors[0].rows,
    maxRssMB: median(floors.map((f) => f.maxRssMB)),
  };
  const full = { ms: median(fulls.map((f) => f.ms)), peakMB: Math.max(...fulls.map((f) => f.peakMB)) };
  const peer = peers.length ? peers[peers.length - 1].out : null;
  const peerMs = peers.length ? median(peers.map((p) => p.ms)) : 0;

  const recomputes = await recompute(dir);

  const rows: [string, string][] = [
    [
      'floor: DuckDB loads the CSVs into tables (fresh process)',
      `${floor.ms.toFixed(0)} ms${spread(floors.map((f) => f.ms))}  (${floor.rows} rows, peak RSS ${floor.maxRssMB.toFixed(0)} MB)`,
    ],
    [
      'full: journey-lens events (load, funnel 7d, friction, paths, retention, segments, LTV, JSON)',
      `${full.ms.toFixed(0)} ms${spread(fulls.map((f) => f.ms))}  (peak RSS of CLI + engine ${full.peakMB.toFixed(0)} MB)`,
    ],
    [
      'ratio full / floor (goal ≤ 2.5), medians; per round',
      `${(full.ms / floor.ms).toFixed(2)}  (${fulls.map((f, i) => (f.ms / floors[i].ms).toFixed(2)).join(', ')})`,
    ],
    ['peak RSS / CSV size (goal ≤ 2)', (full.peakMB / (bytes / 1048576)).toFixed(2)],
  ];
  for (const r of recomputes)
    rows.push([`recompute: ${r.label} (goal ≤ 1000)`, `${r.ms.toFixed(0)} ms  [${r.counts.join(' > ')}]`]);
  if (peer) {
    rows.push([
      'peer: pandas + scikit-learn, same analyses (whole process)',
      `${peerMs.toFixed(0)} ms${spread(peers.map((p) => p.ms))}  (${Object.entries(peer.seconds)
        .map(([k, v]) => `${k} ${v.toFixed(1)} s`)
        .join(', ')})`,
    ]);
    rows.push([
      'peer / full (goal ≥ 5), medians; per round',
      `${(peerMs / full.ms).toFixed(2)}  (${peers.map((p, i) => (p.ms / fulls[i].ms).toFixed(2)).join(', ')})`,
    ]);
  }
  const width = Math.max(...rows.map(([k]) => k.length));
  for (const [k, v] of rows) console.log(`  ${k.padEnd(width)}  ${v}`);
  console.log(`  funnel "${FUNNEL}", window 7d, unit user:`);
  console.log(`    Journey Lens  ${ours.join(' > ')}`);
  if (peer) {
    const same = peer.funnel.length === ours.length && peer.funnel.every((n, i) => n === ours[i]);
    console.log(`    pandas peer   ${peer.funnel.join(' > ')}   ${same ? '(agree)' : '(DISAGREE)'}`);
  }
}

main().catch((err: Error) => {
  console.error(err.stack ?? err.message);
  process.exit(1);
});
