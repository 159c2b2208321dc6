import { accountForFile } from '../core/journeys/parse/account';
import type { AnalysisOptions } from '../core/journeys/options';
import { deriveJourney } from '../core/journeys/report';
import { stepsJsonText } from '../core/journeys/reportJson';
import { readRecordingFile } from './readRecordingFile';
import type { FileResult, FileTask } from './workerProtocol';

/**
 * Reads, sniffs and parses files; each one ends as a journey, a broken file with located problems, or skipped as not a
 * recording (after a full look). With `derive`, also computes each journey's metrics and timeline while the journey
 * is hot in cache, so that per-journey work is spread over every thread that parses; with `stepsJson` too, its steps
 * as the full JSON report will write them. Reads block: it runs on workers.
 */
export function parseFiles(
  tasks: FileTask[],
  options: AnalysisOptions,
  derive = false,
  stepsJson = false,
): FileResult[] {
  const results: FileResult[] = [];
  for (const task of tasks) {
    const read = readRecordingFile(task.file, task.relPath, options.maxFileBytes);
    if ('problem' in read) {
      results.push({ kind: 'broken', file: task.file, problems: [read.problem] });
      continue;
    }
    const verdict = accountForFile({
      text: read.text,
      file: task.relPath,
      relPath: task.relPath,
      outcomeRules: options.outcomeRules,
    });
    if (verdict.kind === 'journey') {
      const journey = verdict.journey;
      journey.file = task.file;
      const derived = derive ? deriveJourney(journey, options) : undefined;
      if (derived && stepsJson) derived.stepsJson = stepsJsonText(journey.steps);
      results.push({ kind: 'journey', file: task.file, journey, problems: verdict.problems, derived });
    } else if (verdict.kind === 'broken') {
      results.push({ kind: 'broken', file: task.file, problems: verdict.problems });
    } else {
      results.push({ kind: 'skipped', file: task.file, skipped: { file: task.relPath, reason: verdict.reason } });
    }
  }
  return results;
}
