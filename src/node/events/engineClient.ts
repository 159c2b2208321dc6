/**
 * The caller's side of the engine child process: typed requests with sequence numbers, progress per request,
 * and crash handling — if the child dies (kill -9, a native abort) every request in flight is rejected with a clear
 * error, and the next request starts a fresh process (which must `load` again).
 */
import { fork, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import type { EngineMessage, EngineRequests, EngineSettings, RequestType } from './engineProtocol';

export interface EngineClientOptions extends Partial<EngineSettings> {
  /** The child's entry; defaults to eventsEngine.js beside this bundle (engineMain.ts under tsx). */
  entry?: string;
}

interface Pending {
  type: RequestType;
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
  onProgress?: (text: string) => void;
}

export class EngineCrashedError extends Error {}

export class EngineClient {
  private child: ChildProcess | null = null;
  private seq = 0;
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly options: EngineClientOptions = {}) {}

  /** The current child's pid (undefined before the first request or after a crash). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  request<K extends RequestType>(
    type: K,
    params: EngineRequests[K]['params'],
    onProgress?: (text: string) => void,
  ): Promise<EngineRequests[K]['result']> {
    const child = this.child ?? this.start();
    const id = ++this.seq;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { type, resolve: resolve as (v: unknown) => void, reject, onProgress });
      child.send({ id, type, params }, (err) => {
        if (err && this.pending.delete(id))
          reject(new EngineCrashedError(`could not reach the event engine process: ${err.message}`));
      });
    });
  }

  /** Ends the child politely (close request) or, if that does not answer, kills it. */
  async dispose(): Promise<void> {
    const child = this.child;
    if (!child) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    // The timer is cleared once the child answers: left pending, it kept the CLI's process alive 5 s after its work.
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.request('close', {}),
        new Promise((_, rej) => (timer = setTimeout(() => rej(new Error('timeout')), 5000))),
      ]);
    } catch {
      child.kill('SIGKILL');
    } finally {
      clearTimeout(timer);
    }
    await exited;
  }

  private start(): ChildProcess {
    const ts = __filename.endsWith('.ts');
    const entry = this.options.entry ?? path.join(__dirname, ts ? 'engineMain.ts' : 'eventsEngine.js');
    const settings: EngineSettings = {
      memoryLimit: this.options.memoryLimit ?? '2GB',
      tempDirectory: this.options.tempDirectory ?? path.join(os.tmpdir(), `journey-lens-duckdb-${process.pid}`),
      threads: this.options.threads,
    };
    const child = fork(entry, [], {
      execArgv: entry.endsWith('.ts') ? ['--import', 'tsx'] : [],
      env: { ...process.env, JOURNEY_LENS_ENGINE: JSON.stringify(settings) },
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.child = child;
    child.on('message', (m: EngineMessage) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      if (m.kind === 'progress') return p.onProgress?.(m.text);
      this.pending.delete(m.id);
      if (m.kind === 'result') p.resolve(m.result);
      else p.reject(new Error(m.message));
    });
    child.on('exit', (code, signal) => {
      if (this.child === child) this.child = null;
      const how = signal ? `was killed (${signal})` : `exited with code ${code}`;
      for (const [id, p] of this.pending) {
        this.pending.delete(id);
        p.reject(
          new EngineCrashedError(
            `the event engine process ${how} while answering "${p.type}"; the next request starts a new one (load the data again)`,
          ),
        );
      }
    });
    child.on('error', () => {
      /* 'exit' follows and rejects what was pending */
    });
    return child;
  }
}
