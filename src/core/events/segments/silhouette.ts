/**
 * Mean silhouette over a seeded sample of the points (as scikit-learn's `silhouette_score(..., sample_size=)`:
 * both a and b are measured among the sampled points only). Several labelings (every k tried) are scored in one
 * pass over the sample's pairs, each pair's distance computed once for all of them: cheaper than keeping the
 * ~12.5M distances of a 5,000-point sample (50 MB) and reading them back once per k. Distances are rounded to
 * float32 as that stored matrix was, so the scores are the same digits.
 */
import { seededRandom, shuffle } from '../../shared/random';

export class SilhouetteSample {
  readonly indices: Int32Array;
  private readonly m: number;
  private readonly d: number;
  /** The sampled rows side by side: the pair loop reads memory in order. */
  private readonly sampled: Float64Array;

  constructor(data: Float64Array, n: number, d: number, maxSample: number, seed: number) {
    const all = Array.from({ length: n }, (_, i) => i);
    const picked =
      n > maxSample
        ? shuffle(all, seededRandom(seed))
            .slice(0, maxSample)
            .sort((a, b) => a - b)
        : all;
    this.indices = Int32Array.from(picked);
    this.m = picked.length;
    this.d = d;
    this.sampled = this.rows(data, d);
  }

  get size(): number {
    return this.m;
  }

  /** The sampled rows, row-major, in sample order. */
  rows(data: Float64Array, d: number): Float64Array {
    const out = new Float64Array(this.m * d);
    for (let i = 0; i < this.m; i++) out.set(data.subarray(this.indices[i] * d, this.indices[i] * d + d), i * d);
    return out;
  }

  /** Mean silhouette of the sample under `labels` (labels of all n points); 0 where a cluster has one sampled point. */
  score(labels: Int32Array, k: number): number {
    return this.scoreSample(
      Int32Array.from(this.indices, (i) => labels[i]),
      k,
    );
  }

  /** The same, given the labels of the sampled points only (in sample order). */
  scoreSample(sampleLabels: Int32Array, k: number): number {
    return this.scoreMany([{ labels: sampleLabels, k }])[0];
  }

  /** scoreSample for each labeling, in one pass over the pairs. */
  scoreMany(labelings: { labels: Int32Array; k: number }[]): number[] {
    const m = this.m;
    const d = this.d;
    if (m < 2) return labelings.map(() => 0);
    const rows = this.sampled;
    const L = labelings.length;
    // Per labeling, the sums of distances from each point to each cluster (m × k).
    const sums = labelings.map(({ k }) => new Float64Array(m * k));
    const labels = labelings.map((l) => l.labels);
    const ks = labelings.map((l) => l.k);
    const dist = new Float64Array(m);
    for (let i = 0; i < m; i++) {
      const a = i * d;
      for (let j = i + 1; j < m; j++) {
        let s = 0;
        const b = j * d;
        for (let t = 0; t < d; t++) {
          const x = rows[a + t] - rows[b + t];
          s += x * x;
        }
        dist[j] = Math.fround(Math.sqrt(s));
      }
      for (let l = 0; l < L; l++) {
        const lab = labels[l];
        const sum = sums[l];
        const k = ks[l];
        const li = lab[i];
        const rowI = i * k;
        for (let j = i + 1; j < m; j++) {
          const x = dist[j];
          sum[rowI + lab[j]] += x;
          sum[j * k + li] += x;
        }
      }
    }
    return labelings.map(({ labels: lab, k }, l) => {
      const sum = sums[l];
      const clusterSizes = new Int32Array(k);
      for (let i = 0; i < m; i++) clusterSizes[lab[i]]++;
      let total = 0;
      for (let i = 0; i < m; i++) {
        const own = lab[i];
        if (clusterSizes[own] < 2) continue; // silhouette 0 by convention (as scikit-learn)
        const a = sum[i * k + own] / (clusterSizes[own] - 1);
        let b = Infinity;
        for (let c = 0; c < k; c++) {
          if (c === own || clusterSizes[c] === 0) continue;
          const mean = sum[i * k + c] / clusterSizes[c];
          if (mean < b) b = mean;
        }
        if (b === Infinity) continue;
        const sc = Math.max(a, b);
        total += sc > 0 ? (b - a) / sc : 0;
      }
      return total / m;
    });
  }
}
