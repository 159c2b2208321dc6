// STUB (owner: lead). Contract the extension host and the CLI use: analysis of a folder, kept up to date incrementally.
// Parsing and training run in worker threads; this class only routes work and holds the latest Report.
import type { Report } from '../core/model';
import type { AnalysisOptions } from '../core/options';

export interface SessionProgress {
  phase: 'reading' | 'training' | 'done';
  done: number;
  total: number;
}

export interface SessionHooks {
  onProgress?(p: SessionProgress): void;
  /** Fires when a background retrain after `update` produced a newer report. */
  onReport?(report: Report): void;
  log?(message: string): void;
}

export class AnalysisSession {
  constructor(
    readonly root: string,
    readonly options: AnalysisOptions,
    readonly hooks: SessionHooks = {},
  ) {}

  /** The latest report, or null before the first analysis. */
  get report(): Report | null {
    return null;
  }

  /**
   * Full analysis of the candidate files (absolute paths). Files that don't look like recordings (content sniff) are
   * ignored silently; broken recordings appear in report.problems with line/column.
   */
  async analyze(_files: string[], _signal?: AbortSignal): Promise<Report> {
    throw new Error('not implemented');
  }

  /**
   * Incremental: re-parse only `changed` (added or edited) files and drop `deleted` ones. Resolves quickly with a report
   * in which changed journeys are predicted by the current model; retrains in the background and then calls onReport.
   */
  async update(_changes: { changed: string[]; deleted: string[] }, _signal?: AbortSignal): Promise<Report> {
    throw new Error('not implemented');
  }

  dispose(): void {}
}

/** Convenience for the CLI: find candidate files under a folder (skipping node_modules, .git) and analyse them. */
export async function analyzeFolder(_root: string, _options: AnalysisOptions, _hooks?: SessionHooks): Promise<Report> {
  throw new Error('not implemented');
}
