#!/usr/bin/env python3
"""Reference for the retention analysis, in pandas, on a CSV of events with user_id and ts (UTC).

Same definitions as src/core/events/queries/retention.ts: first-event cohorts by calendar day, ISO week (Monday
start) or month; retained[m] = share of the cohort with an event in period cohort + m, up to the data's last period.
Usage: /usr/bin/python3 bench/events/pandas_retention.py EVENTS.csv day|week|month   (prints JSON cohorts)
"""
import json
import sys

import pandas as pd


def main():
    path, period = sys.argv[1], sys.argv[2]
    df = pd.read_csv(path, usecols=["user_id", "ts"], dtype={"user_id": str}, parse_dates=["ts"])
    if period == "month":
        df["p"] = df["ts"].dt.to_period("M").dt.start_time
    elif period == "week":
        df["p"] = df["ts"].dt.to_period("W-SUN").dt.start_time  # weeks ending Sunday start on Monday
    else:
        df["p"] = df["ts"].dt.floor("D")
    first = df.groupby("user_id")["p"].min().rename("c")
    active = df[["user_id", "p"]].drop_duplicates().join(first, on="user_id")

    def diff(a, c):
        if period == "month":
            return (a.dt.year - c.dt.year) * 12 + (a.dt.month - c.dt.month)
        return (a - c).dt.days // (7 if period == "week" else 1)

    active["m"] = diff(active["p"], active["c"])
    last = df["p"].max()
    sizes = first.value_counts().sort_index()
    counts = active.groupby(["c", "m"]).size()
    out = []
    for c, size in sizes.items():
        width = int(diff(pd.Series([last]), pd.Series([c]))[0]) + 1
        retained = [float(counts.get((c, m), 0)) / size for m in range(width)]
        label = c.strftime("%Y-%m" if period == "month" else "%Y-%m-%d")
        out.append({"cohort": label, "size": int(size), "retained": retained})
    json.dump(out, sys.stdout)
    print()


if __name__ == "__main__":
    main()
