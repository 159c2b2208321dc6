/**
 * The worker thread that clusters users for the engine process (bundled as dist/eventsCluster.js): K-means and the
 * silhouette are the one long piece of JavaScript in an analysis (≈1.5 s at 12,000 users), and here they run while
 * the engine's thread goes on sending the other sections' SQL to DuckDB. Choosing k splits its trial fits in two:
 * one half here, the other in a second worker of this same file, since the clustering is what an analysis waits
 * for last once DuckDB is done. Only core code: no DuckDB in this bundle.
 */
import { parentPort, workerData } from 'node:worker_threads';
import {
  clusterUsersSplit,
  runTrials,
  type SegmentsOptions,
  type Trial,
  type TrialsJob,
} from '../../core/events/segments';
import type { FeatureTable } from '../../core/events/segments/features';
import { workerJob } from './workerJob';

export type ClusterJob =
  { kind: 'cluster'; table: FeatureTable; options: SegmentsOptions } | { kind: 'trials'; job: TrialsJob };

function trialsInWorker(job: TrialsJob): Promise<Trial[]> {
  return workerJob<Trial[]>(
    __filename,
    { kind: 'trials', job } satisfies ClusterJob,
    'trials',
    'the trial-fits worker',
  );
}

async function main(job: ClusterJob): Promise<unknown> {
  if (job.kind === 'trials') return { trials: runTrials(job.job) };
  const result = await clusterUsersSplit(job.table, job.options, async ([mine, ...others]) => {
    const elsewhere = others.map(trialsInWorker);
    return [runTrials(mine), ...(await Promise.all(elsewhere))];
  });
  return { result };
}

main(workerData as ClusterJob).then(
  (message) => parentPort!.postMessage(message),
  (err: Error) => parentPort!.postMessage({ error: err.message }),
);
