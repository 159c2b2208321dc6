import { strict as assert } from 'node:assert';
import { brierScore, planFolds, rocAuc, scoreClassification } from '../../../../../src/core/shared/ml/metrics';

describe('evaluation scores and folds', () => {
  it('computes ROC AUC from ranks: 0.75 on a known example', () => {
    assert.equal(rocAuc([0.1, 0.4, 0.35, 0.8], [false, false, true, true]), 0.75);
  });

  it('gives tied scores half credit in the AUC', () => {
    assert.equal(rocAuc([0.5, 0.5], [true, false]), 0.5);
    assert.equal(rocAuc([0.2, 0.5, 0.5, 0.9], [false, true, false, true]), 0.875);
  });

  it('returns NaN for AUC when only one class is present', () => {
    assert.ok(Number.isNaN(rocAuc([0.2, 0.9], [true, true])));
  });

  it('computes the Brier score as the mean squared error of P(upgrade)', () => {
    assert.ok(Math.abs(brierScore([0.9, 0.2, 0.5], [true, false, true]) - (0.01 + 0.04 + 0.25) / 3) < 1e-12);
  });

  it('treats upgrade as the positive class in precision, recall and the confusion matrix', () => {
    const s = scoreClassification([0.9, 0.8, 0.3, 0.6, 0.1], [true, true, true, false, false]);
    assert.deepEqual(s.confusion, [
      [2, 1],
      [1, 1],
    ]);
    assert.equal(s.accuracy, 3 / 5);
    assert.equal(s.precision, 2 / 3);
    assert.equal(s.recall, 2 / 3);
    assert.ok(Math.abs(s.f1 - 2 / 3) < 1e-12);
  });

  it('uses leave-one-out below 30 labelled journeys', () => {
    const plan = planFolds(
      Array.from({ length: 29 }, (_, i) => i % 2 === 0),
      5,
      1,
    );
    assert.equal(plan.method, 'leave-one-out');
    assert.equal(plan.folds.length, 29);
    assert.ok(plan.folds.every((f) => f.length === 1));
  });

  it('stratifies k-fold: every fold holds its share of each class and the folds partition the journeys', () => {
    const upgrade = Array.from({ length: 100 }, (_, i) => i < 30);
    const plan = planFolds(upgrade, 5, 7);
    assert.equal(plan.method, 'stratified-k-fold');
    assert.equal(plan.folds.length, 5);
    for (const fold of plan.folds) {
      assert.equal(fold.filter((i) => upgrade[i]).length, 6);
      assert.equal(fold.filter((i) => !upgrade[i]).length, 14);
    }
    assert.deepEqual(
      plan.folds.flat().sort((a, b) => a - b),
      upgrade.map((_, i) => i),
    );
  });

  it('reproduces the same folds for the same seed and different ones for another seed', () => {
    const upgrade = Array.from({ length: 60 }, (_, i) => i % 3 === 0);
    assert.deepEqual(planFolds(upgrade, 5, 3), planFolds(upgrade, 5, 3));
    assert.notDeepEqual(planFolds(upgrade, 5, 3).folds, planFolds(upgrade, 5, 4).folds);
  });

  it('spreads a small class over the folds instead of piling it into the first', () => {
    const upgrade = Array.from({ length: 40 }, (_, i) => i < 3);
    const plan = planFolds(upgrade, 5, 11);
    const perFold = plan.folds.map((f) => f.filter((i) => upgrade[i]).length);
    assert.ok(Math.max(...perFold) <= 1, `upgrades per fold: ${perFold}`);
  });
});
