// The analysis of one folder, kept up to date incrementally. Parsing and training run in worker threads; this class
// only routes work and holds the latest results, so the extension host's thread stays free.
import type { Journey, Problem, Report } from '../core/model';
import type { AnalysisOptions } from '../core/options';
import { findCandidateFiles, relativeId } from './findRecordings';
import { WorkerPool } from './workerPool';
import type { FileResult, FileTask, WorkerResponse } from './workerProtocol';

export interface SessionProgress {
  phase: 'reading' | 'training' | 'done';
  done: number;
  total: number;
}

export interface SessionHooks {
  onProgress?(p: SessionProgress): void;
  /** Fires whenever a newer report is ready (after analyze, update, or a background retrain). */
  onReport?(report: Report): void;
  log?(message: string): void;
}

/** Files per worker request: big enough to amortise messaging, small enough for steady progress and balance. */
const MAX_BATCH = 250;

export class AnalysisSession {
  private readonly pool: WorkerPool;
  private readonly results = new Map<string, FileResult>();
  private latest: Report | null = null;
  private generation = 0;

  constructor(
    readonly root: string,
    readonly options: AnalysisOptions,
    readonly hooks: SessionHooks = {},
    pool?: WorkerPool,
  ) {
    this.pool = pool ?? new WorkerPool();
  }

  /** The latest report, or null before the first analysis. */
  get report(): Report | null {
    return this.latest;
  }

  /** Files the session currently knows as recordings or broken recordings (not the ignored ones). */
  get files(): string[] {
    return [...this.results.values()].filter((r) => r.kind !== 'ignored').map((r) => r.file);
  }

  /**
   * Full analysis of the candidate files (absolute paths). Files that don't look like recordings (content sniff) are
   * ignored silently; broken recordings appear in report.problems with line and column.
   */
  async analyze(files: string[], signal?: AbortSignal): Promise<Report> {
    const generation = ++this.generation;
    this.results.clear();
    await this.parseInto(files, signal);
    return this.rebuild(generation, signal);
  }

  /** Incremental: re-parse only `changed` (added or edited) files, drop `deleted` ones, and rebuild the report. */
  async update(changes: { changed: string[]; deleted: string[] }, signal?: AbortSignal): Promise<Report> {
    const generation = ++this.generation;
    for (const file of changes.deleted) this.results.delete(file);
    await this.parseInto(changes.changed, signal);
    return this.rebuild(generation, signal);
  }

  dispose(): void {
    this.generation++;
    this.pool.dispose();
  }

  private async parseInto(files: string[], signal?: AbortSignal): Promise<void> {
    const tasks: FileTask[] = [...new Set(files)].map((file) => ({ file, relPath: relativeId(this.root, file) }));
    const batchSize = Math.max(1, Math.min(MAX_BATCH, Math.ceil(tasks.length / (this.pool.size * 4))));
    let done = 0;
    this.hooks.onProgress?.({ phase: 'reading', done, total: tasks.length });
    const batches: FileTask[][] = [];
    for (let i = 0; i < tasks.length; i += batchSize) batches.push(tasks.slice(i, i + batchSize));
    await Promise.all(
      batches.map(async (batch) => {
        throwIfAborted(signal);
        const res = expect(await this.pool.request({ type: 'parse', files: batch, options: this.options }), 'parse');
        throwIfAborted(signal);
        for (const r of res.results) this.results.set(r.file, r);
        done += batch.length;
        this.hooks.onProgress?.({ phase: 'reading', done, total: tasks.length });
      }),
    );
  }

  private async rebuild(generation: number, signal?: AbortSignal): Promise<Report> {
    const journeys: Journey[] = [];
    const problems: Problem[] = [];
    for (const r of this.results.values()) {
      if (r.kind === 'journey') journeys.push(r.journey);
      if (r.kind !== 'ignored') problems.push(...r.problems);
    }
    this.hooks.onProgress?.({ phase: 'training', done: 0, total: journeys.length });
    const res = expect(
      await this.pool.request({ type: 'build', root: this.root, journeys, problems, options: this.options }),
      'build',
    );
    throwIfAborted(signal);
    this.hooks.onProgress?.({ phase: 'done', done: journeys.length, total: journeys.length });
    // A slower, older rebuild must never overwrite a newer one.
    if (generation === this.generation) {
      this.latest = res.report;
      this.hooks.onReport?.(res.report);
    }
    return res.report;
  }
}

/** Convenience for the CLI and the bench: find candidate files under a folder and analyse them once. */
export async function analyzeFolder(root: string, options: AnalysisOptions, hooks: SessionHooks = {}): Promise<Report> {
  const session = new AnalysisSession(root, options, hooks);
  try {
    return await session.analyze(await findCandidateFiles(root));
  } finally {
    session.dispose();
  }
}

function expect(res: WorkerResponse, type: 'parse'): Extract<WorkerResponse, { type: 'parse' }>;
function expect(res: WorkerResponse, type: 'build'): Extract<WorkerResponse, { type: 'build' }>;
function expect(res: WorkerResponse, type: 'parse' | 'build'): WorkerResponse {
  if (!res.ok) throw new Error(`analysis worker failed: ${res.error}`);
  if (res.type !== type) throw new Error(`analysis worker answered ${res.type} to a ${type} request`);
  return res;
}

function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw new DOMException('Analysis cancelled', 'AbortError');
}
