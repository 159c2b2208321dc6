// The analysis of one folder, kept up to date incrementally. One session worker parses (with a helper for the 2nd
// core), keeps the journeys, trains and builds; this class only routes requests and holds the latest report, so the
// extension host's thread stays free and never receives journeys, only reports.
import type { JourneyReport, Report } from '../core/journeys/types';
import type { AnalysisOptions } from '../core/journeys/options';
import { findCandidateFiles, relativeId } from './findRecordings';
import { WorkerClient } from './workerClient';
import type { ReportPatch, SessionMessage, SessionRequest } from './workerProtocol';

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

type Answer = Extract<SessionMessage, { ok: boolean }>;
type RequestBody = SessionRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;
type Event = Exclude<SessionMessage, { ok: boolean }>;

export class AnalysisSession {
  private worker: WorkerClient<SessionRequest, SessionMessage> | null = null;
  private latest: Report | null = null;
  /** The last whole report the worker sent: what its patches are relative to. */
  private base: Report | null = null;
  private known: string[] = [];
  /** Journeys sent ahead of a whole report, by request id (see the 'journeys' message). */
  private readonly slices = new Map<number, JourneyReport[]>();
  /** Id of the newest request sent; events and answers for older ones never overwrite newer results. */
  private newest = 0;

  constructor(
    readonly root: string,
    readonly options: AnalysisOptions,
    readonly hooks: SessionHooks = {},
  ) {}

  /** The latest report, or null before the first analysis. */
  get report(): Report | null {
    return this.latest;
  }

  /** Files the session currently knows as recordings or broken recordings (not the skipped ones). */
  get files(): string[] {
    return [...this.known];
  }

  /**
   * Full analysis of the candidate files (absolute paths). Files that hold no recording (after a full look) are listed
   * in report.skipped with the reason; broken recordings appear in report.problems with line and column.
   */
  analyze(files: string[], signal?: AbortSignal): Promise<Report> {
    const tasks = [...new Set(files)].map((file) => ({ file, relPath: relativeId(this.root, file) }));
    return this.call({ type: 'analyze', root: this.root, files: tasks, options: this.options }, signal);
  }

  /**
   * Incremental: re-parse only `changed` (added or edited) files, drop `deleted` ones. For a few files the report
   * comes back at once, with changed journeys scored by the previous model (`outOfFold: false`) and the previous
   * evaluation; the retrained report follows through `hooks.onReport`.
   */
  update(changes: { changed: string[]; deleted: string[] }, signal?: AbortSignal): Promise<Report> {
    const changed = [...new Set(changes.changed)].map((file) => ({ file, relPath: relativeId(this.root, file) }));
    return this.call(
      { type: 'update', root: this.root, changed, deleted: changes.deleted, options: this.options },
      signal,
    );
  }

  dispose(): void {
    this.newest = Infinity;
    this.worker?.dispose();
    this.worker = null;
  }

  private client(): WorkerClient<SessionRequest, SessionMessage> {
    return (this.worker ??= new WorkerClient<SessionRequest, SessionMessage>(
      undefined,
      (msg) => 'ok' in msg,
      (msg) => this.onEvent(msg as Event),
    ));
  }

  /** The whole report with the journeys sent ahead of it. */
  private assemble(id: number, report: Report): Report {
    const journeys = this.slices.get(id) ?? [];
    this.slices.delete(id);
    return { ...report, journeys };
  }

  private onEvent(msg: Event): void {
    if (msg.type === 'journeys') {
      let list = this.slices.get(msg.id);
      if (!list) this.slices.set(msg.id, (list = []));
      for (const jr of msg.journeys) list.push(jr);
      this.worker?.send({ id: msg.id, type: 'sliceTaken' });
    } else if (msg.type === 'progress') {
      if (msg.id === this.newest) this.hooks.onProgress?.(msg.progress);
    } else if (msg.type === 'log') {
      this.hooks.log?.(msg.message);
    } else if (msg.type === 'retrained') {
      const report = (this.base = this.assemble(msg.id, msg.report));
      if (msg.id !== this.newest) return;
      this.hooks.log?.('retrained after an incremental update');
      this.accept(report);
    }
  }

  private call(req: RequestBody, signal?: AbortSignal): Promise<Report> {
    throwIfAborted(signal);
    const client = this.client();
    const id = (this.newest = client.upcomingId);
    // Received even when the caller gave up: the worker's state moved on, and later patches refer to this report.
    const received = client.request<Answer>(req).then((res) => this.receive(id, res));
    return signal ? raceAbort(received, signal) : received;
  }

  private receive(id: number, res: Answer): Report {
    if (!res.ok) {
      this.slices.delete(id);
      throw new Error(`analysis worker failed: ${res.error}`);
    }
    let report: Report;
    if (res.report) {
      report = this.base = this.assemble(id, res.report);
    } else if (res.patch && this.base) {
      report = applyPatch(this.base, res.patch);
    } else {
      throw new Error('analysis worker sent a patch without a report to apply it to');
    }
    if (id === this.newest) {
      this.known = res.files;
      this.accept(report);
    }
    return report;
  }

  private accept(report: Report): void {
    this.latest = report;
    this.hooks.onReport?.(report);
  }
}

/** Rebuilds a provisional report from the last whole one: unchanged journeys keep their objects. */
function applyPatch(base: Report, patch: ReportPatch): Report {
  const byFile = new Map<string, JourneyReport>();
  for (const jr of base.journeys) byFile.set(jr.file, jr);
  for (const jr of patch.fresh) byFile.set(jr.file, jr);
  return {
    ...base,
    generatedAt: patch.generatedAt,
    journeys: patch.order.map((file) => byFile.get(file)!),
    problems: patch.problems,
    skipped: patch.skipped,
  };
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

function raceAbort<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new DOMException('Analysis cancelled', 'AbortError'));
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw new DOMException('Analysis cancelled', 'AbortError');
}
