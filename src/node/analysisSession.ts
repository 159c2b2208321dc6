// The analysis of one folder, kept up to date incrementally. One session worker parses (with a helper for the 2nd
// core), keeps the journeys, trains and builds; this class only routes requests and holds the latest report, so the
// extension host's thread stays free and never receives journeys, only reports. The extension host asks for compact
// reports (`summary`) and fetches one journey's steps, timeline and analysis when it needs them (`journeyDetail`).
import type { CompactJourney, CompactReport, JourneyDetail } from '../core/journeys/reportSummary';
import type { Report } from '../core/journeys/types';
import type { AnalysisOptions } from '../core/journeys/options';
import { findCandidateFiles, relativeId } from './findRecordings';
import { WorkerClient } from './workerClient';
import type { ReportPatch, SessionMessage, SessionRequest } from './workerProtocol';

export interface SessionProgress {
  phase: 'reading' | 'training' | 'done';
  done: number;
  total: number;
}

export interface SessionHooks<R extends CompactReport = Report> {
  onProgress?(p: SessionProgress): void;
  /** Fires whenever a newer report is ready (after analyze, update, or a background retrain). */
  onReport?(report: R): void;
  log?(message: string): void;
}

type Answer = Extract<SessionMessage, { ok: boolean }>;
type RequestBody = SessionRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;
type Event = Exclude<SessionMessage, { ok: boolean }>;
type DetailAnswer = Extract<SessionMessage, { type: 'journeyDetail' }>;

/** One journey's detail as the session worker sent it: JSON bytes to forward as they are, or parse. */
export interface DetailBytes {
  /** UTF-8 JSON of a JourneyDetail; null when the newest analysis has no such journey. */
  bytes: Uint8Array | null;
  /** generatedAt of the report that answered. */
  generatedAt: string;
}

/**
 * `R` is what the reports hold: full journeys (`Report`, the default: the CLI, the bench) or, with `summary` set,
 * compact ones (`CompactReport`: the extension host). The worker sends what `summary` asks for.
 */
export class AnalysisSession<R extends CompactReport = Report> {
  private worker: WorkerClient<SessionRequest, SessionMessage> | null = null;
  private latest: R | null = null;
  /** The last whole report the worker sent: what its patches are relative to. */
  private base: R | null = null;
  private known: string[] = [];
  /** Journeys sent ahead of a whole report, by request id (see the 'journeys' message). */
  private readonly slices = new Map<number, CompactJourney[]>();
  /** The worker's alphabetical order of each whole report's journeys (see nameOrder), while the report lives. */
  private readonly nameOrders = new WeakMap<object, Int32Array>();
  /** Id of the newest request sent; events and answers for older ones never overwrite newer results. */
  private newest = 0;
  /**
   * The same id, shared with the session worker's memory: its background retrain reads it in the middle of
   * synchronous work and gives way to a newer request at once, before that request's message could reach it.
   */
  private readonly newestShared = new Int32Array(new SharedArrayBuffer(4));

  constructor(
    readonly root: string,
    readonly options: AnalysisOptions,
    readonly hooks: SessionHooks<R> = {},
    /** Reports with compact journeys (the extension host); full ones otherwise (the CLI, the bench). */
    readonly summary = false,
  ) {}

  /** The latest report, or null before the first analysis. */
  get report(): R | null {
    return this.latest;
  }

  /** Indices of `report`'s journeys in alphabetical order, when the worker sent them with it (whole reports). */
  nameOrder(report: R): Int32Array | undefined {
    return this.nameOrders.get(report);
  }

  /** Files the session currently knows as recordings or broken recordings (not the skipped ones). */
  get files(): string[] {
    return [...this.known];
  }

  /**
   * Full analysis of the candidate files (absolute paths). Files that hold no recording (after a full look) are listed
   * in report.skipped with the reason; broken recordings appear in report.problems with line and column.
   * With `json`, the worker also writes the full report to that file (atomically) before it answers; `unpaced` sends
   * the report's journeys without pacing them (see SessionRequest), for a caller with no thread to keep responsive.
   */
  analyze(files: string[], signal?: AbortSignal, json?: string, unpaced?: boolean): Promise<R> {
    const tasks = [...new Set(files)].map((file) => ({ file, relPath: relativeId(this.root, file) }));
    return this.call(
      { type: 'analyze', root: this.root, files: tasks, options: this.options, summary: this.summary, json, unpaced },
      signal,
    );
  }

  /**
   * Incremental: re-parse only `changed` (added or edited) files, drop `deleted` ones. For a few files the report
   * comes back at once, with changed journeys scored by the previous model (`outOfFold: false`) and the previous
   * evaluation; the retrained report follows through `hooks.onReport`.
   */
  update(changes: { changed: string[]; deleted: string[] }, signal?: AbortSignal): Promise<R> {
    const changed = [...new Set(changes.changed)].map((file) => ({ file, relPath: relativeId(this.root, file) }));
    return this.call(
      {
        type: 'update',
        root: this.root,
        changed,
        deleted: changes.deleted,
        options: this.options,
        summary: this.summary,
      },
      signal,
    );
  }

  /**
   * One journey's steps, timeline and analysis as JSON bytes, from the newest report the worker built (which may be
   * newer than `report` while an update is on its way). Served between the chunks of an analysis under way.
   */
  async journeyDetailBytes(journeyId: string): Promise<DetailBytes> {
    if (!this.worker) throw new Error('no analysis has run in this session');
    const res = await this.worker.request<Answer>({ type: 'journeyDetail', journeyId });
    if (!res.ok) throw new Error(`analysis worker failed: ${res.error}`);
    if (res.type !== 'journeyDetail') throw new Error(`analysis worker answered ${res.type} to journeyDetail`);
    return { bytes: (res as DetailAnswer).detail, generatedAt: res.generatedAt };
  }

  /** Ids of the newest report's journeys whose text, steps included, has every word of `text`. */
  async search(text: string): Promise<string[]> {
    if (!this.worker) return [];
    const res = await this.worker.request<Answer>({ type: 'search', text });
    if (!res.ok) throw new Error(`analysis worker failed: ${res.error}`);
    if (res.type !== 'search') throw new Error(`analysis worker answered ${res.type} to search`);
    return res.journeyIds;
  }

  /** The same, parsed; undefined when the newest analysis has no such journey. */
  async journeyDetail(journeyId: string): Promise<JourneyDetail | undefined> {
    const { bytes } = await this.journeyDetailBytes(journeyId);
    return bytes ? (JSON.parse(new TextDecoder().decode(bytes)) as JourneyDetail) : undefined;
  }

  dispose(): void {
    this.newest = Infinity;
    this.worker?.dispose();
    this.worker = null;
  }

  private client(): WorkerClient<SessionRequest, SessionMessage> {
    return (this.worker ??= new WorkerClient<SessionRequest, SessionMessage>(
      { role: 'session', newestRequest: this.newestShared },
      (msg) => 'ok' in msg,
      (msg) => this.onEvent(msg as Event),
    ));
  }

  /** The whole report with the journeys sent ahead of it. */
  private assemble(id: number, report: CompactReport, nameOrder?: Int32Array): R {
    const journeys = this.slices.get(id) ?? [];
    this.slices.delete(id);
    // The worker sent the journeys `summary` asked for: full ones for a Report, compact ones for a CompactReport.
    const whole = { ...report, journeys } as R;
    if (nameOrder) this.nameOrders.set(whole, nameOrder);
    return whole;
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
      const report = (this.base = this.assemble(msg.id, msg.report, msg.nameOrder));
      if (msg.id !== this.newest) return;
      this.hooks.log?.('retrained after an incremental update');
      this.accept(report);
    }
  }

  private call(req: RequestBody, signal?: AbortSignal): Promise<R> {
    throwIfAborted(signal);
    const client = this.client();
    const id = (this.newest = client.upcomingId);
    Atomics.store(this.newestShared, 0, id);
    // Received even when the caller gave up: the worker's state moved on, and later patches refer to this report.
    const received = client.request<Answer>(req).then((res) => this.receive(id, res));
    return signal ? raceAbort(received, signal) : received;
  }

  private receive(id: number, res: Answer): R {
    // Requests are served in order, so slices of an older one still here belong to a retrain the worker gave up.
    for (const older of this.slices.keys()) if (older < id) this.slices.delete(older);
    if (!res.ok) {
      this.slices.delete(id);
      throw new Error(`analysis worker failed: ${res.error}`);
    }
    if (res.type !== 'report') throw new Error(`analysis worker answered ${res.type} to an analysis`);
    let report: R;
    if (res.report) {
      report = this.base = this.assemble(id, res.report, res.nameOrder);
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

  private accept(report: R): void {
    this.latest = report;
    this.hooks.onReport?.(report);
  }
}

/** Rebuilds a provisional report from the last whole one: unchanged journeys keep their objects. */
function applyPatch<R extends CompactReport>(base: R, patch: ReportPatch): R {
  const fresh = new Map<string, CompactJourney>();
  for (const jr of patch.fresh) fresh.set(jr.file, jr);
  let journeys: CompactJourney[];
  if (patch.order === null) {
    journeys = base.journeys.map((jr) => fresh.get(jr.file) ?? jr);
  } else {
    const byFile = new Map<string, CompactJourney>();
    for (const jr of base.journeys) byFile.set(jr.file, jr);
    for (const [file, jr] of fresh) byFile.set(file, jr);
    journeys = patch.order.map((file) => byFile.get(file)!);
  }
  return {
    ...base,
    generatedAt: patch.generatedAt,
    journeys,
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

/**
 * The same, with the full report written to `json` by the session worker that built it, as it is, and only the
 * compact report sent here: the CLI's `--json` without anything else that needs the full report in this thread.
 */
export async function analyzeFolderToJson(
  root: string,
  options: AnalysisOptions,
  json: string,
  hooks: SessionHooks<CompactReport> = {},
): Promise<CompactReport> {
  const session = new AnalysisSession<CompactReport>(root, options, hooks, true);
  try {
    return await session.analyze(await findCandidateFiles(root), undefined, json, true);
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
