/**
 * Segments: K-means on the per-user feature table (features.ts).
 * - Standardised by z-score (population standard deviation, as scikit-learn's StandardScaler); a constant
 *   feature gets z = 0 for everyone (StandardScaler's choice), so it neither moves distances nor names a cluster.
 * - K-means with greedy k-means++ seeding and 10 restarts (kmeans.ts), seeded (default 0): the same data gives
 *   the same clusters.
 * - k: given, or the best mean silhouette over k = 2…8 (ties to the smaller k). The silhouette is scored on a
 *   seeded sample of at most 5,000 users (every user below that), pairwise distances reused across k. Choosing k
 *   clusters that sample (10 restarts each, as the final fit) and then fits the chosen k on every user, so seven
 *   trial fits cost about 5,000 users each rather than all of them; the report's silhouette is the sample's
 *   score under the final fit's labels.
 * - Clusters are numbered by size (largest first); each is named by its most distinctive centroid z-scores
 *   (naming.ts) and reported with its size and its centroid in original units (the members' mean of each feature).
 */
import type { SqlEngine } from '../engine';
import type { DatasetInfo, SegmentsReport } from '../types';
import { userFeatures, type FeatureName, type FeatureTable } from './features';
import { kmeans } from './kmeans';
import { nameClusters } from './naming';
import { SilhouetteSample } from './silhouette';

export interface SegmentsOptions {
  /** Number of clusters; omit to choose by silhouette over 2–8. */
  k?: number;
  seed?: number;
  nInit?: number;
  /** Users the silhouette is scored on, at most (default 5,000). */
  silhouetteSample?: number;
}

export interface SegmentsResult {
  report: SegmentsReport | null;
  note?: string;
  /** Every user's cluster (the report's id) and features, for --segments-csv; null with the report. */
  table: { features: FeatureTable; clusters: Int32Array } | null;
}

export const K_RANGE = [2, 8] as const;

export interface Standardised {
  data: Float64Array;
  n: number;
  d: number;
  means: number[];
  stds: number[];
  constant: FeatureName[];
}

export function standardise(table: FeatureTable): Standardised {
  const n = table.userIds.length;
  const d = table.features.length;
  const data = new Float64Array(n * d);
  const means: number[] = [];
  const stds: number[] = [];
  const constant: FeatureName[] = [];
  table.columns.forEach((col, j) => {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += col[i];
    mean /= n;
    let v = 0;
    for (let i = 0; i < n; i++) v += (col[i] - mean) ** 2;
    const std = Math.sqrt(v / n);
    means.push(mean);
    stds.push(std);
    // relative test: a column of equal values can leave a rounding-sized std
    const isConstant = !(std > 1e-12 * Math.max(1, Math.abs(mean)));
    if (isConstant) constant.push(table.features[j]);
    for (let i = 0; i < n; i++) data[i * d + j] = isConstant ? 0 : (col[i] - mean) / std;
  });
  return { data, n, d, means, stds, constant };
}

/**
 * Clusters the users of a feature table: the pure part of segments (no SQL), so the engine process can run it in a
 * worker thread while DuckDB answers the other sections (src/node/events/clusterWorker.ts).
 */
export type ClusterUsers = (table: FeatureTable, options: SegmentsOptions) => Promise<SegmentsResult>;

export async function computeSegments(
  engine: SqlEngine,
  info: DatasetInfo,
  options: SegmentsOptions = {},
  cluster: ClusterUsers = clusterInThread,
): Promise<SegmentsResult> {
  return cluster(await userFeatures(engine, info), options);
}

/** clusterUsers on the calling thread, as a ClusterUsers (the default where no worker is offered). */
export const clusterInThread: ClusterUsers = async (table, options) => clusterUsers(table, options);

/** Some of the trial fits of choosing k: each k fitted on the silhouette sample and scored there. */
export interface TrialsJob {
  /** Standardised rows of every user (n × d). */
  data: Float64Array;
  n: number;
  d: number;
  ks: number[];
  nInit: number;
  seed: number;
  silhouetteSample: number;
}

export interface Trial {
  k: number;
  /** Labels of the sampled users, in sample order. */
  labels: Int32Array;
  silhouette: number;
}

/**
 * Runs the trial fits of a job. Each k has its own seeded random stream and its own sums in the silhouette pass, so
 * the trials give the same answer however they are split between threads.
 */
export function runTrials(job: TrialsJob): Trial[] {
  const sample = new SilhouetteSample(job.data, job.n, job.d, job.silhouetteSample, job.seed);
  const rows = sample.size === job.n ? job.data : sample.rows(job.data, job.d);
  const fits = job.ks.map((k) => ({
    k,
    labels: kmeans(rows, sample.size, job.d, k, { nInit: job.nInit, seed: job.seed }).labels,
  }));
  // Scored together: one pass over the sample's pairs for every k (silhouette.ts).
  return sample.scoreMany(fits).map((silhouette, i) => ({ ...fits[i], silhouette }));
}

/** Runs trial jobs, perhaps at the same time on other threads; answers in job order. */
export type TrialsRunner = (jobs: TrialsJob[]) => Promise<Trial[][]>;

/** The ks of choosing k in two halves of about equal cost (a fit costs about k). */
export function splitKs(ks: number[]): number[][] {
  const halves: number[][] = [[], []];
  const cost = [0, 0];
  for (const k of [...ks].sort((a, b) => b - a)) {
    const h = cost[0] <= cost[1] ? 0 : 1;
    halves[h].push(k);
    cost[h] += k;
  }
  return halves.filter((h) => h.length > 0).map((h) => h.sort((a, b) => a - b));
}

export function clusterUsers(table: FeatureTable, options: SegmentsOptions = {}): SegmentsResult {
  const plan = prepare(table, options);
  if ('result' in plan) return plan.result;
  const trials = plan.job ? runTrials(plan.job) : [];
  return finish(table, plan, trials);
}

/** clusterUsers with the trial fits of choosing k split in two and handed to `runner`: the same result. */
export async function clusterUsersSplit(
  table: FeatureTable,
  options: SegmentsOptions,
  runner: TrialsRunner,
): Promise<SegmentsResult> {
  const plan = prepare(table, options);
  if ('result' in plan) return plan.result;
  const trials = plan.job
    ? (await runner(splitKs(plan.job.ks).map((ks) => ({ ...plan.job!, ks })))).flat().sort((a, b) => a.k - b.k)
    : [];
  return finish(table, plan, trials);
}

interface Plan {
  z: Standardised;
  sample: SilhouetteSample;
  notes: string[];
  seed: number;
  nInit: number;
  /** The k given (checked), or null when it is to be chosen. */
  k: number | null;
  /** The trial fits to run when k is to be chosen; null when k is given. */
  job: TrialsJob | null;
}

function prepare(table: FeatureTable, options: SegmentsOptions): Plan | { result: SegmentsResult } {
  const seed = options.seed ?? 0;
  const nInit = options.nInit ?? 10;
  const notes: string[] = table.dropped.map((x) => `no ${x.feature} feature (${x.why})`);
  const n = table.userIds.length;
  if (n < 3)
    return {
      result: { report: null, table: null, note: notes.concat(`${n} user(s) are too few to segment`).join('; ') },
    };
  const z = standardise(table);
  if (z.constant.length) notes.push(`constant across users, so z = 0 and no weight: ${z.constant.join(', ')}`);
  const silhouetteSample = options.silhouetteSample ?? 5000;
  const sample = new SilhouetteSample(z.data, z.n, z.d, silhouetteSample, seed);
  if (sample.size < n) {
    notes.push(
      `silhouette scored on a seeded sample of ${sample.size} of ${n} users${options.k === undefined ? ', k chosen by clustering that sample' : ''}`,
    );
  }
  if (options.k !== undefined) {
    const k = Math.floor(options.k);
    if (!(k >= 1)) throw new Error(`--segments must be a whole number of clusters ≥ 1, not ${options.k}`);
    if (k > n) throw new Error(`--segments ${k}: there are only ${n} users`);
    return { z, sample, notes, seed, nInit, k, job: null };
  }
  const ks: number[] = [];
  for (let k = K_RANGE[0]; k <= Math.min(K_RANGE[1], sample.size - 1); k++) ks.push(k);
  const job = { data: z.data, n: z.n, d: z.d, ks, nInit, seed, silhouetteSample };
  return { z, sample, notes, seed, nInit, k: null, job };
}

function finish(table: FeatureTable, plan: Plan, trials: Trial[]): SegmentsResult {
  const { z, sample, notes, seed, nInit } = plan;
  const n = z.n;
  let chosen: { k: number; labels: Int32Array; silhouette: number };
  let kChosenBy: SegmentsReport['kChosenBy'];
  if (plan.k !== null) {
    const k = plan.k;
    const r = kmeans(z.data, z.n, z.d, k, { nInit, seed });
    chosen = { k, labels: r.labels, silhouette: k > 1 ? sample.score(r.labels, k) : 0 };
    kChosenBy = 'given';
  } else {
    kChosenBy = 'silhouette';
    // The best mean silhouette; ties to the smaller k (trials come in k order).
    let best: Trial = { k: 0, labels: new Int32Array(0), silhouette: -Infinity };
    for (const t of trials) if (t.silhouette > best.silhouette) best = t;
    if (sample.size === n) chosen = best;
    else {
      const r = kmeans(z.data, z.n, z.d, best.k, { nInit, seed });
      chosen = { k: best.k, labels: r.labels, silhouette: sample.score(r.labels, best.k) };
    }
  }

  // number clusters by size (largest first), ties by first member, so ids do not depend on seeding order
  const { k, labels } = chosen;
  const sizes = new Array<number>(k).fill(0);
  const firstMember = new Array<number>(k).fill(n);
  for (let i = 0; i < n; i++) {
    sizes[labels[i]]++;
    if (firstMember[labels[i]] === n) firstMember[labels[i]] = i;
  }
  const order = Array.from({ length: k }, (_, c) => c).sort(
    (a, b) => sizes[b] - sizes[a] || firstMember[a] - firstMember[b],
  );
  const rank = new Int32Array(k);
  order.forEach((c, r) => (rank[c] = r));
  const clusters = new Int32Array(n);
  for (let i = 0; i < n; i++) clusters[i] = rank[labels[i]];

  const d = z.d;
  const sum = Array.from({ length: k }, () => new Float64Array(d));
  const zSum = Array.from({ length: k }, () => new Float64Array(d));
  for (let i = 0; i < n; i++) {
    const c = clusters[i];
    for (let j = 0; j < d; j++) {
      sum[c][j] += table.columns[j][i];
      zSum[c][j] += z.data[i * d + j];
    }
  }
  const size = order.map((c) => sizes[c]);
  const names = nameClusters(
    table.features,
    zSum.map((s, c) => Array.from(s, (v) => v / size[c])),
  );
  const report: SegmentsReport = {
    k,
    kChosenBy,
    features: table.features,
    silhouette: chosen.silhouette,
    clusters: size.map((count, c) => ({
      id: c,
      name: names[c],
      size: count,
      centroid: Object.fromEntries(table.features.map((f, j) => [f, sum[c][j] / count])),
    })),
  };
  return { report, table: { features: table, clusters }, note: notes.length ? notes.join('; ') : undefined };
}

export type SegmentRow = { user_id: string; cluster: number } & Partial<Record<FeatureName, number>>;

/** Every user's cluster and features in original units, the rows of --segments-csv. */
export function segmentRows(result: SegmentsResult): SegmentRow[] {
  if (!result.table) return [];
  const { features, clusters } = result.table;
  return features.userIds.map((user_id, i) => {
    const row: SegmentRow = { user_id, cluster: clusters[i] };
    features.features.forEach((f, j) => (row[f] = features.columns[j][i]));
    return row;
  });
}

/** The same rows as CSV text (RFC 4180 quoting; a user id never starts a formula). */
export function segmentsCsv(result: SegmentsResult): string {
  const features = result.table?.features.features ?? [];
  const quote = (s: string) => {
    const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
    return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
  };
  const lines = [['user_id', 'cluster', ...features].join(',')];
  for (const row of segmentRows(result))
    lines.push([quote(row.user_id), String(row.cluster), ...features.map((f) => String(row[f]))].join(','));
  return lines.join('\n') + '\n';
}
