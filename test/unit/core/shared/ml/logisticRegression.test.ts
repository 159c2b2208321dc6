import * as assert from 'node:assert/strict';
import type { RawDesign } from '../../../../../src/core/shared/ml/design';
import { LogisticRegression } from '../../../../../src/core/shared/ml/logisticRegression';

/** Binary term columns as CSR (`terms[i]` lists the columns present in row i) beside dense numeric columns. */
function design(terms: number[][], numeric: number[][], termColumns: number, flipped?: Uint8Array): RawDesign {
  const rowPtr = new Int32Array(terms.length + 1);
  const cols: number[] = [];
  terms.forEach((row, i) => {
    cols.push(...row);
    rowPtr[i + 1] = cols.length;
  });
  return {
    rows: terms.length,
    termColumns,
    numericColumns: numeric[0].length,
    rowPtr,
    cols: Int32Array.from(cols),
    flipped: flipped ?? new Uint8Array(termColumns),
    numeric: Float64Array.from(numeric.flat()),
  };
}

// A fixed, non-separable dataset: 20 rows, 3 binary term columns, 2 numeric columns.
const TERMS = [
  [0],
  [0, 2],
  [1],
  [],
  [0, 1],
  [2],
  [1, 2],
  [0],
  [0, 1, 2],
  [],
  [1],
  [0, 2],
  [2],
  [0],
  [1],
  [0, 1],
  [],
  [2],
  [0, 2],
  [1, 2],
];
const NUMERIC = [
  [3.0, 0.5],
  [1.0, 0.2],
  [4.5, 0.9],
  [2.0, 0.1],
  [0.5, 0.7],
  [3.5, 0.3],
  [2.5, 0.8],
  [1.5, 0.4],
  [4.0, 0.6],
  [0.0, 0.0],
  [5.0, 1.0],
  [2.2, 0.5],
  [3.3, 0.2],
  [1.1, 0.9],
  [4.4, 0.4],
  [0.7, 0.3],
  [2.8, 0.6],
  [3.9, 0.1],
  [1.9, 0.8],
  [0.3, 0.5],
];
const Y = [1, 1, 0, 0, 1, 0, 0, 1, 1, 0, 0, 1, 1, 1, 0, 1, 0, 0, 0, 1].map((v) => v === 1);

/**
 * Computed once with Debian's /usr/bin/python3 (scikit-learn 1.2.1): the dense matrix [term presence, numeric]
 * through StandardScaler (population s.d., like ours), then LogisticRegression(C = 1 / l2, tol = 1e-12,
 * max_iter = 100000); intercept first, then coef_. The same objective as ours: summed log-loss + l2/2·|w|², the
 * intercept unpenalised.
 */
const SKLEARN: Record<number, { weights: number[]; p: number[] }> = {
  1: {
    weights: [
      0.009680419298959526, 1.3285472412401935, 0.34575249408581765, 0.26503812243768105, -0.5013971653094368,
      -0.33443590458535866,
    ],
    p: [0.6778486063, 0.9089065444, 0.1004834528, 0.2452074323, 0.8870957728],
  },
  0.1: {
    weights: [
      0.11356271432769355, 2.2956652950248926, 0.9785152145060845, 0.4522502636684912, -0.5651017084659288,
      -1.0663547051642879,
    ],
    p: [0.7649552993, 0.9813158063, 0.0296195957, 0.1718660269, 0.9673274778],
  },
};

describe('logistic regression (L-BFGS on standardised features)', () => {
  for (const l2 of [1, 0.1]) {
    it(`matches scikit-learn's coefficients and probabilities on a fixed dataset (l2 = ${l2}, C = ${1 / l2})`, () => {
      const model = new LogisticRegression({ l2, tolerance: 1e-10 }).train(design(TERMS, NUMERIC, 3), Y);
      assert.ok(model.converged, `converged after ${model.iterations} iterations`);
      const reference = SKLEARN[l2];
      model.weights.forEach((w, j) =>
        assert.ok(
          Math.abs(w - reference.weights[j]) < 1e-6,
          `weight ${j}: ${w} vs scikit-learn ${reference.weights[j]}`,
        ),
      );
      const p = model.predict(design(TERMS.slice(0, 5), NUMERIC.slice(0, 5), 3));
      p.forEach((x, i) =>
        assert.ok(Math.abs(x - reference.p[i]) < 1e-6, `P(upgrade) row ${i}: ${x} vs ${reference.p[i]}`),
      );
    });
  }

  it('gives the same model when a term column is stored as absences (flipped)', () => {
    const flippedTerms = TERMS.map((row) => [...row.filter((c) => c !== 0), ...(row.includes(0) ? [] : [0])]);
    const model = new LogisticRegression({ l2: 1, tolerance: 1e-10 }).train(
      design(flippedTerms, NUMERIC, 3, Uint8Array.from([1, 0, 0])),
      Y,
    );
    model.weights.forEach((w, j) => assert.ok(Math.abs(w - SKLEARN[1].weights[j]) < 1e-6, `weight ${j}: ${w}`));
  });

  it('converges on perfectly separable data, where the unpenalised optimum is at infinity', () => {
    // Column 0 alone decides the label; a tiny penalty keeps the optimum finite but large.
    const terms = Array.from({ length: 40 }, (_, i) => (i % 2 ? [0] : [1]));
    const numeric = Array.from({ length: 40 }, (_, i) => [(i * 7) % 11]);
    const y = terms.map((row) => row.includes(0));
    const model = new LogisticRegression({ l2: 1e-3, tolerance: 1e-8, maxIterations: 1000 }).train(
      design(terms, numeric, 2),
      y,
    );
    assert.ok(model.converged, `stopped after ${model.iterations} iterations without converging`);
    assert.ok(model.iterations < 1000);
    assert.ok(model.weights.every(Number.isFinite));
    const p = model.predict(design(terms, numeric, 2));
    p.forEach((x, i) => assert.ok(y[i] ? x > 0.99 : x < 0.01, `row ${i}: P(upgrade) ${x}`));
  });

  it('refuses to predict before it is trained', () => {
    assert.throws(() => new LogisticRegression({ l2: 1 }).predict(design(TERMS, NUMERIC, 3)), /before train/);
  });
});
