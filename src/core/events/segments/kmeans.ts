/**
 * K-means (Lloyd) on a row-major Float64Array, the way scikit-learn's KMeans does it: greedy k-means++ seeding
 * (2 + ⌊ln k⌋ candidates per centre, the one lowering the potential most kept), `nInit` restarts keeping the lowest
 * inertia, convergence when the centres move less than `tol` × the mean feature variance (squared, summed) or the
 * labels stop changing, an empty cluster re-seeded with the point farthest from its centre; Hamerly's bounds skip
 * the distances that cannot change an assignment. Our own rather than
 * ml-kmeans: that takes number[][] and was several times slower here (bench/events/analysesBench.ts measures both).
 */
import { seededRandom } from '../../shared/random';

export interface KMeansOptions {
  nInit?: number;
  maxIterations?: number;
  /** Relative to the mean variance of the features, as scikit-learn's `tol`. */
  tol?: number;
  seed?: number;
}

export interface KMeansResult {
  k: number;
  /** n labels in 0..k-1. */
  labels: Int32Array;
  /** k × d, row-major. */
  centroids: Float64Array;
  /** Sum of squared distances of the points to their centres. */
  inertia: number;
  iterations: number;
}

export function kmeans(data: Float64Array, n: number, d: number, k: number, options: KMeansOptions = {}): KMeansResult {
  if (n === 0 || d === 0) throw new Error('k-means needs at least one point with one feature');
  if (!(k >= 1 && k <= n)) throw new Error(`k must be between 1 and the ${n} points, not ${k}`);
  const nInit = options.nInit ?? 10;
  const maxIterations = options.maxIterations ?? 300;
  const random = seededRandom(options.seed ?? 0);
  const tol = (options.tol ?? 1e-4) * meanVariance(data, n, d);
  let best: KMeansResult | null = null;
  for (let run = 0; run < nInit; run++) {
    const result = lloyd(data, n, d, k, seedPlusPlus(data, n, d, k, random), maxIterations, tol);
    if (!best || result.inertia < best.inertia) best = result;
  }
  return best!;
}

function meanVariance(data: Float64Array, n: number, d: number): number {
  let total = 0;
  for (let j = 0; j < d; j++) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += data[i * d + j];
    mean /= n;
    let v = 0;
    for (let i = 0; i < n; i++) {
      const x = data[i * d + j] - mean;
      v += x * x;
    }
    total += v / n;
  }
  return total / d;
}

function sqDist(data: Float64Array, i: number, centres: Float64Array, c: number, d: number): number {
  let s = 0;
  const a = i * d;
  const b = c * d;
  for (let j = 0; j < d; j++) {
    const x = data[a + j] - centres[b + j];
    s += x * x;
  }
  return s;
}

/** Greedy k-means++ (Arthur & Vassilvitskii, with scikit-learn's local trials). */
export function seedPlusPlus(data: Float64Array, n: number, d: number, k: number, random: () => number): Float64Array {
  const centres = new Float64Array(k * d);
  const first = Math.floor(random() * n);
  centres.set(data.subarray(first * d, first * d + d), 0);
  const closest = new Float64Array(n);
  let potential = 0;
  for (let i = 0; i < n; i++) potential += closest[i] = sqDist(data, i, centres, 0, d);
  const trials = 2 + Math.floor(Math.log(k));
  const candidate = new Float64Array(n);
  const bestClosest = new Float64Array(n);
  for (let c = 1; c < k; c++) {
    let bestPotential = Infinity;
    let bestIndex = -1;
    for (let t = 0; t < trials; t++) {
      const index = potential > 0 ? sampleByWeight(closest, potential, random) : Math.floor(random() * n);
      let p = 0;
      const a = index * d;
      for (let i = 0; i < n; i++) {
        let s = 0;
        const b = i * d;
        for (let j = 0; j < d; j++) {
          const x = data[b + j] - data[a + j];
          s += x * x;
        }
        const m = s < closest[i] ? s : closest[i];
        candidate[i] = m;
        p += m;
      }
      if (p < bestPotential) {
        bestPotential = p;
        bestIndex = index;
        bestClosest.set(candidate);
      }
    }
    centres.set(data.subarray(bestIndex * d, bestIndex * d + d), c * d);
    closest.set(bestClosest);
    potential = bestPotential;
  }
  return centres;
}

function sampleByWeight(weights: Float64Array, total: number, random: () => number): number {
  let r = random() * total;
  for (let i = 0; i < weights.length; i++) {
    r -= weights[i];
    if (r < 0) return i;
  }
  // rounding left r just above zero: the last point with weight
  for (let i = weights.length - 1; i >= 0; i--) if (weights[i] > 0) return i;
  return weights.length - 1;
}

/**
 * Lloyd's iterations with Hamerly's bounds (an upper bound on each point's distance to its centre, a lower bound on
 * the distance to any other), which skip most distance computations once clusters settle and give the same
 * assignments as plain Lloyd (up to exact ties).
 */
function lloyd(
  data: Float64Array,
  n: number,
  d: number,
  k: number,
  centres: Float64Array,
  maxIterations: number,
  tol: number,
): KMeansResult {
  const labels = new Int32Array(n);
  const upper = new Float64Array(n);
  const lower = new Float64Array(n);
  const sums = new Float64Array(k * d);
  const counts = new Int32Array(k);
  const moved = new Float64Array(k);
  const half = new Float64Array(k);
  const previous = new Float64Array(k * d);

  const scan = (i: number): void => {
    let b1 = Infinity;
    let b2 = Infinity;
    let c1 = 0;
    const a = i * d;
    for (let c = 0; c < k; c++) {
      let s = 0;
      const b = c * d;
      for (let j = 0; j < d; j++) {
        const x = data[a + j] - centres[b + j];
        s += x * x;
      }
      if (s < b1) {
        b2 = b1;
        b1 = s;
        c1 = c;
      } else if (s < b2) b2 = s;
    }
    labels[i] = c1;
    upper[i] = Math.sqrt(b1);
    lower[i] = Math.sqrt(b2);
  };
  for (let i = 0; i < n; i++) scan(i);

  let iterations = 0;
  let last = false;
  while (iterations < maxIterations && !last) {
    iterations++;
    sums.fill(0);
    counts.fill(0);
    for (let i = 0; i < n; i++) {
      const c = labels[i];
      counts[c]++;
      const a = i * d;
      const b = c * d;
      for (let j = 0; j < d; j++) sums[b + j] += data[a + j];
    }
    let relocated = false;
    for (let c = 0; c < k; c++) {
      if (counts[c] > 0) continue;
      // an empty cluster takes the point farthest from its centre (upper bounds are exact after a full scan)
      let far = 0;
      for (let i = 1; i < n; i++) if (upper[i] > upper[far]) far = i;
      const from = labels[far];
      counts[from]--;
      for (let j = 0; j < d; j++) {
        sums[from * d + j] -= data[far * d + j];
        sums[c * d + j] = data[far * d + j];
      }
      counts[c] = 1;
      labels[far] = c;
      upper[far] = 0;
      relocated = true;
    }
    previous.set(centres);
    let shift = 0;
    let max1 = 0;
    let max2 = 0;
    let maxC = -1;
    for (let c = 0; c < k; c++) {
      let m = 0;
      for (let j = 0; j < d; j++) {
        const next = sums[c * d + j] / counts[c];
        const x = next - previous[c * d + j];
        m += x * x;
        centres[c * d + j] = next;
      }
      shift += m;
      moved[c] = Math.sqrt(m);
      if (moved[c] > max1) {
        max2 = max1;
        max1 = moved[c];
        maxC = c;
      } else if (moved[c] > max2) max2 = moved[c];
    }
    // like scikit-learn: a small move ends it, after one more assignment so labels match the final centres
    if (shift <= tol) last = true;
    for (let c = 0; c < k; c++) {
      let m = Infinity;
      for (let o = 0; o < k; o++) {
        if (o === c) continue;
        let s = 0;
        for (let j = 0; j < d; j++) {
          const x = centres[c * d + j] - centres[o * d + j];
          s += x * x;
        }
        if (s < m) m = s;
      }
      half[c] = Math.sqrt(m) / 2;
    }
    let changed = 0;
    for (let i = 0; i < n; i++) {
      const own = labels[i];
      if (relocated) {
        scan(i);
        if (labels[i] !== own) changed++;
        continue;
      }
      upper[i] += moved[own];
      lower[i] -= own === maxC ? max2 : max1;
      const bound = half[own] > lower[i] ? half[own] : lower[i];
      if (upper[i] <= bound) continue;
      let s = 0;
      const a = i * d;
      const b = own * d;
      for (let j = 0; j < d; j++) {
        const x = data[a + j] - centres[b + j];
        s += x * x;
      }
      upper[i] = Math.sqrt(s);
      if (upper[i] <= bound) continue;
      scan(i);
      if (labels[i] !== own) changed++;
    }
    if (changed === 0) break;
  }

  let inertia = 0;
  for (let i = 0; i < n; i++) inertia += sqDist(data, i, centres, labels[i], d);
  return { k, labels, centroids: centres, inertia, iterations };
}
