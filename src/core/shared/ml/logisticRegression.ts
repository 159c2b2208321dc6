/**
 * L2-penalised logistic regression on standardised features, fitted by L-BFGS: the objective scikit-learn's
 * `LogisticRegression(C = 1 / l2)` minimises, and to its optimum (test/unit/core/shared/ml/logisticRegression.test.ts
 * pins scikit-learn's coefficients on a fixed dataset).
 *
 * - A bias column (column 0, never penalised) and standardisation (mean/scale from the training rows), applied on the
 *   fly (`StandardisedDesign`) so the sparse binary term features stay sparse: one pass costs O(non-zeros), not
 *   O(rows × columns). Terms present in most training journeys are stored as absences (`flipped`) with a negated
 *   scale, which keeps the matrix sparse and leaves the model unchanged.
 * - The objective is averaged over rows, `mean log-loss + (l2 / 2n)·|w|²`, so one tolerance fits 16 journeys and
 *   10,000; the L2 term makes it strictly convex, so the optimum exists and is unique even on separable data.
 * - L-BFGS preconditioned by the exact Hessian at zero weights, not Newton: with about 260 columns and 80 non-zeros
 *   per row one Hessian costs as much as thirty gradient evaluations (measured), and Newton needs one per iteration.
 *   The Hessian at zero (one Cholesky) removes the ill-conditioning of correlated columns, which halves the
 *   iterations of plain L-BFGS; what remains comes from near-separable data. Strict convexity means every step has
 *   positive curvature, so a backtracking (Armijo) line search is enough.
 *   (This replaced `ml-logistic-regression`'s fixed-step gradient ascent, which stopped after 50 accelerated steps
 *   at 10,000 journeys short of the optimum, and allocated an n × 1 ml-matrix on every step.)
 *
 * The target is 1 for upgrade, so `predict` returns P(upgrade).
 */
import type { RawDesign } from './design';
import type { Checkpoint } from '../checkpoint';

export interface TrainSettings {
  /** L2 penalty on the summed log-loss (scikit-learn's 1/C). */
  l2: number;
  /** Most L-BFGS iterations per fit; a fit normally converges well before. */
  maxIterations?: number;
  /**
   * Stop when every gradient component of the averaged objective is below this. At 1e-4 a fold of the bench corpus
   * (6,500 journeys) takes about 40 iterations and its held-out accuracy is the optimum's, its probabilities within
   * 0.04 of it (1e-5: 95 iterations, within 0.003); the reference test uses 1e-10.
   */
  tolerance?: number;
  /** Starting weights (bias first, standardised columns), e.g. a neighbouring fold's fit; zero when absent. */
  initial?: Float64Array;
  /** Called once per iteration; it throws to give the fit up (see Checkpoint). */
  checkpoint?: Checkpoint;
}

export const DEFAULT_TRAINING = { maxIterations: 500, tolerance: 1e-4 };
/** Curvature pairs kept by L-BFGS: the usual choice; more buys nothing at this size. */
const MEMORY = 10;

export interface Standardisation {
  /** Per feature column (bias excluded). */
  mean: Float64Array;
  /** Standard deviation (negated for a flipped term column); 1 for a column constant in training, whose weight then stays 0. */
  scale: Float64Array;
}

export function fitStandardisation(design: RawDesign): Standardisation {
  const d = design.termColumns + design.numericColumns;
  const n = design.rows;
  const mean = new Float64Array(d);
  const scale = new Float64Array(d);
  for (let k = 0; k < design.cols.length; k++) mean[design.cols[k]]++;
  for (let j = 0; j < design.termColumns; j++) {
    const p = mean[j] / n;
    mean[j] = p;
    // A flipped column holds x' = 1 − x; (x' − p') / (−sd) is exactly the standardised presence (x − p) / sd.
    scale[j] = (Math.sqrt(p * (1 - p)) || 1) * (design.flipped[j] ? -1 : 1);
  }
  const q = design.numericColumns;
  for (let j = 0; j < q; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += design.numeric[i * q + j];
    const m = s / n;
    let v = 0;
    for (let i = 0; i < n; i++) v += (design.numeric[i * q + j] - m) ** 2;
    mean[design.termColumns + j] = m;
    // A constant column can show a rounding-noise variance (1e-32); scaling by it would blow it up to ±1e16.
    const sd = Math.sqrt(v / n);
    scale[design.termColumns + j] = sd > 1e-9 * (1 + Math.abs(m)) ? sd : 1;
  }
  return { mean, scale };
}

/** Z = [1, (X − mean) / scale] without materialising it. */
export class StandardisedDesign {
  readonly rows: number;
  readonly columns: number;

  constructor(
    readonly raw: RawDesign,
    readonly std: Standardisation,
  ) {
    this.rows = raw.rows;
    this.columns = 1 + raw.termColumns + raw.numericColumns;
  }

  /** Z·w for a weight vector with the bias first. */
  scores(w: Float64Array): Float64Array {
    const { raw, std } = this;
    const d = this.columns - 1;
    const v = new Float64Array(d);
    let offset = w[0];
    for (let j = 0; j < d; j++) {
      v[j] = w[j + 1] / std.scale[j];
      offset -= std.mean[j] * v[j];
    }
    const out = new Float64Array(raw.rows);
    const q = raw.numericColumns;
    const t = raw.termColumns;
    for (let i = 0; i < raw.rows; i++) {
      let s = offset;
      for (let k = raw.rowPtr[i]; k < raw.rowPtr[i + 1]; k++) s += v[raw.cols[k]];
      const base = i * q;
      for (let j = 0; j < q; j++) s += raw.numeric[base + j] * v[t + j];
      out[i] = s;
    }
    return out;
  }

  /** Zᵀ·r. */
  transposedTimes(r: ArrayLike<number>): Float64Array {
    const { raw, std } = this;
    const d = this.columns - 1;
    const g = new Float64Array(d + 1);
    const q = raw.numericColumns;
    const t = raw.termColumns;
    let total = 0;
    for (let i = 0; i < raw.rows; i++) {
      const ri = r[i];
      total += ri;
      for (let k = raw.rowPtr[i]; k < raw.rowPtr[i + 1]; k++) g[1 + raw.cols[k]] += ri;
      const base = i * q;
      for (let j = 0; j < q; j++) g[1 + t + j] += raw.numeric[base + j] * ri;
    }
    g[0] = total;
    for (let j = 0; j < d; j++) g[j + 1] = (g[j + 1] - std.mean[j] * total) / std.scale[j];
    return g;
  }

  /**
   * ZᵀZ (bias first), d × d row-major. Accumulated on the stored sparse rows, O(Σ non-zeros²), then centred and
   * scaled: Z_k = a_k + b_k·X_k with a = −mean/scale, b = 1/scale (a_0 = 1, b_0 = 0, X_0 = 0), so
   * (ZᵀZ)_jk = n·a_j·a_k + a_j·b_k·ΣX_k + b_j·a_k·ΣX_j + b_j·b_k·(XᵀX)_jk.
   */
  gram(): Float64Array {
    const { raw, std } = this;
    const t = raw.termColumns;
    const q = raw.numericColumns;
    const d = this.columns;
    const m = new Float64Array(d * d);
    const sums = new Float64Array(d);
    for (let i = 0; i < raw.rows; i++) {
      const a = raw.rowPtr[i];
      const b = raw.rowPtr[i + 1];
      const base = i * q;
      for (let k = a; k < b; k++) {
        const c = 1 + raw.cols[k];
        const row = c * d;
        sums[c]++;
        // Either triangle: symmetrised below.
        for (let l = k; l < b; l++) m[row + 1 + raw.cols[l]]++;
        for (let j = 0; j < q; j++) m[row + 1 + t + j] += raw.numeric[base + j];
      }
      for (let j = 0; j < q; j++) {
        const x = raw.numeric[base + j];
        sums[1 + t + j] += x;
        const row = (1 + t + j) * d;
        for (let l = j; l < q; l++) m[row + 1 + t + l] += x * raw.numeric[base + l];
      }
    }
    for (let j = 1; j < d; j++)
      for (let k = 0; k < j; k++) {
        const v = m[j * d + k] + m[k * d + j];
        m[j * d + k] = m[k * d + j] = v;
      }
    const n = raw.rows;
    const av = new Float64Array(d);
    const bv = new Float64Array(d);
    av[0] = 1;
    for (let j = 1; j < d; j++) {
      av[j] = -std.mean[j - 1] / std.scale[j - 1];
      bv[j] = 1 / std.scale[j - 1];
    }
    const out = new Float64Array(d * d);
    for (let j = 0; j < d; j++)
      for (let k = 0; k < d; k++) {
        out[j * d + k] =
          n * av[j] * av[k] + av[j] * bv[k] * sums[k] + bv[j] * av[k] * sums[j] + bv[j] * bv[k] * m[j * d + k];
      }
    return out;
  }

  /** weight × standardised value for one row, per feature column (bias excluded). */
  contributions(row: number, w: Float64Array): Float64Array {
    const { raw, std } = this;
    const d = this.columns - 1;
    const out = new Float64Array(d);
    const t = raw.termColumns;
    for (let j = 0; j < t; j++) out[j] = (-std.mean[j] / std.scale[j]) * w[j + 1];
    for (let k = raw.rowPtr[row]; k < raw.rowPtr[row + 1]; k++) {
      const j = raw.cols[k];
      out[j] = ((1 - std.mean[j]) / std.scale[j]) * w[j + 1];
    }
    const q = raw.numericColumns;
    for (let j = 0; j < q; j++) {
      out[t + j] = ((raw.numeric[row * q + j] - std.mean[t + j]) / std.scale[t + j]) * w[t + j + 1];
    }
    return out;
  }
}

/** log(1 + e^z) without overflow. */
function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/** The averaged, penalised objective and its gradient at `w`: one pass for the scores, one for Zᵀr. */
function objective(
  design: StandardisedDesign,
  y: Uint8Array,
  lambda: number,
  w: Float64Array,
): { f: number; g: Float64Array } {
  const n = design.rows;
  const z = design.scores(w);
  let loss = 0;
  for (let i = 0; i < n; i++) {
    loss += softplus(z[i]) - (y[i] ? z[i] : 0);
    // z is ours: reuse it for the residual σ(z) − y.
    z[i] = sigmoid(z[i]) - y[i];
  }
  const g = design.transposedTimes(z);
  let penalty = 0;
  g[0] /= n;
  for (let j = 1; j < g.length; j++) {
    g[j] = g[j] / n + lambda * w[j];
    penalty += w[j] * w[j];
  }
  return { f: loss / n + 0.5 * lambda * penalty, g };
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += a[j] * b[j];
  return s;
}

function largestMagnitude(a: Float64Array): number {
  let m = 0;
  for (let j = 0; j < a.length; j++) if (Math.abs(a[j]) > m) m = Math.abs(a[j]);
  return m;
}

/** The objective's Hessian at w = 0 (every σ'(0) = ¼), Cholesky-factored in place (lower triangle). */
function hessianAtZero(design: StandardisedDesign, lambda: number): Float64Array {
  const d = design.columns;
  const h = design.gram();
  const n = design.rows;
  for (let j = 0; j < d * d; j++) h[j] *= 0.25 / n;
  // The penalty keeps it positive definite, except on the bias, whose curvature ¼ is always there; a column
  // constant in training has a zero row, which the penalty alone (or the floor, at l2 = 0) fills.
  for (let j = 0; j < d; j++) h[j * d + j] += (j ? lambda : 0) + 1e-10;
  cholesky(h, d);
  return h;
}

function cholesky(a: Float64Array, d: number): void {
  for (let j = 0; j < d; j++) {
    let diag = a[j * d + j];
    for (let k = 0; k < j; k++) diag -= a[j * d + k] ** 2;
    const root = Math.sqrt(Math.max(diag, 1e-12));
    a[j * d + j] = root;
    for (let i = j + 1; i < d; i++) {
      let v = a[i * d + j];
      for (let k = 0; k < j; k++) v -= a[i * d + k] * a[j * d + k];
      a[i * d + j] = v / root;
    }
  }
}

/** (L·Lᵀ)⁻¹·b for the lower factor L stored in `l`. */
function solveCholesky(l: Float64Array, d: number, b: Float64Array): Float64Array {
  const x = Float64Array.from(b);
  for (let i = 0; i < d; i++) {
    let v = x[i];
    for (let k = 0; k < i; k++) v -= l[i * d + k] * x[k];
    x[i] = v / l[i * d + i];
  }
  for (let i = d - 1; i >= 0; i--) {
    let v = x[i];
    for (let k = i + 1; k < d; k++) v -= l[k * d + i] * x[k];
    x[i] = v / l[i * d + i];
  }
  return x;
}

export interface FitResult {
  weights: Float64Array;
  iterations: number;
  /** The gradient fell below the tolerance or the objective stopped moving (false: the iteration cap stopped it). */
  converged: boolean;
}

/** L-BFGS from zero weights (two-loop recursion, backtracking Armijo line search). */
export function fitLogistic(design: StandardisedDesign, y: Uint8Array, settings: TrainSettings): FitResult {
  const d = design.columns;
  const lambda = settings.l2 / design.rows;
  const tolerance = settings.tolerance ?? DEFAULT_TRAINING.tolerance;
  const maxIterations = settings.maxIterations ?? DEFAULT_TRAINING.maxIterations;
  const h0 = hessianAtZero(design, lambda);
  let w = settings.initial?.length === d ? Float64Array.from(settings.initial) : new Float64Array(d);
  let { f, g } = objective(design, y, lambda, w);
  const s: Float64Array[] = [];
  const yv: Float64Array[] = [];
  const rho: number[] = [];
  const alpha = new Float64Array(MEMORY);
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    settings.checkpoint?.();
    if (largestMagnitude(g) <= tolerance) return { weights: w, iterations: iteration, converged: true };
    // Direction: −H·g by the two-loop recursion; plain steepest descent, scaled to a unit step, on the first one.
    const q = Float64Array.from(g);
    for (let k = s.length - 1; k >= 0; k--) {
      alpha[k] = rho[k] * dot(s[k], q);
      for (let j = 0; j < d; j++) q[j] -= alpha[k] * yv[k][j];
    }
    // The initial inverse Hessian is the exact one at zero weights (scaled by the newest pair): at d in the hundreds
    // it costs one Cholesky and removes the ill-conditioning correlated columns cause (shares of step kinds sum to
    // one), which left plain L-BFGS crawling for hundreds of iterations.
    const last = s.length - 1;
    const r = solveCholesky(h0, d, q);
    const gamma = last >= 0 ? dot(s[last], yv[last]) / dot(yv[last], solveCholesky(h0, d, yv[last])) : 1;
    for (let j = 0; j < d; j++) q[j] = gamma * r[j];
    for (let k = 0; k < s.length; k++) {
      const beta = rho[k] * dot(yv[k], q);
      for (let j = 0; j < d; j++) q[j] += s[k][j] * (alpha[k] - beta);
    }
    for (let j = 0; j < d; j++) q[j] = -q[j];
    let slope = dot(g, q);
    if (slope >= 0) {
      // Cannot happen with exact curvature pairs; rounding can. Restart from steepest descent.
      s.length = yv.length = rho.length = 0;
      for (let j = 0; j < d; j++) q[j] = -g[j] / Math.sqrt(dot(g, g));
      slope = dot(g, q);
    }
    let step = 1;
    const next = new Float64Array(d);
    let evaluated: { f: number; g: Float64Array } | null = null;
    for (let tries = 0; tries < 40; tries++) {
      for (let j = 0; j < d; j++) next[j] = w[j] + step * q[j];
      const at = objective(design, y, lambda, next);
      if (at.f <= f + 1e-4 * step * slope) {
        evaluated = at;
        break;
      }
      step /= 2;
    }
    // No decrease even for a tiny step: we are at the optimum as far as float arithmetic can tell.
    if (!evaluated) return { weights: w, iterations: iteration, converged: true };
    const sk = new Float64Array(d);
    const yk = new Float64Array(d);
    for (let j = 0; j < d; j++) {
      sk[j] = next[j] - w[j];
      yk[j] = evaluated.g[j] - g[j];
    }
    const sy = dot(sk, yk);
    if (sy > 1e-12 * Math.sqrt(dot(sk, sk) * dot(yk, yk))) {
      if (s.length === MEMORY) {
        s.shift();
        yv.shift();
        rho.shift();
      }
      s.push(sk);
      yv.push(yk);
      rho.push(1 / sy);
    }
    const previous = f;
    w = next;
    ({ f, g } = evaluated);
    // scipy's ftol (64 ε), as scikit-learn's lbfgs: the objective no longer moves in float arithmetic, which near the
    // optimum happens before a very small gradient tolerance is met. Counted as converged, as scipy does.
    if (previous - f <= 64 * Number.EPSILON * Math.max(Math.abs(previous), Math.abs(f), 1)) {
      return { weights: w, iterations: iteration + 1, converged: true };
    }
  }
  return { weights: w, iterations: maxIterations, converged: largestMagnitude(g) <= tolerance };
}

/**
 * Estimator style, as the mljs libraries: `new LogisticRegression(settings).train(design, upgrade)`, then
 * `predict(design)`. `upgrade[i]` is true for an upgrade row (target 1); `predict` returns P(upgrade) per row.
 */
export class LogisticRegression {
  /** Bias first, then one weight per standardised feature column; empty before `train`. */
  weights: Float64Array = new Float64Array(0);
  /** The training rows' mean and scale, applied to every design `predict` sees. */
  std: Standardisation = { mean: new Float64Array(0), scale: new Float64Array(0) };
  /** L-BFGS iterations of the last `train`, and whether it reached the tolerance. */
  iterations = 0;
  converged = false;
  private trained = false;

  constructor(readonly settings: TrainSettings) {}

  /** A model trained elsewhere (another thread), from what its `train` left. */
  static restore(
    settings: TrainSettings,
    fit: Pick<LogisticRegression, 'weights' | 'std' | 'iterations' | 'converged'>,
  ): LogisticRegression {
    const model = new LogisticRegression(settings);
    model.weights = fit.weights;
    model.std = fit.std;
    model.iterations = fit.iterations;
    model.converged = fit.converged;
    model.trained = true;
    return model;
  }

  train(raw: RawDesign, upgrade: readonly boolean[]): this {
    const std = fitStandardisation(raw);
    const y = Uint8Array.from(upgrade, (u) => (u ? 1 : 0));
    const fit = fitLogistic(new StandardisedDesign(raw, std), y, this.settings);
    this.std = std;
    this.weights = fit.weights;
    this.iterations = fit.iterations;
    this.converged = fit.converged;
    this.trained = true;
    return this;
  }

  /** P(upgrade) per row of `raw`, standardised with the training statistics. */
  predict(raw: RawDesign): number[] {
    if (!this.trained) throw new Error('LogisticRegression.predict called before train');
    return Array.from(new StandardisedDesign(raw, this.std).scores(this.weights), sigmoid);
  }
}
