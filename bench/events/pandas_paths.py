#!/usr/bin/env python3
"""Reference for the paths analysis, in pandas, on a page-sequence CSV (user_id, session_id, subscription_type,
user_journey). Same definitions as src/core/events/queries/paths.ts: a user's sessions joined in session-id order,
pages split on '-', consecutive repeats collapsed; importance = users whose path holds the page / users;
transitions and 3-page sequences count every occurrence; length percentiles by numpy's default (linear).

Run by hand (Debian python3 has pandas): /usr/bin/python3 bench/events/pandas_paths.py ../shared/real-events/user_journey_raw.sample.csv
"""
import json
import sys
from collections import Counter

import pandas as pd


def collapse(pages):
    out = []
    for p in pages:
        if not out or out[-1] != p:
            out.append(p)
    return out


def summary(paths):
    units = len(paths)
    visits, journeys, trans, seqs = Counter(), Counter(), Counter(), Counter()
    for p in paths:
        visits.update(p)
        journeys.update(set(p))
        trans.update(zip(p, p[1:]))
        seqs.update(zip(p, p[1:], p[2:]))
    lengths = pd.Series([len(p) for p in paths], dtype=float)
    pages = sorted(journeys, key=lambda k: (-journeys[k], -visits[k], k))
    return {
        "units": units,
        "pages": [[k, visits[k], journeys[k], journeys[k] / units] for k in pages],
        "transitions": [[a, b, n] for (a, b), n in sorted(trans.items(), key=lambda kv: (-kv[1], kv[0]))[:10]],
        "sequences": [[list(k), n] for k, n in sorted(seqs.items(), key=lambda kv: (-kv[1], kv[0]))[:10]],
        "length": {"mean": lengths.mean(), "median": lengths.quantile(0.5), "p90": lengths.quantile(0.9)},
    }


def main():
    df = pd.read_csv(sys.argv[1], dtype={"user_id": str, "subscription_type": str})
    df = df.sort_values(["user_id", "session_id"], kind="stable")
    per_user = df.groupby("user_id", sort=False).agg(
        path=("user_journey", lambda s: collapse([p for j in s for p in j.split("-")])),
        plan=("subscription_type", "first"),
    )
    per_session = [collapse(j.split("-")) for j in df["user_journey"]]
    out = {
        "user": summary(list(per_user["path"])),
        "session": {k: v for k, v in summary(per_session).items() if k in ("units", "length", "transitions")},
        "byPlan": {plan: summary(list(g["path"])) for plan, g in per_user.groupby("plan")},
    }
    json.dump(out, sys.stdout, indent=1, default=float)
    print()


if __name__ == "__main__":
    main()
