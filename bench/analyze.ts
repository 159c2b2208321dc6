// The full analysis as the CLI runs it, plus the incremental update the extension relies on, with the main thread's
// longest stall (event-loop delay) measured throughout: that is what a user of the extension host would feel.
import { readFileSync, writeFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Report } from '../src/core/journeys/types';
import { withDefaults } from '../src/core/journeys/options';
import { AnalysisSession } from '../src/node/analysisSession';
import { findCandidateFiles } from '../src/node/findRecordings';

async function main(): Promise<void> {
  const dir = process.argv[2];
  const options = withDefaults();
  const delay = monitorEventLoopDelay({ resolution: 5 });
  let nextReport: ((r: Report) => void) | null = null;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const files = await findCandidateFiles(dir);
  const session = new AnalysisSession(dir, options, {
    onReport: (r) => nextReport?.(r),
    log: (m) => process.stderr.write(`  session: ${m}\n`),
  });
  delay.enable();
  const report = await session.analyze(files);
  const ms = performance.now() - t0;
  // CPU time of every thread in the process: on a shared, loaded machine it moves less than wall time.
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  delay.disable();
  const fullMaxStallMs = delay.max / 1e6;

  // One edited file in a workspace of them all: what the watcher does on save. The session answers with the previous
  // model's view of the edited journey, then retrains in the background and reports again (onReport).
  const target = files[Math.floor(files.length / 2)];
  writeFileSync(target, readFileSync(target, 'utf8'));
  delay.reset();
  delay.enable();
  const t1 = performance.now();
  const updated = await session.update({ changed: [target], deleted: [] });
  const updateMs = performance.now() - t1;
  const updateMaxStallMs = delay.max / 1e6;
  delay.reset();
  const retrained = await Promise.race([
    new Promise<Report>((resolve) => (nextReport = resolve)),
    new Promise<null>((resolve) => setTimeout(() => resolve(null), 120_000).unref()),
  ]);
  const retrainMs = retrained ? performance.now() - t1 : null;
  delay.disable();
  const burst = await savesDuringRetrain(session, target);
  session.dispose();

  const ev = report.model.evaluation;
  process.stdout.write(
    JSON.stringify({
      ms,
      cpuMs,
      journeys: report.journeys.length,
      problems: report.problems.length,
      accuracy: ev?.accuracy ?? null,
      withStatusAccuracy: ev?.withStatus.accuracy ?? null,
      method: ev ? `${ev.method} (${ev.folds} folds, n=${ev.n})` : report.model.note,
      fullMaxStallMs,
      updateMs,
      updateMaxStallMs,
      updateJourneys: updated.journeys.length,
      retrainMs,
      retrainMaxStallMs: retrained ? delay.max / 1e6 : null,
      burst,
      maxRssMB: process.resourceUsage().maxRSS / 1024,
    }),
  );
}
void main();

/**
 * Saves in quick succession, as a user editing one file does: each comes SPACING_MS after the previous one was
 * reflected, by when the background retrain it scheduled (after 300 ms of quiet) is under way. Its median and
 * worst time to be reflected, which the retrain giving way at once (sessionWorker.ts, Checkpoint) keeps near an idle save.
 */
async function savesDuringRetrain(
  session: AnalysisSession,
  file: string,
): Promise<{ saves: number; medianMs: number; maxMs: number }> {
  const SAVES = 8;
  const SPACING_MS = 500;
  const text = readFileSync(file, 'utf8');
  const times: number[] = [];
  for (let i = 0; i < SAVES; i++) {
    await new Promise((resolve) => setTimeout(resolve, SPACING_MS));
    writeFileSync(file, `${text}${' '.repeat(i + 1)}`);
    const t = performance.now();
    await session.update({ changed: [file], deleted: [] });
    times.push(performance.now() - t);
  }
  writeFileSync(file, text);
  // The first save lands on an idle worker; the rest on a retrain under way.
  const during = times.slice(1).sort((a, b) => a - b);
  return { saves: during.length, medianMs: during[Math.floor(during.length / 2)], maxMs: during[during.length - 1] };
}
