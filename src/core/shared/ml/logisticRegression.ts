/**
 * Logistic regression on top of `ml-logistic-regression`'s two-class model.
 *
 * The library's training loop is plain gradient ascent, `w += learningRate · Xᵀ(y − sigmoid(Xw))`, from zero weights,
 * with no intercept and no regularisation, on an ml-matrix it multiplies and re-transposes on every step. We keep
 * its loop, sigmoid and update, and hand it a feature matrix of our own (`StandardisedDesign`) that implements
 * the two products it asks for:
 *
 * - a bias column (column 0, never penalised) and standardisation (mean/scale from the training rows), applied
 *   on the fly so the sparse binary term features stay sparse: each step costs O(non-zeros), not O(rows × columns);
 * - the gradient averaged over rows (so one learning rate fits 16 journeys and 10,000), minus an L2 term
 *   `(l2 / n) · w`, i.e. the penalty `l2/2 · |w|²` on the summed log-loss: scikit-learn's `C = 1 / l2`;
 * - the step size is `learningRate / L`, with L the curvature bound of the averaged loss
 *   (¼ of the largest eigenvalue of ZᵀZ/n, by power iteration, plus the L2 term), so it is stable on any data;
 * - Nesterov momentum: the design evaluates the library's forward product at the look-ahead point and folds the
 *   look-ahead into the "gradient" it returns, so the library's own update lands on the accelerated iterate.
 *   With the step size above it is within a point of scikit-learn's converged fit after 50 steps on 10,000
 *   journeys, where plain gradient ascent needs thousands;
 * - The library's loop has no stopping rule: the design throws a sentinel once the gradient is below tolerance,
 *   and a work budget caps the steps on large folds (see TrainSettings);
 * - terms present in most training journeys are stored as absences (`flipped`) with a negated scale, which keeps
 *   the matrix sparse and leaves the model unchanged.
 *
 * The target is 1 for upgrade, so the library's `testScores` is P(upgrade).
 */
import LogisticRegressionTwoClasses from 'ml-logistic-regression/src/logreg_2classes.js';
import { Matrix } from 'ml-matrix';
import type { RawDesign } from './design';
import { seededRandom } from '../random';

export interface TrainSettings {
  /** Upper bound on gradient steps; fewer are taken on convergence or when the work budget runs out. */
  numSteps: number;
  /** Fraction of the largest stable step (1 = 1/L). */
  learningRate: number;
  /** L2 penalty on the summed log-loss (scikit-learn's 1/C). */
  l2: number;
  /** Use Nesterov momentum (false = the library's plain gradient ascent). */
  momentum?: boolean;
  /** Stop when every gradient component of the averaged objective is below this (scikit-learn's lbfgs uses 1e-4). */
  tolerance?: number;
  /**
   * Non-zero visits one fit may spend (each step visits every non-zero twice). Small folds run to convergence
   * (or `numSteps`), 1,000 journeys get about 120 steps and 10,000 get `minSteps`: measured within a point of
   * scikit-learn's converged fit at both sizes (bench/exportFeatures.ts).
   */
  workBudget?: number;
  /** Never fewer steps than this, whatever the budget says. */
  minSteps?: number;
}

export const DEFAULT_TRAINING = { tolerance: 1e-4, workBudget: 2e7, minSteps: 50 };

/** Thrown from inside the library's loop, which has no stopping rule of its own, once the fit has converged. */
class Converged {
  constructor(readonly weights: Float64Array) {}
}

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

  /** The library's forward product; `w` arrives as a column vector. */
  mmul(w: Matrix): Matrix {
    return scoresMatrix(this.scores(Float64Array.from(w.getColumn(0))));
  }

  transpose(): { mmul(other: Matrix): Matrix } {
    return { mmul: (r: Matrix) => Matrix.columnVector(Array.from(this.transposedTimes(r.getColumn(0)))) };
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

/**
 * What the library's loop sees while training: averaged, L2-penalised gradient and Nesterov look-ahead.
 * The loop always calls `mmul(wᵀ)` and then `transpose().mmul(error)`, which is what lets the look-ahead
 * computed in the first call be used in the second.
 */
class TrainingDesign {
  readonly columns: number;
  private lookAhead: Float64Array;
  private current: Float64Array;
  private previous: Float64Array;
  private step = 0;

  constructor(
    private readonly design: StandardisedDesign,
    private readonly lambda: number,
    private readonly stepSize: number,
    private readonly momentum: boolean,
    private readonly tolerance: number,
  ) {
    this.columns = design.columns;
    this.lookAhead = new Float64Array(this.columns);
    this.current = new Float64Array(this.columns);
    this.previous = new Float64Array(this.columns);
  }

  mmul(wT: Matrix): Matrix {
    const w = Float64Array.from(wT.getColumn(0));
    this.previous = this.current;
    this.current = w;
    const beta = this.momentum ? this.step / (this.step + 3) : 0;
    this.step++;
    const y = new Float64Array(w.length);
    for (let j = 0; j < w.length; j++) y[j] = w[j] + beta * (w[j] - this.previous[j]);
    this.lookAhead = y;
    return scoresMatrix(this.design.scores(y));
  }

  transpose(): { mmul(other: Matrix): Matrix } {
    return {
      mmul: (error: Matrix) => {
        const g = this.design.transposedTimes(error.getColumn(0));
        const n = this.design.rows;
        const y = this.lookAhead;
        const w = this.current;
        const out = new Array<number>(g.length);
        let largest = 0;
        for (let j = 0; j < g.length; j++) {
          const gradient = g[j] / n - (j === 0 ? 0 : this.lambda * y[j]);
          if (Math.abs(gradient) > largest) largest = Math.abs(gradient);
          // The library adds learningRate × this to w: landing on y + stepSize · gradient(y).
          out[j] = gradient + (y[j] - w[j]) / this.stepSize;
        }
        if (largest < this.tolerance) throw new Converged(y);
        return Matrix.columnVector(out);
      },
    };
  }
}

/**
 * The library only reads scores back with `to1DArray()` (inside its sigmoid); a real n × 1 Matrix would allocate
 * one typed array per row on every step, which at 10,000 journeys costs more than the product itself.
 */
function scoresMatrix(scores: Float64Array): Matrix {
  return { to1DArray: () => scores as unknown as number[] } as unknown as Matrix;
}

/** Largest eigenvalue of ZᵀZ/n by power iteration: the curvature scale of the averaged loss. */
function largestEigenvalue(design: StandardisedDesign, iterations = 8): number {
  // A fixed pseudo-random start: a uniform start vector can be orthogonal to the top eigenvector (mirror-image
  // features cancel out), and the estimate would then miss the steepest direction entirely.
  const random = seededRandom(1);
  let v: Float64Array = Float64Array.from({ length: design.columns }, () => random() - 0.5);
  let lambda = 1;
  for (let it = 0; it < iterations; it++) {
    const u = design.transposedTimes(design.scores(v));
    let norm = 0;
    for (let j = 0; j < u.length; j++) norm += u[j] * u[j];
    norm = Math.sqrt(norm);
    if (norm === 0) return 1;
    lambda = norm / design.rows;
    for (let j = 0; j < u.length; j++) u[j] /= norm;
    v = u;
  }
  return lambda;
}

/**
 * Estimator style, as the mljs libraries: `new LogisticRegression(settings).train(design, upgrade)`, then
 * `predict(design)`. `upgrade[i]` is true for an upgrade row (target 1); `predict` returns P(upgrade) per row.
 */
export class LogisticRegression {
  /** Bias first, then one weight per standardised feature column; empty before `train`. */
  weights = new Float64Array(0);
  /** The training rows' mean and scale, applied to every design `predict` sees. */
  std: Standardisation = { mean: new Float64Array(0), scale: new Float64Array(0) };
  private model: LogisticRegressionTwoClasses | undefined;

  constructor(readonly settings: TrainSettings) {}

  train(raw: RawDesign, upgrade: readonly boolean[]): this {
    const { settings } = this;
    const std = fitStandardisation(raw);
    const design = new StandardisedDesign(raw, std);
    const n = raw.rows;
    const lambda = settings.l2 / n;
    // 10% head-room over the power-iteration estimate, which approaches the true eigenvalue from below.
    const curvature = 0.25 * largestEigenvalue(design) * 1.1 + lambda;
    const stepSize = settings.learningRate / curvature;
    const work = 2 * (raw.cols.length + raw.rows * (raw.numericColumns + 1));
    const minSteps = settings.minSteps ?? DEFAULT_TRAINING.minSteps;
    const budgetSteps = Math.floor((settings.workBudget ?? DEFAULT_TRAINING.workBudget) / work);
    const numSteps = Math.min(settings.numSteps, Math.max(minSteps, budgetSteps));
    let model = new LogisticRegressionTwoClasses({ numSteps, learningRate: stepSize });
    const target = Matrix.columnVector(upgrade.map((u) => (u ? 1 : 0)));
    const training = new TrainingDesign(
      design,
      lambda,
      stepSize,
      settings.momentum ?? true,
      settings.tolerance ?? DEFAULT_TRAINING.tolerance,
    );
    try {
      model.train(training, target);
    } catch (stop) {
      if (!(stop instanceof Converged)) throw stop;
      model = new LogisticRegressionTwoClasses({
        numSteps,
        learningRate: stepSize,
        weights: Matrix.rowVector(Array.from(stop.weights)),
      });
    }
    this.model = model;
    this.std = std;
    this.weights = Float64Array.from(model.weights!.getRow(0));
    return this;
  }

  /** P(upgrade) per row of `raw`, standardised with the training statistics. */
  predict(raw: RawDesign): number[] {
    if (!this.model) throw new Error('LogisticRegression.predict called before train');
    return this.model.testScores(new StandardisedDesign(raw, this.std));
  }
}
