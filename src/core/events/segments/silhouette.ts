/**
 * Mean silhouette over a seeded sample of the points (as scikit-learn's `silhouette_score(..., sample_size=)`:
 * both a and b are measured among the sampled points only). The sample's pairwise Euclidean distances are
 * computed once and reused for every k tried, since choosing k scores the same sample up to seven times.
 */
import { seededRandom, shuffle } from '../../shared/random';

export class SilhouetteSample {
  readonly indices: Int32Array;
  private readonly m: number;
  /** Upper triangle, row-major: (i, j) with i < j at i·m − i(i+1)/2 + (j − i − 1). Float32 halves the memory. */
  private readonly distances: Float32Array;

  constructor(data: Float64Array, n: number, d: number, maxSample: number, seed: number) {
    const all = Array.from({ length: n }, (_, i) => i);
    const picked =
      n > maxSample
        ? shuffle(all, seededRandom(seed))
            .slice(0, maxSample)
            .sort((a, b) => a - b)
        : all;
    this.indices = Int32Array.from(picked);
    const m = (this.m = picked.length);
    // the sampled rows side by side first: the pair loop then reads memory in order
    const rows = new Float64Array(m * d);
    for (let i = 0; i < m; i++) rows.set(data.subarray(picked[i] * d, picked[i] * d + d), i * d);
    const distances = (this.distances = new Float32Array((m * (m - 1)) / 2));
    let p = 0;
    for (let i = 0; i < m; i++) {
      const a = i * d;
      for (let b = a + d; b < m * d; b += d) {
        let s = 0;
        for (let t = 0; t < d; t++) {
          const x = rows[a + t] - rows[b + t];
          s += x * x;
        }
        distances[p++] = Math.sqrt(s);
      }
    }
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
    const m = this.m;
    if (m < 2) return 0;
    const clusterSizes = new Int32Array(k);
    for (let i = 0; i < m; i++) clusterSizes[sampleLabels[i]]++;
    const sums = new Float64Array(m * k);
    let p = 0;
    for (let i = 0; i < m; i++) {
      const li = sampleLabels[i];
      const rowI = i * k;
      for (let j = i + 1; j < m; j++) {
        const dist = this.distances[p++];
        sums[rowI + sampleLabels[j]] += dist;
        sums[j * k + li] += dist;
      }
    }
    let total = 0;
    for (let i = 0; i < m; i++) {
      const own = sampleLabels[i];
      if (clusterSizes[own] < 2) continue; // silhouette 0 by convention (as scikit-learn)
      const a = sums[i * k + own] / (clusterSizes[own] - 1);
      let b = Infinity;
      for (let c = 0; c < k; c++) {
        if (c === own || clusterSizes[c] === 0) continue;
        const mean = sums[i * k + c] / clusterSizes[c];
        if (mean < b) b = mean;
      }
      if (b === Infinity) continue;
      const s = Math.max(a, b);
      total += s > 0 ? (b - a) / s : 0;
    }
    return total / m;
  }
}
