import { looksLikeRecording, parseRecording } from '../core/parse';
import type { AnalysisOptions } from '../core/options';
import { readRecordingFile } from './readRecordingFile';
import type { FileResult, FileTask } from './workerProtocol';

/** Reads, sniffs and parses files; runs inside a worker, and in-process where a worker would cost more than it saves. */
export async function parseFiles(tasks: FileTask[], options: AnalysisOptions): Promise<FileResult[]> {
  const results: FileResult[] = [];
  for (const task of tasks) {
    const read = await readRecordingFile(task.file, task.relPath, options.maxFileBytes);
    if ('problem' in read) {
      results.push({ kind: 'broken', file: task.file, problems: [read.problem] });
      continue;
    }
    if (!looksLikeRecording(read.text.slice(0, 4096))) {
      results.push({ kind: 'ignored', file: task.file });
      continue;
    }
    const out = parseRecording({ text: read.text, file: task.relPath, relPath: task.relPath, outcomeRules: options.outcomeRules });
    if (out.journey) {
      out.journey.file = task.file;
      results.push({ kind: 'journey', file: task.file, journey: out.journey, problems: out.problems });
    } else {
      results.push({ kind: 'broken', file: task.file, problems: out.problems });
    }
  }
  return results;
}
