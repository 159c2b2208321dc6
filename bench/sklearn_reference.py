#!/usr/bin/env python3
"""Reference fit: scikit-learn's LogisticRegression on the exact features and folds Journey Lens used.

Reads the JSON written by bench/exportFeatures.ts. For every fold it rebuilds the training and held-out matrices
(binary presence of the fold's vocabulary terms, then the numeric features), standardises them with statistics of
the training rows (StandardScaler: population standard deviation, like ours), fits
LogisticRegression(C = 1 / l2) (the same L2-penalised log-loss, intercept not penalised), and predicts the held-out
journeys. Prints both out-of-fold accuracies; with --json the last line is machine-readable.
"""
import json
import sys

import numpy as np
from scipy import sparse
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler


def fold_matrix(rows, terms, numeric, vocabulary):
    column = {t: c for c, t in enumerate(vocabulary)}
    indptr, indices = [0], []
    for r in rows:
        indices.extend(column[t] for t in terms[r] if t in column)
        indptr.append(len(indices))
    binary = sparse.csr_matrix((np.ones(len(indices)), indices, indptr), shape=(len(rows), len(vocabulary)))
    return np.hstack([binary.toarray(), numeric[rows]])


def main():
    path = sys.argv[1]
    as_json = '--json' in sys.argv
    with open(path) as f:
        data = json.load(f)
    y = np.array(data['upgrade'])
    numeric = np.array(data['numeric'], dtype=float).reshape(len(y), len(data['numericNames']))
    terms = data['terms']
    p = np.full(len(y), np.nan)
    everyone = np.arange(len(y))
    for fold in data['folds']:
        held = np.array(fold['heldOut'])
        train = np.setdiff1d(everyone, held)
        x_train = fold_matrix(train, terms, numeric, fold['vocabulary'])
        x_test = fold_matrix(held, terms, numeric, fold['vocabulary'])
        scaler = StandardScaler().fit(x_train)
        model = LogisticRegression(C=1.0 / data['l2'], max_iter=5000, tol=1e-8)
        model.fit(scaler.transform(x_train), y[train])
        p[held] = model.predict_proba(scaler.transform(x_test))[:, list(model.classes_).index(1)]
    ours = np.array(data['ourPUpgrade'])
    sk_accuracy = float(np.mean((p >= 0.5) == (y == 1)))
    our_accuracy = float(np.mean((ours >= 0.5) == (y == 1)))
    agreement = float(np.mean((p >= 0.5) == (ours >= 0.5)))
    if not as_json:
        print(f"{data['method']}, {len(y)} labelled journeys, {len(data['folds'])} folds")
        print(f"journey-lens accuracy  {our_accuracy * 100:.2f}%")
        print(f"scikit-learn accuracy  {sk_accuracy * 100:.2f}%")
        print(f"same predicted class   {agreement * 100:.1f}%   mean |dP| {np.mean(np.abs(p - ours)):.4f}")
    print(json.dumps({'ours_accuracy': our_accuracy, 'sklearn_accuracy': sk_accuracy, 'agreement': agreement,
                      'mean_abs_dp': float(np.mean(np.abs(p - ours)))}))


if __name__ == '__main__':
    main()
