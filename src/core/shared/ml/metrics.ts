/** Fold assignment and classification scores. Upgrade is the positive class throughout. */
import { seededRandom, shuffle } from '../random';

/** Leave-one-out below this many labelled journeys: k-fold on a handful of journeys has too few per fold. */
/** The report's classification scores (src/core/journeys/types.ts re-exports this as part of the report schema). */
export interface ClassificationScores {
  accuracy: number;
  precision: number;
  recall: number;
  f1: number;
  auc: number;
  brier: number;
  /** Rows are actual, columns predicted: [[upgrade→upgrade, upgrade→cancel], [cancel→upgrade, cancel→cancel]]. */
  confusion: [[number, number], [number, number]];
}

export const LOO_BELOW = 30;

export interface FoldPlan {
  method: 'leave-one-out' | 'stratified-k-fold';
  /** For each fold, the positions (into the labelled list) held out. */
  folds: number[][];
}

/**
 * Stratified k-fold: each class is shuffled with the seed and dealt round-robin, so every fold gets its share of
 * both classes (and fold sizes differ by at most one per class).
 */
export function planFolds(upgrade: readonly boolean[], k: number, seed: number): FoldPlan {
  const n = upgrade.length;
  if (n < LOO_BELOW) return { method: 'leave-one-out', folds: upgrade.map((_, i) => [i]) };
  const folds = Math.max(2, Math.min(k, n));
  const random = seededRandom(seed);
  const out: number[][] = Array.from({ length: folds }, () => []);
  let dealt = 0;
  for (const cls of [true, false]) {
    const members = shuffle(
      upgrade.flatMap((u, i) => (u === cls ? [i] : [])),
      random,
    );
    // Continue the deal where the previous class stopped, so small classes do not all land in fold 0.
    for (const i of members) out[dealt++ % folds].push(i);
  }
  for (const f of out) f.sort((a, b) => a - b);
  return { method: 'stratified-k-fold', folds: out.filter((f) => f.length > 0) };
}

/** Rank-based ROC AUC (Mann–Whitney U) with tied scores sharing their average rank. NaN when a class is missing. */
export function rocAuc(pUpgrade: readonly number[], upgrade: readonly boolean[]): number {
  const order = pUpgrade.map((_, i) => i).sort((a, b) => pUpgrade[a] - pUpgrade[b]);
  let rankSumPositive = 0;
  let positives = 0;
  for (let start = 0; start < order.length;) {
    let end = start;
    while (end + 1 < order.length && pUpgrade[order[end + 1]] === pUpgrade[order[start]]) end++;
    const averageRank = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) {
      if (upgrade[order[k]]) {
        rankSumPositive += averageRank;
        positives++;
      }
    }
    start = end + 1;
  }
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return NaN;
  return (rankSumPositive - (positives * (positives + 1)) / 2) / (positives * negatives);
}

export function brierScore(pUpgrade: readonly number[], upgrade: readonly boolean[]): number {
  if (pUpgrade.length === 0) return NaN;
  let s = 0;
  for (let i = 0; i < pUpgrade.length; i++) s += (pUpgrade[i] - (upgrade[i] ? 1 : 0)) ** 2;
  return s / pUpgrade.length;
}

/** Predicted upgrade when P(upgrade) ≥ 0.5. */
export function scoreClassification(pUpgrade: readonly number[], upgrade: readonly boolean[]): ClassificationScores {
  let tp = 0;
  let fn = 0;
  let fp = 0;
  let tn = 0;
  for (let i = 0; i < pUpgrade.length; i++) {
    const predicted = pUpgrade[i] >= 0.5;
    if (upgrade[i] && predicted) tp++;
    else if (upgrade[i]) fn++;
    else if (predicted) fp++;
    else tn++;
  }
  const n = pUpgrade.length;
  const precision = tp + fp ? tp / (tp + fp) : 0;
  const recall = tp + fn ? tp / (tp + fn) : 0;
  return {
    accuracy: n ? (tp + tn) / n : NaN,
    precision,
    recall,
    f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0,
    auc: rocAuc(pUpgrade, upgrade),
    brier: brierScore(pUpgrade, upgrade),
    confusion: [
      [tp, fn],
      [fp, tn],
    ],
  };
}

export function accuracy(pUpgrade: readonly number[], upgrade: readonly boolean[]): number {
  let right = 0;
  for (let i = 0; i < pUpgrade.length; i++) if (pUpgrade[i] >= 0.5 === upgrade[i]) right++;
  return pUpgrade.length ? right / pUpgrade.length : NaN;
}
