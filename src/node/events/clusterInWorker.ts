/**
 * Runs segments' clustering in a worker thread (clusterWorker.ts), one per analysis: a few tens of milliseconds to
 * start against ~1.7 s of K-means that then overlaps DuckDB's work. Where the worker bundle is absent (the engine run
 * from source), the clustering runs in this thread: the same function, the same answer.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { clusterInThread, type ClusterUsers, type SegmentsResult } from '../../core/events/segments';
import type { ClusterJob } from './clusterWorker';

const WORKER = path.join(__dirname, 'eventsCluster.js');

export const clusterInWorker: ClusterUsers = (table, options) => {
  if (!existsSync(WORKER)) return clusterInThread(table, options);
  return new Promise<SegmentsResult>((resolve, reject) => {
    const worker = new Worker(WORKER, { workerData: { kind: 'cluster', table, options } satisfies ClusterJob });
    let settled = false;
    worker.once('message', (m: { result?: SegmentsResult; error?: string }) => {
      settled = true;
      if (m.error !== undefined) reject(new Error(m.error));
      else resolve(m.result!);
      void worker.terminate();
    });
    worker.once('error', (err) => {
      settled = true;
      reject(err);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`the clustering worker stopped (exit code ${code}) before answering`));
    });
  });
};
