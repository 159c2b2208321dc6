/**
 * The worker thread that clusters users for the engine process (bundled as dist/eventsCluster.js): K-means and the
 * silhouette are the one long piece of JavaScript in an analysis (≈1.7 s at 12,000 users), and here they run while
 * the engine's thread goes on sending the other sections' SQL to DuckDB. Only core code: no DuckDB in this bundle.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { clusterUsers, type SegmentsOptions } from '../../core/events/segments';
import type { FeatureTable } from '../../core/events/segments/features';

export interface ClusterJob {
  table: FeatureTable;
  options: SegmentsOptions;
}

const job = workerData as ClusterJob;
try {
  parentPort!.postMessage({ result: clusterUsers(job.table, job.options) });
} catch (err) {
  parentPort!.postMessage({ error: (err as Error).message });
}
