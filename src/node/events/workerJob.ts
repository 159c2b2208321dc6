/**
 * One job in a worker thread started for it: the worker posts one message, `{ [field]: answer }` or `{ error }`,
 * and is then terminated. The clustering worker and the trial-fits worker it starts both run this way.
 */
import { Worker } from 'node:worker_threads';

export function workerJob<T>(file: string, workerData: unknown, field: string, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const worker = new Worker(file, { workerData });
    worker.once('message', (m: Record<string, unknown> & { error?: string }) => {
      if (m.error !== undefined) reject(new Error(m.error));
      else resolve(m[field] as T);
      void worker.terminate();
    });
    worker.once('error', reject);
    // After an answer or an error the promise is settled, and this does nothing.
    worker.once('exit', (code) => reject(new Error(`${what} stopped (exit code ${code}) before answering`)));
  });
}
