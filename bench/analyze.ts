// The full analysis as the CLI runs it, plus the incremental update the extension relies on, with the main thread's
// longest stall (event-loop delay) measured throughout: that is what a user of the extension host would feel.
import { readFileSync, writeFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { withDefaults } from '../src/core/options';
import { AnalysisSession } from '../src/node/analysisSession';
import { findCandidateFiles } from '../src/node/findRecordings';

async function main(): Promise<void> {
  const dir = process.argv[2];
  const options = withDefaults();
  const delay = monitorEventLoopDelay({ resolution: 5 });
  const t0 = performance.now();
  const files = await findCandidateFiles(dir);
  const session = new AnalysisSession(dir, options);
  delay.enable();
  const report = await session.analyze(files);
  const ms = performance.now() - t0;
  delay.disable();
  const fullMaxStallMs = delay.max / 1e6;

  // One edited file in a workspace of them all: what the watcher does on save.
  const target = files[Math.floor(files.length / 2)];
  writeFileSync(target, readFileSync(target, 'utf8'));
  delay.reset();
  delay.enable();
  const t1 = performance.now();
  await session.update({ changed: [target], deleted: [] });
  const updateMs = performance.now() - t1;
  delay.disable();
  session.dispose();

  const ev = report.model.evaluation;
  process.stdout.write(
    JSON.stringify({
      ms,
      journeys: report.journeys.length,
      problems: report.problems.length,
      accuracy: ev?.accuracy ?? null,
      withStatusAccuracy: ev?.withStatus.accuracy ?? null,
      method: ev ? `${ev.method} (${ev.folds} folds, n=${ev.n})` : report.model.note,
      fullMaxStallMs,
      updateMs,
      updateMaxStallMs: delay.max / 1e6,
      maxRssMB: process.resourceUsage().maxRSS / 1024,
    }),
  );
}
void main();
