#!/usr/bin/env python3
"""scikit-learn's KMeans on a CSV of standardised features, the reference for src/core/events/segments.

Usage: /usr/bin/python3 bench/events/sklearn_segments.py FEATURES.csv K [SEED]
The CSV has a header; every column is a standardised feature except an optional `cluster` column (our labels),
against which the adjusted Rand index is printed. Prints one JSON object: k, inertia, silhouette (on a sample of
at most 5,000 rows, as ours), cluster sizes (descending) and ari.
"""
import json
import sys

import numpy as np
import pandas as pd
from sklearn.cluster import KMeans
from sklearn.metrics import adjusted_rand_score, silhouette_score


def main():
    path, k = sys.argv[1], int(sys.argv[2])
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    df = pd.read_csv(path)
    ours = df.pop("cluster").to_numpy() if "cluster" in df.columns else None
    x = df.to_numpy(dtype=float)
    km = KMeans(n_clusters=k, init="k-means++", n_init=10, random_state=seed).fit(x)
    sample = min(5000, len(x))
    out = {
        "k": k,
        "inertia": float(km.inertia_),
        "silhouette": float(silhouette_score(x, km.labels_, sample_size=sample, random_state=seed)),
        "sizes": sorted(np.bincount(km.labels_, minlength=k).tolist(), reverse=True),
        "ari": float(adjusted_rand_score(ours, km.labels_)) if ours is not None else None,
        "iterations": int(km.n_iter_),
    }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
