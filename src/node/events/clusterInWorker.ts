/**
 * Runs segments' clustering in a worker thread (clusterWorker.ts), one per analysis: a few tens of milliseconds to
 * start against ~1.5 s of K-means that then overlaps DuckDB's work. Where the worker bundle is absent (the engine run
 * from source), the clustering runs in this thread: the same function, the same answer.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { clusterInThread, type ClusterUsers, type SegmentsResult } from '../../core/events/segments';
import type { ClusterJob } from './clusterWorker';
import { workerJob } from './workerJob';

const WORKER = path.join(__dirname, 'eventsCluster.js');

export const clusterInWorker: ClusterUsers = (table, options) => {
  if (!existsSync(WORKER)) return clusterInThread(table, options);
  return workerJob<SegmentsResult>(
    WORKER,
    { kind: 'cluster', table, options } satisfies ClusterJob,
    'result',
    'the clustering worker',
  );
};
