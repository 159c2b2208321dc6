/**
 * The event sources analysed in this window: each one's report, the funnel definition and columns the dashboard's
 * editor starts from, and the stamp (path + size + mtime of its files) its cached report belongs to. A second
 * Analyze Events on an unchanged source answers from here; a file change seen by the watcher (or a different stamp
 * at the next run) makes it analyse again.
 */
import path from 'node:path';
import * as vscode from 'vscode';
import type { EventsOptions } from '../../core/events/options';
import type { EventsReport, FunnelDefinition } from '../../core/events/types';
import { errorText } from '../log';
import type { EventsEngine, EventsSourceSpec } from './eventsEngine';
import type { EventsSourceStore } from './eventsSourceStore';
import { belongsTo, sourceStamp } from './sourceStamp';

export interface EventsSource {
  /** Absolute path of the folder or file that was analysed (the cache key with the stamp). */
  target: string;
  name: string;
  isFolder: boolean;
  report: EventsReport;
  definition: FunnelDefinition | null;
  columns: { name: string; type: string }[];
  /** The files' stamp the report was built from; undefined once a change was seen (re-analysis pending). */
  stamp: string | undefined;
  analysedAt: number;
  /** The options (settings) it was analysed with: a later query on it (a journey on demand) uses the same. */
  options: Partial<EventsOptions>;
}

export interface EventsRunOptions {
  token?: vscode.CancellationToken;
  onProgress?(text: string): void;
}

/** Counters for the log and the tests: full analyses run, and runs answered from the cache. */
export interface EventsStats {
  analyses: number;
  cacheHits: number;
  reanalyses: number;
  /** Sources brought back from the last window (files unchanged). */
  restored: number;
  /** Wall time of the last analysis in the engine (load + every section), in ms. */
  lastAnalysisMs?: number;
}

const CHANGE_QUIET_MS = 500;
/** Files a watcher on a folder source reports (the content decides what is read; this only filters the noise). */
const EVENT_FILE_GLOB = '**/*.{csv,tsv,jsonl,ndjson,json,parquet,txt}';

export class EventsSources implements vscode.Disposable {
  private readonly entries = new Map<string, EventsSource>();
  private readonly watchers = new Map<string, vscode.FileSystemWatcher>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly running = new Map<string, Promise<EventsSource>>();
  private readonly changeEmitter = new vscode.EventEmitter<EventsSource | undefined>();
  private readonly busyEmitter = new vscode.EventEmitter<{ target: string; busy: boolean }>();
  /** A source was added, re-analysed or changed state; undefined: the list itself changed. */
  readonly onDidChange = this.changeEmitter.event;
  readonly onDidChangeBusy = this.busyEmitter.event;
  readonly stats: EventsStats = { analyses: 0, cacheHits: 0, reanalyses: 0, restored: 0 };
  /** Resolves once the sources kept from the last window are back (at once without a store). */
  readonly restored: Promise<void>;

  constructor(
    readonly engine: EventsEngine,
    private readonly log: vscode.LogOutputChannel,
    private readonly options: () => Partial<EventsOptions> = () => ({}),
    private readonly store?: EventsSourceStore,
  ) {
    this.restored = this.restore();
  }

  /** The sources analysed in an earlier window whose files are unchanged since: back without analysing again. */
  private async restore(): Promise<void> {
    if (!this.store) return;
    try {
      const kept = await this.store.loadAll((file, why) =>
        this.log.warn(`Dropped a stored event source ${file}: ${why}`),
      );
      for (const source of kept) {
        const stamp = await sourceStamp(source.target).catch(() => undefined);
        if (stamp === undefined || stamp !== source.stamp) {
          this.log.info(
            `Event log ${source.target} ${stamp === undefined ? 'is gone' : 'changed'} since its last analysis; it is analysed afresh on the next Analyze Events`,
          );
          await this.store.remove(source.target);
          continue;
        }
        if (this.entries.has(source.target)) continue;
        this.entries.set(source.target, source);
        this.watch(source);
        this.stats.restored++;
      }
      if (this.stats.restored) {
        this.log.info(`Restored ${this.stats.restored} analysed event source(s) from the last window`);
        this.changeEmitter.fire(undefined);
      }
    } catch (err) {
      this.log.warn(`Restoring the analysed event sources failed: ${errorText(err)}`);
    }
  }

  get all(): EventsSource[] {
    return [...this.entries.values()].sort((a, b) => a.name.localeCompare(b.name) || a.target.localeCompare(b.target));
  }

  get(target: string): EventsSource | undefined {
    return this.entries.get(path.resolve(target));
  }

  spec(source: EventsSource | string): EventsSourceSpec {
    return typeof source === 'string'
      ? { target: source, options: this.options() }
      : { target: source.target, options: source.options };
  }

  /** The source's report: from the cache when its files are unchanged, otherwise analysed in the engine. */
  async analyze(target: string, run: EventsRunOptions = {}): Promise<{ source: EventsSource; fromCache: boolean }> {
    const abs = path.resolve(target);
    const stamp = await sourceStamp(abs);
    const cached = this.entries.get(abs);
    // Unchanged files analysed with other settings (a new outcome or unit) are not a cache hit.
    const sameOptions = !!cached && JSON.stringify(cached.options) === JSON.stringify(this.options());
    if (cached && cached.stamp === stamp && sameOptions && !this.running.has(abs)) {
      this.stats.cacheHits++;
      this.log.info(`Analyze Events: ${abs} is unchanged since its last analysis; answered from the cache`);
      return { source: cached, fromCache: true };
    }
    return { source: await this.runAnalysis(abs, stamp, run), fromCache: false };
  }

  /** Forgets a source's cached report (the next run analyses it again). */
  invalidate(target: string): void {
    const entry = this.entries.get(path.resolve(target));
    if (entry) entry.stamp = undefined;
  }

  private runAnalysis(abs: string, stamp: string, run: EventsRunOptions): Promise<EventsSource> {
    const existing = this.running.get(abs);
    if (existing) return existing;
    const task = (async () => {
      const started = performance.now();
      this.busyEmitter.fire({ target: abs, busy: true });
      const cancel = run.token?.onCancellationRequested(() => this.engine.cancel());
      try {
        const spec = this.spec(abs);
        const { load, report, definition } = await this.engine.analyze(spec, run.onProgress);
        if (run.token?.isCancellationRequested) throw new vscode.CancellationError();
        const isFolder = load.root === abs;
        const source: EventsSource = {
          target: abs,
          name: path.basename(abs) || abs,
          isFolder,
          report,
          definition,
          columns: load.info.columns,
          stamp,
          analysedAt: Date.now(),
          options: spec.options,
        };
        this.entries.set(abs, source);
        this.stats.analyses++;
        this.stats.lastAnalysisMs = performance.now() - started;
        this.watch(source);
        this.log.info(
          `Analyze Events: ${abs}: ${report.units.events} events, ${report.units.users} users, ${report.problems.length} problems in ${((performance.now() - started) / 1000).toFixed(2)} s`,
        );
        this.changeEmitter.fire(source);
        this.store
          ?.save(source)
          .catch((err) => this.log.warn(`Keeping ${abs}'s report for the next window failed: ${errorText(err)}`));
        return source;
      } catch (err) {
        if (run.token?.isCancellationRequested) throw new vscode.CancellationError();
        throw err;
      } finally {
        cancel?.dispose();
        this.running.delete(abs);
        this.busyEmitter.fire({ target: abs, busy: false });
      }
    })();
    this.running.set(abs, task);
    return task;
  }

  private watch(source: EventsSource): void {
    if (this.watchers.has(source.target)) return;
    const dir = source.isFolder ? source.target : path.dirname(source.target);
    const glob = source.isFolder ? EVENT_FILE_GLOB : '*';
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(dir), glob));
    const onFile = (uri: vscode.Uri) => {
      if (uri.scheme === 'file' && belongsTo(source.target, source.isFolder, uri.fsPath)) this.changed(source.target);
    };
    watcher.onDidCreate(onFile);
    watcher.onDidChange(onFile);
    watcher.onDidDelete(onFile);
    this.watchers.set(source.target, watcher);
  }

  /** A file of the source changed: the cache entry is stale at once; the analysis runs when the writes go quiet. */
  private changed(target: string): void {
    const entry = this.entries.get(target);
    if (!entry) return;
    if (entry.stamp !== undefined) {
      entry.stamp = undefined;
      this.changeEmitter.fire(entry);
    }
    clearTimeout(this.timers.get(target));
    this.timers.set(
      target,
      setTimeout(() => {
        this.timers.delete(target);
        void this.reanalyze(target);
      }, CHANGE_QUIET_MS),
    );
  }

  private async reanalyze(target: string): Promise<void> {
    try {
      const stamp = await sourceStamp(target);
      if (this.entries.get(target)?.stamp === stamp) return;
      this.stats.reanalyses++;
      this.log.info(`Event log changed: analysing ${target} again`);
      await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: `Journey Lens: analysing ${path.basename(target)}` },
        () => this.runAnalysis(target, stamp, {}),
      );
    } catch (err) {
      // A source that is gone (deleted folder) or that fails now keeps its last report, marked stale in the tree.
      this.log.warn(`Re-analysing ${target} after a change failed: ${errorText(err)}`);
    }
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    for (const w of this.watchers.values()) w.dispose();
    this.watchers.clear();
    this.changeEmitter.dispose();
    this.busyEmitter.dispose();
  }
}
