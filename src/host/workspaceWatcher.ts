import * as vscode from 'vscode';
import picomatch from 'picomatch';
import { joinGlobs, type WatchSettings } from './settings';

export interface FileChanges {
  /** Absolute paths of files created or edited. */
  changed: string[];
  /** Absolute paths of files deleted. */
  deleted: string[];
}

/**
 * Quiet time before a batch is handed on once it looks like a burst. VS Code's file watcher delivers big bursts in
 * chunks of 500 events every 200 ms, so anything shorter would split a burst of a thousand writes into several
 * re-analyses.
 */
export const QUIET_MS = 300;
/**
 * Quiet time for a batch of a few files (a save in the editor): short, so the change shows at once. A burst's first
 * delivery from VS Code is already a full chunk, far above BURST_FILES, so it still gets the long wait.
 */
export const SAVE_QUIET_MS = 15;
export const BURST_FILES = 20;
/** A stream of events that never goes quiet is still handed on this often. */
export const MAX_WAIT_MS = 5000;

/**
 * Watches the candidate files under one folder and hands on debounced batches. Events that arrive while a batch is
 * being processed are kept and form the next batch, so none is lost; a file's latest event wins
 * (created then deleted is a deletion, deleted then re-created is a change).
 */
export class RecordingWatcher implements vscode.Disposable {
  private readonly watcher: vscode.FileSystemWatcher;
  private readonly isExcluded: (rel: string) => boolean;
  private changed = new Set<string>();
  private deleted = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private firstPendingAt = 0;
  private running = false;
  private disposed = false;
  private readonly idleWaiters: (() => void)[] = [];

  constructor(
    private readonly root: vscode.Uri,
    settings: WatchSettings,
    private readonly onBatch: (changes: FileChanges) => Promise<void>,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.isExcluded = settings.exclude.length ? picomatch(settings.exclude, { dot: true }) : () => false;
    this.watcher = vscode.workspace.createFileSystemWatcher(
      new vscode.RelativePattern(root, joinGlobs(settings.include)),
    );
    this.watcher.onDidCreate((u) => this.record(u, false));
    this.watcher.onDidChange((u) => this.record(u, false));
    this.watcher.onDidDelete((u) => this.record(u, true));
  }

  /** Resolves once no batch is pending or running (tests and "Refresh" use it). */
  whenIdle(): Promise<void> {
    if (!this.busy) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private get busy(): boolean {
    return this.running || this.timer !== undefined || this.changed.size > 0 || this.deleted.size > 0;
  }

  private record(uri: vscode.Uri, deleted: boolean): void {
    if (this.disposed || uri.scheme !== 'file') return;
    const rel = relativeTo(this.root.fsPath, uri.fsPath);
    if (rel === undefined || this.isExcluded(rel)) return;
    const file = uri.fsPath;
    if (deleted) {
      this.changed.delete(file);
      this.deleted.add(file);
    } else {
      this.deleted.delete(file);
      this.changed.add(file);
    }
    this.schedule();
  }

  private schedule(): void {
    if (this.running) return; // the running batch reschedules when it ends
    const now = Date.now();
    if (this.timer === undefined) this.firstPendingAt = now;
    else clearTimeout(this.timer);
    const quiet = this.changed.size + this.deleted.size > BURST_FILES ? QUIET_MS : SAVE_QUIET_MS;
    const wait = Math.max(0, Math.min(quiet, this.firstPendingAt + MAX_WAIT_MS - now));
    this.timer = setTimeout(() => void this.flush(), wait);
  }

  private async flush(): Promise<void> {
    this.timer = undefined;
    if (this.disposed) return;
    const changes: FileChanges = { changed: [...this.changed], deleted: [...this.deleted] };
    this.changed = new Set();
    this.deleted = new Set();
    if (changes.changed.length || changes.deleted.length) {
      this.running = true;
      try {
        this.log.debug(`watcher: ${changes.changed.length} changed, ${changes.deleted.length} deleted`);
        await this.onBatch(changes);
      } catch (err) {
        this.log.error(`watcher: re-analysis failed: ${err instanceof Error ? err.message : String(err)}`);
      } finally {
        this.running = false;
      }
    }
    if (this.changed.size || this.deleted.size) this.schedule();
    else this.settle();
  }

  private settle(): void {
    if (this.busy) return;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.watcher.dispose();
    this.changed.clear();
    this.deleted.clear();
    this.settle();
  }
}

/**
 * Candidate files under the folder, listed by VS Code's file search (ripgrep, in another process).
 * Candidates only: the analysis sniffs each file's content and skips what is not a recording.
 */
export async function listCandidates(
  root: vscode.Uri,
  settings: WatchSettings,
  token?: vscode.CancellationToken,
): Promise<string[]> {
  const exclude = settings.exclude.length ? joinGlobs(settings.exclude) : null;
  const uris = await vscode.workspace.findFiles(
    new vscode.RelativePattern(root, joinGlobs(settings.include)),
    exclude,
    undefined,
    token,
  );
  return uris
    .filter((u) => u.scheme === 'file')
    .map((u) => u.fsPath)
    .sort();
}

/** Forward-slash path of `file` relative to `root`, or undefined when it lies outside. */
export function relativeTo(root: string, file: string): string | undefined {
  const norm = (p: string) => p.replace(/\\/g, '/').replace(/\/+$/, '');
  const r = norm(root);
  const f = norm(file);
  if (f === r || !f.startsWith(r + '/')) return undefined;
  return f.slice(r.length + 1);
}
