import { looksLikeRecording, parseRecording } from '../core/journeys/parse';
import type { AnalysisOptions } from '../core/journeys/options';
import { deriveJourney } from '../core/journeys/report';
import { readRecordingFile } from './readRecordingFile';
import type { FileResult, FileTask } from './workerProtocol';

/**
 * Reads, sniffs and parses files. With `derive`, also computes each journey's metrics and timeline while the journey
 * is hot in cache, so that per-journey work is spread over every thread that parses. Reads block: it runs on workers.
 */
export function parseFiles(tasks: FileTask[], options: AnalysisOptions, derive = false): FileResult[] {
  const results: FileResult[] = [];
  for (const task of tasks) {
    const read = readRecordingFile(task.file, task.relPath, options.maxFileBytes);
    if ('problem' in read) {
      results.push({ kind: 'broken', file: task.file, problems: [read.problem] });
      continue;
    }
    if (!looksLikeRecording(read.text.slice(0, 4096))) {
      results.push({ kind: 'ignored', file: task.file });
      continue;
    }
    const out = parseRecording({
      text: read.text,
      file: task.relPath,
      relPath: task.relPath,
      outcomeRules: options.outcomeRules,
    });
    if (out.journey) {
      out.journey.file = task.file;
      const derived = derive ? deriveJourney(out.journey, options) : undefined;
      results.push({ kind: 'journey', file: task.file, journey: out.journey, problems: out.problems, derived });
    } else {
      results.push({ kind: 'broken', file: task.file, problems: out.problems });
    }
  }
  return results;
}
