import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';

/** Where the bundled worker lives: beside the running bundle in dist/, or in dist/ when running from source (tests). */
export function workerScriptPath(): string {
  const beside = path.join(__dirname, 'analysisWorker.js');
  if (existsSync(beside)) return beside;
  let dir = __dirname;
  while (!existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  const built = path.join(dir, 'dist', 'analysisWorker.js');
  if (!existsSync(built)) throw new Error(`analysis worker not built: run "node esbuild.mjs" (looked for ${built})`);
  return built;
}

type Pending = { resolve(r: unknown): void; reject(e: Error): void };
type WithoutId<T> = T extends { id: number } ? Omit<T, 'id'> : never;

/**
 * Requests to one worker thread, matched to answers by id. Messages that answer nothing (progress, background
 * results) go to `onEvent`; the worker itself decides the order it serves requests in.
 */
export class WorkerClient<Req extends { id: number }, Res extends { id: number }> {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private dead: Error | null = null;

  constructor(
    workerData: unknown,
    private readonly isAnswer: (msg: Res) => boolean,
    private readonly onEvent: (msg: Res) => void = () => undefined,
  ) {
    this.worker = new Worker(workerScriptPath(), { workerData });
    this.worker.on('message', (msg: Res) => {
      if (!this.isAnswer(msg)) return this.onEvent(msg);
      const p = this.pending.get(msg.id);
      this.pending.delete(msg.id);
      p?.resolve(msg);
    });
    this.worker.on('error', (err) => this.fail(err));
    this.worker.on('exit', (code) => this.fail(new Error(`analysis worker exited with code ${code}`)));
  }

  /** The id the next request will get, so a caller can tie events to it. */
  get upcomingId(): number {
    return this.nextId;
  }

  request<R extends Res = Res>(req: WithoutId<Req>): Promise<R> {
    if (this.dead) return Promise.reject(this.dead);
    const id = this.nextId++;
    return new Promise<R>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (r: unknown) => void, reject });
      this.worker.postMessage({ ...req, id });
    });
  }

  /** A message that expects no answer. */
  send(msg: Req): void {
    if (!this.dead) this.worker.postMessage(msg);
  }

  dispose(): void {
    this.fail(new Error('analysis worker disposed'));
    void this.worker.terminate();
  }

  private fail(err: Error): void {
    this.dead ??= err;
    for (const p of this.pending.values()) p.reject(this.dead);
    this.pending.clear();
  }
}
