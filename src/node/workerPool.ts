import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { WorkerRequest, WorkerResponse } from './workerProtocol';

type Pending = { resolve(r: WorkerResponse): void; reject(e: Error): void };
type Request = WorkerRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

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

/** A fixed set of worker threads; each takes one request at a time, the rest queue. */
export class WorkerPool {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly queue: { req: Request; pending: Pending }[] = [];
  private readonly inFlight = new Map<Worker, { id: number; pending: Pending }>();
  private nextId = 1;
  private disposed = false;

  constructor(readonly size = Math.max(1, Math.min(availableParallelism(), 4))) {}

  private spawn(): Worker {
    const worker = new Worker(workerScriptPath());
    worker.on('message', (res: WorkerResponse) => this.settle(worker, (p) => p.resolve(res)));
    worker.on('error', (err) => this.settle(worker, (p) => p.reject(err), true));
    worker.on('exit', (code) => {
      if (!this.disposed) this.settle(worker, (p) => p.reject(new Error(`analysis worker exited with code ${code}`)), true);
    });
    this.workers.push(worker);
    return worker;
  }

  private settle(worker: Worker, finish: (p: Pending) => void, dead = false): void {
    const job = this.inFlight.get(worker);
    this.inFlight.delete(worker);
    if (dead) {
      this.workers.splice(this.workers.indexOf(worker), 1);
    } else {
      this.idle.push(worker);
    }
    if (job) finish(job.pending);
    this.pump();
  }

  private pump(): void {
    while (this.queue.length > 0 && !this.disposed) {
      let worker = this.idle.pop();
      if (!worker && this.workers.length < this.size) worker = this.spawn();
      if (!worker) return;
      const { req, pending } = this.queue.shift()!;
      const id = this.nextId++;
      this.inFlight.set(worker, { id, pending });
      worker.postMessage({ ...req, id });
    }
  }

  request(req: Request): Promise<WorkerResponse> {
    if (this.disposed) return Promise.reject(new Error('worker pool disposed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ req, pending: { resolve, reject } });
      this.pump();
    });
  }

  dispose(): void {
    this.disposed = true;
    for (const { pending } of this.queue.splice(0)) pending.reject(new Error('worker pool disposed'));
    for (const [, job] of this.inFlight) job.pending.reject(new Error('worker pool disposed'));
    this.inFlight.clear();
    for (const w of this.workers) void w.terminate();
    this.workers.length = 0;
    this.idle.length = 0;
  }
}
