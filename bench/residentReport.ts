// What the extension host keeps resident after an analysis: the heap its report holds, after a full GC, for the
// compact report it holds now (the session worker keeps the steps) and, for contrast, the full one it held before;
// and the calling thread's longest stall in each (receiving a report is the host's part of an analysis).
// Run with --expose-gc. Prints one JSON line; asserts nothing.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { withDefaults } from '../src/core/journeys/options';
import type { CompactReport } from '../src/core/journeys/reportSummary';
import { AnalysisSession } from '../src/node/analysisSession';
import { findCandidateFiles } from '../src/node/findRecordings';

const gc = (globalThis as { gc?: () => void }).gc;
const held: { report: CompactReport | null } = { report: null };

/** Heap in use after collecting everything collectable (twice: weak references and finalisers need a second pass). */
function heapMB(): number {
  gc!();
  gc!();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

/** The report of one analysis, its session gone (a session keeps its latest report too). */
async function analyzeOnce(dir: string, files: string[], summary: boolean): Promise<CompactReport> {
  const session = new AnalysisSession<CompactReport>(dir, withDefaults(), {}, summary);
  try {
    return await session.analyze(files);
  } finally {
    session.dispose();
  }
}

/** The heap one report holds on this thread (the session worker's isolate is not counted: it has its own heap). */
async function residentMB(
  dir: string,
  files: string[],
  summary: boolean,
): Promise<{ mb: number; journeys: number; maxStallMs: number }> {
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  // Held on a global: a local the function no longer reads may count as dead to the collector already.
  held.report = await analyzeOnce(dir, files, summary);
  delay.disable();
  // The worker's listeners (and through them the session) stay reachable until its termination completes.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const journeys = held.report.journeys.length;
  const withIt = heapMB();
  held.report = null;
  const without = heapMB();
  return { mb: withIt - without, journeys, maxStallMs: delay.max / 1e6 };
}

async function main(): Promise<void> {
  if (!gc) throw new Error('run with --expose-gc');
  const dir = process.argv[2];
  const files = await findCandidateFiles(dir);
  const compact = await residentMB(dir, files, true);
  const full = await residentMB(dir, files, false);
  process.stdout.write(
    JSON.stringify({
      journeys: compact.journeys,
      compactMB: compact.mb,
      fullMB: full.mb,
      compactMaxStallMs: compact.maxStallMs,
      fullMaxStallMs: full.maxStallMs,
    }),
  );
}

void main();
