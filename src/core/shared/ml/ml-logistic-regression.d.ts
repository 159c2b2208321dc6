// The package ships no types. We use the two-class model directly: the default export trains one-vs-all, which for
// two classes fits two mirrored models (twice the work) and labels the chosen class 0.
declare module 'ml-logistic-regression/src/logreg_2classes.js' {
  import type { Matrix } from 'ml-matrix';

  /** The subset of a Matrix the training loop touches: `features.mmul(w.transpose())` and `features.transpose().mmul(err)`. */
  export interface FeatureMatrixLike {
    readonly columns: number;
    mmul(other: Matrix): Matrix;
    transpose(): { mmul(other: Matrix): Matrix };
  }

  export default class LogisticRegressionTwoClasses {
    constructor(options?: { numSteps?: number; learningRate?: number; weights?: Matrix | number[][] | null });
    numSteps: number;
    learningRate: number;
    /** 1 × columns. */
    weights: Matrix | null;
    /** Gradient ascent on the summed log-likelihood, from zero weights, for `numSteps` steps; target is 0/1. */
    train(features: FeatureMatrixLike | Matrix, target: Matrix): void;
    /** sigmoid(features · weights): the probability of class 1. */
    testScores(features: FeatureMatrixLike | Matrix): number[];
    predict(features: FeatureMatrixLike | Matrix): number[];
  }
}
