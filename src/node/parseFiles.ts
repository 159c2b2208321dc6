import { accountForFile } from '../core/journeys/parse/account';
import { prepareJourney, type TermSpace } from '../core/journeys/features';
import type { AnalysisOptions } from '../core/journeys/options';
import { deriveJourney } from '../core/journeys/report';
import { journeyRunsAhead } from '../core/journeys/reportJson';
import { readRecordingFile } from './readRecordingFile';
import type { FileResult, FileTask } from './workerProtocol';

const utf8 = new TextEncoder();

/** Per-journey work done while the journey is hot in cache, on whichever thread parsed it. */
export interface ParseExtras {
  /** Each journey's metrics and timeline. */
  derive?: boolean;
  /** With `derive`: its report entry but prediction and analysis, as the full JSON report will write it. */
  reportJson?: boolean;
  /** Its model features, interned in this space. */
  space?: TermSpace;
}

/**
 * Reads, sniffs and parses files; each one ends as a journey, a broken file with located problems, or skipped as not a
 * recording (after a full look). The extras spread per-journey work over every thread that parses. Reads block: it
 * runs on workers.
 */
export function parseFiles(tasks: FileTask[], options: AnalysisOptions, extras: ParseExtras = {}): FileResult[] {
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
      const derived = extras.derive ? deriveJourney(journey, options) : undefined;
      // Bytes: the writer then never encodes the bulk of the report, and they cross threads as one copy.
      if (derived && extras.reportJson)
        derived.ahead = journeyRunsAhead(journey, derived).map((run) => ({
          ...run,
          text: utf8.encode(run.text as string),
        }));
      const prepared = extras.space ? prepareJourney(journey, extras.space) : undefined;
      results.push({ kind: 'journey', file: task.file, journey, problems: verdict.problems, derived, prepared });
    } else if (verdict.kind === 'broken') {
      results.push({ kind: 'broken', file: task.file, problems: verdict.problems });
    } else {
      results.push({ kind: 'skipped', file: task.file, skipped: { file: task.relPath, reason: verdict.reason } });
    }
  }
  return results;
}
