#!/usr/bin/env python3
"""The peer of `npm run bench`: the pandas + RandomForest take-home solution of the recordings brief.

What issue 12 measured against: read every recording (one JSON file per journey, recording chunks holding "steps"),
count each journey's steps by status, label it from its folder (upgrades/ vs cancellations/; open/ is left out), one
stratified 75/25 split, a RandomForestClassifier, its held-out accuracy. No timelines, no cross-validation, no
per-journey report: far less than Journey Lens does, which is the point of comparing against it.

Prints one JSON line: {"ms", "readMs", "journeys", "accuracy"}. Uses Debian's python3-pandas and python3-sklearn.
"""
import json
import os
import sys
import time

import pandas as pd
from sklearn.ensemble import RandomForestClassifier
from sklearn.model_selection import train_test_split

STATUSES = ['non-converted', 'attempted_conversion', 'converted', 'conversion_at_risk', 'churned']


def journey_row(path):
    with open(path, encoding='utf-8') as f:
        data = json.load(f)
    row = {status: 0 for status in STATUSES}
    row['steps'] = 0
    row['recordings'] = 0
    if not isinstance(data, dict):
        return row
    for chunk in data.values():
        if not isinstance(chunk, dict) or not isinstance(chunk.get('steps'), list):
            continue
        row['recordings'] += 1
        for step in chunk['steps']:
            status = step.get('status') if isinstance(step, dict) else None
            row['steps'] += 1
            if status in row:
                row[status] += 1
    return row


def main():
    root = sys.argv[1]
    started = time.perf_counter()
    rows = []
    for folder, label in (('upgrades', 1), ('cancellations', 0)):
        base = os.path.join(root, folder)
        for name in sorted(os.listdir(base)):
            if name.endswith('.json'):
                row = journey_row(os.path.join(base, name))
                row['upgrade'] = label
                rows.append(row)
    frame = pd.DataFrame(rows)
    read_ms = (time.perf_counter() - started) * 1000
    features = frame[STATUSES + ['steps', 'recordings']]
    x_train, x_test, y_train, y_test = train_test_split(
        features, frame['upgrade'], test_size=0.25, stratify=frame['upgrade'], random_state=0
    )
    model = RandomForestClassifier(n_estimators=100, random_state=0).fit(x_train, y_train)
    accuracy = float((model.predict(x_test) == y_test).mean())
    ms = (time.perf_counter() - started) * 1000
    print(json.dumps({'ms': ms, 'readMs': read_ms, 'journeys': len(frame), 'accuracy': accuracy}))


if __name__ == '__main__':
    main()
