import type { Journey, Problem, Report } from '../core/model';
import type { AnalysisOptions } from '../core/options';

/** One file a worker should read and parse. */
export interface FileTask {
  file: string;
  relPath: string;
}

export type FileResult =
  | { kind: 'journey'; file: string; journey: Journey; problems: Problem[] }
  | { kind: 'broken'; file: string; problems: Problem[] }
  /** Content sniff says this is not a recording (e.g. package.json in a workspace): not a problem, just not ours. */
  | { kind: 'ignored'; file: string };

export type WorkerRequest =
  | { id: number; type: 'parse'; files: FileTask[]; options: AnalysisOptions }
  | { id: number; type: 'build'; root: string; journeys: Journey[]; problems: Problem[]; options: AnalysisOptions };

export type WorkerResponse =
  | { id: number; ok: true; type: 'parse'; results: FileResult[] }
  | { id: number; ok: true; type: 'build'; report: Report }
  | { id: number; ok: false; error: string };
