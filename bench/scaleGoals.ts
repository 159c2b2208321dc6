// Issue 12's goals that need whole processes, measured as a user runs them: the CLI with --json (wall time and the
// peak resident memory of its process tree), the pandas + RandomForest take-home peer on the same folder, and
// 50,000 small recordings. Prints rows for bench/run.ts; asserts nothing.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Report } from '../src/core/journeys/types';
import { rssOfTree } from './events/processTree';
import { ensureCorpus } from './corpus';

const CLI = path.join(__dirname, '..', 'dist', 'cli.js');
const PYTHON = '/usr/bin/python3';

export interface ProcessRun {
  ms: number;
  peakRssMB: number;
  stdout: string;
  code: number | null;
}

/** Runs a command to its end, sampling its process tree's resident memory every 25 ms. */
export function measureProcess(command: string, args: string[]): Promise<ProcessRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    let peak = 0;
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const timer = setInterval(() => {
      if (child.pid) peak = Math.max(peak, rssOfTree(child.pid));
    }, 25);
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(timer);
      resolve({ ms: performance.now() - started, peakRssMB: peak / 1024, stdout, code });
    });
  });
}

/** The CLI with --json as a user runs it; `evaluate` also reads the report's evaluation (only for small folders:
 * parsing a 169 MB report here would cost seconds for a figure the run does not need). */
async function cliAnalyze(
  dir: string,
  evaluate = false,
): Promise<ProcessRun & { evaluation?: { accuracy: number; n: number } }> {
  const out = mkdtempSync(path.join(tmpdir(), 'journey-lens-bench-report-'));
  try {
    const json = path.join(out, 'r.json');
    const run = await measureProcess(process.execPath, [CLI, 'analyze', dir, '--json', json, '--quiet']);
    if (run.code !== 0) throw new Error(`journey-lens analyze ${dir} exited with ${run.code}`);
    if (!evaluate) return run;
    const ev = (JSON.parse(readFileSync(json, 'utf8')) as Report).model.evaluation;
    return { ...run, evaluation: ev ? { accuracy: ev.accuracy, n: ev.n } : undefined };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** Rows for the bench's table, given the folder of the main corpus and the floor measured on it. */
export async function scaleGoalRows(
  dir: string,
  corpusMB: number,
  floorMs: number,
  smallCount: number,
): Promise<[string, string][]> {
  const rows: [string, string][] = [];
  const cli = await cliAnalyze(dir);
  rows.push(
    [
      'CLI `analyze DIR --json FILE` (whole process)',
      `${cli.ms.toFixed(0)} ms  (peak RSS ${cli.peakRssMB.toFixed(0)} MB)`,
    ],
    ['ratio CLI with --json / floor (goal ≤ 2, stretch 1.5)', (cli.ms / floorMs).toFixed(2)],
    ['peak RSS of the CLI / corpus size (goal ≤ 3)', (cli.peakRssMB / corpusMB).toFixed(2)],
  );
  if (existsSync(PYTHON)) {
    const peer = await measureProcess(PYTHON, [path.join(__dirname, 'pandas_rf_peer.py'), dir]);
    if (peer.code === 0) {
      const p = JSON.parse(peer.stdout.trim().split('\n').pop()!) as { accuracy: number; journeys: number };
      rows.push(
        [
          'peer: pandas + RandomForest (status counts, one split; whole process)',
          `${peer.ms.toFixed(0)} ms  (held-out accuracy ${(p.accuracy * 100).toFixed(1)}% on ${p.journeys} labelled)`,
        ],
        ['peer / CLI (goal ≥ 5)', (peer.ms / cli.ms).toFixed(2)],
      );
    } else
      rows.push(['peer: pandas + RandomForest', `failed (exit ${peer.code}; needs python3-pandas, python3-sklearn)`]);
  } else rows.push(['peer: pandas + RandomForest', 'skipped (no /usr/bin/python3)']);

  // The real exports beside the project (not on a user's machine): the accuracy the issue holds steady.
  const real = path.join(__dirname, '..', '..', 'shared', 'real-recordings');
  if (existsSync(real)) {
    const { evaluation: ev } = await cliAnalyze(real, true);
    rows.push([
      'real sample (../shared/real-recordings): status-blind accuracy (was 83.3%)',
      ev ? `${(ev.accuracy * 100).toFixed(1)}% of ${ev.n} labelled` : 'n/a',
    ]);
  }
  if (smallCount > 0) {
    const small = await ensureCorpus(smallCount, 11, [0.1, 0.3]);
    const run = await cliAnalyze(small.dir);
    rows.push([
      `${smallCount} small recordings (${small.megabytes.toFixed(0)} MB), CLI with --json (goal ≤ 15000 ms)`,
      `${run.ms.toFixed(0)} ms  (peak RSS ${run.peakRssMB.toFixed(0)} MB)`,
    ]);
  }
  return rows;
}
