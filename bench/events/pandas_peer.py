#!/usr/bin/env python3
"""The pandas + scikit-learn peer of `npm run bench:events`: the analyses `journey-lens events` runs, done the way an
analyst would in pandas, vectorised (no Python loop over events), timed per analysis.

Definitions are Journey Lens's (README "Event logs"; src/core/events/queries/*.ts, segments/*.ts):
- events: rows without a user, or with a time that does not parse, are left out; `seq` orders a user's events by time
  (missing times last), then file order. page = a page/path/url column if any, else the event name. revenue = a
  revenue/amount column if any, else price x coalesce(quantity, 1) on purchase-like events.
- funnel (unit user, order sequential): every event matching step 1 starts an attempt; each next step is the first
  later event (seq) matching it, within the window of the attempt's step-1 event (inclusive); a unit reaches the
  furthest step of its best attempt (furthest, then got there first, then latest start); count k = units reaching >= k.
  pd.merge_asof(direction='forward', allow_exact_matches=False) chained per step finds the next step of every attempt.
- friction: events whose name contains "error" (any case), by message (the event name); per message the sessions and
  users that saw it, the sessions of those that completed the funnel (unit session), and the completion rate of the
  sessions that did not see it.
- paths (unit user): pages in seq order, consecutive repeats collapsed; pages by users holding them, visits, name;
  transitions and 3-page sequences count every occurrence; length mean/median/p90 (linear interpolation).
- retention: cohort = calendar period (UTC) of the user's first event; retained[m] = share with an event in cohort + m,
  up to the data's last period.
- segments: per user recency_days, sessions, events, monetary, avg_session_minutes, categories; z-scores (population
  std, a constant feature z = 0); KMeans(n_init=10); k by the best silhouette over 2..8 (ties to the smaller k) on a
  seeded sample of at most 5,000 users, clustering that sample, then the chosen k fitted on every user; the reported
  silhouette is the sample's under the final labels.
- ltv: 52 x (spend / visits) x (visits / weeks) x lifespan (10 years); visits = the user's sessions; weeks = the
  data's span (max - min time) in weeks, at least 1; rounded to cents (half away from zero); ties by customer id.

Usage: /usr/bin/python3 bench/events/pandas_peer.py DIR --funnel "a > b > c" [--window 7d] [--period month]
         [--ltv-top 3] [--seed 0] [--check REPORT.json]
DIR holds events.csv (and users.csv, products.csv, which these analyses do not need). Prints one JSON object on
stdout. --check compares with a `journey-lens events --json` report of the same folder and settings, prints the
differences on stderr and exits 1 if any.
(Debian's /usr/bin/python3 has pandas, numpy and scikit-learn; the pyenv python3 on PATH does not.)
"""
import argparse
import json
import math
import os
import re
import sys
import time

# scikit-learn's OpenMP threads spin while they wait; on a shared 2-core machine that spinning fights every other
# process and made KMeans 15x slower here. Passive waiting keeps both threads without it (set the variable to override).
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

# The same name lists as src/core/events/ingest/roles.ts and stage.ts.
ROLE_NAMES = {
    "user": ["user_id", "distinct_id", "customer_id", "person_id", "userid", "user"],
    "session": ["session_id", "$session_id", "sessionid", "session"],
    "time": ["timestamp", "event_time", "time", "ts", "datetime", "created_at", "event_timestamp"],
    "event": ["event", "event_type", "type", "name", "event_name", "action"],
}
PAGE_NAMES = ["path", "page", "url", "page_url", "$current_url", "pathname", "screen"]
MONEY_NAMES = ["revenue", "amount", "total_amount", "order_total", "total"]
PURCHASE = r"(?i)(?:purchase|order_completed|order_placed|checkout_completed|^order$|transaction)"
WINDOW_UNITS = {"w": 604_800_000, "d": 86_400_000, "h": 3_600_000, "m": 60_000, "s": 1000}
DAY_MS = 86_400_000
WEEK_MS = 7 * DAY_MS
FRICTION_ROWS = 50


def parse_window(text):
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([wdhms])\s*", text or "", re.I)
    if not m:
        raise SystemExit(f'window "{text}" is not a number followed by w, d, h, m or s (e.g. 7d, 24h, 30m)')
    return round(float(m[1]) * WINDOW_UNITS[m[2].lower()])


def parse_steps(text):
    steps = [s.strip() for s in re.split(r"(?<!\\)>", text)]
    if not steps or any(not s for s in steps):
        raise SystemExit(f'--funnel "{text}": a step is empty (two ">" in a row, or one at an end?)')
    for s in steps:
        if re.search(r"[:=]", s):
            raise SystemExit(f'--funnel step "{s}": the peer matches event names only, not conditions')
    return [s.replace("\\>", ">") for s in steps]


def pick(columns, names):
    lower = {c.lower(): c for c in columns}
    return next((lower[n] for n in names if n in lower), None)


# ---------------------------------------------------------------------------------------------------------- load


def load(folder):
    """events.csv as a frame sorted in seq order (user, time, file order) with integer codes for user, session, page."""
    path = os.path.join(folder, "events.csv")
    if not os.path.exists(path):
        raise SystemExit(f"{path}: no such file")
    header = pd.read_csv(path, nrows=0).columns.tolist()
    roles = {r: pick(header, n) for r, n in ROLE_NAMES.items()}
    if not roles["user"]:
        raise SystemExit(f"{path}: no user column (looked for {', '.join(ROLE_NAMES['user'])})")
    page_col = pick(header, PAGE_NAMES)
    money_col = pick(header, MONEY_NAMES)
    price_col, qty_col = pick(header, ["price"]), pick(header, ["quantity", "qty"])
    cat_col = "category" if "category" in header else None
    wanted = [c for c in [*roles.values(), page_col, money_col, price_col, qty_col, cat_col] if c]
    text = {c: str for c in wanted if c not in (money_col, price_col, qty_col)}
    # ids, event and category names repeat a lot: categoricals read ~2x faster than Python strings and compare as codes
    for c in (roles["user"], roles["session"], roles["event"], cat_col, page_col):
        if c:
            text[c] = "category"
    df = pd.read_csv(path, usecols=sorted(set(wanted)), dtype=text, keep_default_na=False, na_values=[""])

    # user codes in id order (ids trimmed, as the engine does); an empty id is no user
    users = df[roles["user"]]
    names, inverse = np.unique(users.cat.categories.astype(str).str.strip(), return_inverse=True)
    codes = users.cat.codes.to_numpy()
    ucode = np.where(codes >= 0, inverse[codes], -1)
    keep = ucode >= 0
    if len(names) and names[0] == "":
        keep &= ucode != 0
    if roles["time"]:
        raw_t = df[roles["time"]]
        ts = pd.to_datetime(raw_t, errors="coerce", utc=True).dt.tz_localize(None)
        keep &= (ts.notna() | raw_t.isna()).to_numpy()  # an unreadable time drops the row; a missing one is kept
    else:
        ts = pd.Series(pd.NaT, index=df.index, dtype="datetime64[ns]")
    rejected = int((~keep).sum())

    out = pd.DataFrame({"row": np.arange(len(df)), "u": ucode, "ts": ts})
    out["t"] = (ts.to_numpy().astype("int64") // 1_000_000).astype("float64")  # epoch ms; exact in a double
    out.loc[ts.isna().to_numpy(), "t"] = np.nan
    # sessions as codes; a missing session id (or no column) is the user's one session, as canonical.ts
    if roles["session"]:
        scode = df[roles["session"]].cat.codes.to_numpy().astype(np.int64)
        out["s"] = np.where(scode >= 0, scode, len(df[roles["session"]].cat.categories) + ucode)
    else:
        out["s"] = ucode
    event = df[roles["event"]] if roles["event"] else pd.Series(pd.Categorical([None] * len(df)))
    out["event"] = event
    if page_col:
        out["page"] = df[page_col].astype(object).fillna(event.astype(object)).astype("category")
    else:
        out["page"] = event
    if money_col:
        out["revenue"] = pd.to_numeric(df[money_col], errors="coerce")
    elif price_col and roles["event"]:
        ecodes = event.cat.codes.to_numpy()
        purchase = np.asarray(event.cat.categories.astype(str).str.contains(PURCHASE, regex=True), dtype=bool)
        is_purchase = (ecodes >= 0) & purchase[ecodes]
        q = pd.to_numeric(df[qty_col], errors="coerce").fillna(1) if qty_col else 1
        out["revenue"] = (pd.to_numeric(df[price_col], errors="coerce") * q).where(is_purchase)
    else:
        out["revenue"] = np.nan
    out["category"] = df[cat_col] if cat_col else None
    out = out[keep]

    # seq = position after a stable sort by (user, time with missing last, file order)
    order = np.lexsort((out["row"].to_numpy(), out["t"].fillna(np.inf).to_numpy(), out["u"].to_numpy()))
    out = out.iloc[order].reset_index(drop=True)
    out["pos"] = np.arange(len(out), dtype=np.int64)
    out["s"] = pd.factorize(out["s"])[0]
    info = {"events": len(out), "users": int(out["u"].nunique()), "sessions": int(out["s"].nunique()), "rejected": rejected}
    return out, names.astype(object), info


# -------------------------------------------------------------------------------------------------------- funnel


def funnel_units(ev, unit, steps, window_ms):
    """Per unit (a column of codes): the furthest step reached by its best attempt and that attempt's step times."""
    k = len(steps)
    match = [ev["event"] == s for s in steps]
    cols = [unit, "pos", "t"]
    att = ev.loc[match[0], cols].rename(columns={"pos": "s1", "t": "t1"}).reset_index(drop=True)
    n = len(att)
    reached = np.ones(n, dtype=np.int64)
    seqs = np.full((n, k), -1, dtype=np.int64)
    times = np.full((n, k), np.nan)
    seqs[:, 0], times[:, 0] = att["s1"], att["t1"]
    alive = pd.DataFrame({"a": np.arange(n), unit: att[unit].to_numpy(), "prev": att["s1"].to_numpy(),
                          "t1": att["t1"].to_numpy()})
    for i in range(1, k):
        if alive.empty:
            break
        right = ev.loc[match[i], cols].rename(columns={"pos": "nxt", "t": "ti"})
        m = pd.merge_asof(alive.sort_values("prev", kind="stable"), right, left_on="prev", right_on="nxt",
                          by=unit, direction="forward", allow_exact_matches=False)
        ok = m["nxt"].notna()
        if window_ms is not None:
            ok &= m["ti"] <= m["t1"] + window_ms
        m = m[ok]
        a = m["a"].to_numpy()
        reached[a] = i + 1
        seqs[a, i] = m["nxt"].to_numpy(dtype=np.int64)
        times[a, i] = m["ti"].to_numpy()
        alive = pd.DataFrame({"a": a, unit: m[unit].to_numpy(), "prev": m["nxt"].to_numpy(dtype=np.int64),
                              "t1": m["t1"].to_numpy()})
    # best attempt: furthest, then the earliest arrival at that step, then the latest start
    last = seqs[np.arange(n), reached - 1]
    best = pd.DataFrame({unit: att[unit].to_numpy(), "r": reached, "last": last, "s1": seqs[:, 0], "a": np.arange(n)})
    best = best.sort_values([unit, "r", "last", "s1"], ascending=[True, False, True, False], kind="stable")
    best = best.drop_duplicates(unit)
    return best["r"].to_numpy(), times[best["a"].to_numpy()], best[unit].to_numpy()


def funnel(ev, steps, window_ms):
    reached, times, _ = funnel_units(ev, "u", steps, window_ms)
    counts = [int((reached >= i + 1).sum()) for i in range(len(steps))]
    medians = [None]
    for i in range(1, len(steps)):
        d = times[reached >= i + 1, i] - times[reached >= i + 1, i - 1]
        d = d[~np.isnan(d)]  # a step without a time has no duration (SQL's median skips NULLs too)
        medians.append(float(np.median(d)) if len(d) else None)
    return {"counts": counts, "medianMsFromPrevious": medians}


# ------------------------------------------------------------------------------------------------------ friction


def friction(ev, steps, window_ms):
    names = ev["event"].cat.categories
    is_err = names.str.lower().str.contains("error", regex=False)
    codes = ev["event"].cat.codes.to_numpy()
    err = ev.loc[(codes >= 0) & is_err[codes], ["event", "s", "u"]]
    if err.empty:
        return []
    err = err.assign(message=err["event"].astype(str)).drop_duplicates(["message", "s", "u"])
    reached, _, units = funnel_units(ev, "s", steps, window_ms)
    done = np.zeros(ev["s"].max() + 1, dtype=bool)
    done[units[reached == len(steps)]] = True
    total, total_done = int(ev["s"].nunique()), int(done.sum())
    err["done"] = done[err["s"].to_numpy()]
    per = err.groupby("message").agg(sessions=("s", "nunique"), users=("u", "nunique"))
    per["converted"] = err.drop_duplicates(["message", "s"]).groupby("message")["done"].sum()
    per = per.reset_index().sort_values(["sessions", "message"], ascending=[False, True]).head(FRICTION_ROWS)
    rows = []
    for r in per.itertuples(index=False):  # at most 50 rows
        rest = total - r.sessions
        rows.append({
            "message": r.message, "path": None, "sessions": int(r.sessions), "users": int(r.users),
            "converted": int(r.converted), "conversionRate": r.converted / r.sessions if r.sessions else 0,
            "baselineConversionRate": (total_done - r.converted) / rest if rest > 0 else 0,
        })
    return rows


# --------------------------------------------------------------------------------------------------------- paths


def paths(ev, top=10, top_sequences=5):
    cats = ev["page"].cat.categories.astype(str)
    rank = np.argsort(np.argsort(cats.to_numpy(), kind="stable"))  # page ids in name order, as the engine's
    names = np.asarray(cats, dtype=object)[np.argsort(cats.to_numpy(), kind="stable")]
    codes = ev["page"].cat.codes.to_numpy()
    has = codes >= 0
    pid, u = rank[codes[has]], ev["u"].to_numpy()[has]
    keep = np.ones(len(u), dtype=bool)
    keep[1:] = (pid[1:] != pid[:-1]) | (u[1:] != u[:-1])
    u, pid = u[keep], pid[keep]
    c = pd.DataFrame({"u": u, "p": pid})
    same1 = np.r_[False, u[1:] == u[:-1]]
    same2 = np.r_[False, False, u[2:] == u[:-2]]
    c["p1"] = np.where(same1, np.r_[-1, pid[:-1]], -1)
    c["p2"] = np.where(same2, np.r_[-1, -1, pid[:-2]], -1)

    lengths = c.groupby("u").size().astype(float)
    units = len(lengths)
    visits = c.groupby("p").size()
    journeys = c.drop_duplicates(["u", "p"]).groupby("p").size()
    pages = pd.DataFrame({"visits": visits, "journeys": journeys}).reset_index()
    pages["page"] = names[pages["p"].to_numpy()]
    pages = pages.sort_values(["journeys", "visits", "p"], ascending=[False, False, True])
    tr = c[c["p1"] >= 0].groupby(["p1", "p"]).size().rename("n").reset_index()
    tr = tr.sort_values(["n", "p1", "p"], ascending=[False, True, True]).head(top)
    sq = c[c["p2"] >= 0].groupby(["p2", "p1", "p"]).size().rename("n").reset_index()
    sq = sq.sort_values(["n", "p2", "p1", "p"], ascending=[False, True, True, True]).head(top_sequences)
    return {
        "units": units,
        "pages": [[r.page, int(r.visits), int(r.journeys), r.journeys / units] for r in pages.itertuples()],
        "transitions": [[names[r.p1], names[r.p], int(r.n)] for r in tr.itertuples()],
        "sequences": [[[names[r.p2], names[r.p1], names[r.p]], int(r.n)] for r in sq.itertuples()],
        "length": {"mean": lengths.mean(), "median": lengths.quantile(0.5), "p90": lengths.quantile(0.9)},
    }


# ----------------------------------------------------------------------------------------------------- retention


def retention(ev, period="month", first=3):
    t = ev.loc[ev["ts"].notna(), ["u", "ts"]]
    ts = t["ts"]
    if period == "month":
        p = (ts.dt.year * 12 + ts.dt.month - 1).to_numpy()
    else:
        days = (ts.to_numpy().astype("datetime64[D]").astype(np.int64))
        p = days if period == "day" else (days + 3) // 7  # ISO weeks start on Monday; 1970-01-01 was a Thursday
    a = pd.DataFrame({"u": t["u"].to_numpy(), "p": p}).drop_duplicates()
    cohort = a.groupby("u")["p"].min().rename("c")
    a = a.join(cohort, on="u")
    a["m"] = a["p"] - a["c"]
    last = int(a["p"].max())
    sizes = cohort.value_counts().sort_index()
    back = a.groupby(["c", "m"]).size()

    def label(c):
        if period == "month":
            return f"{c // 12:04d}-{c % 12 + 1:02d}"
        d = c if period == "day" else c * 7 - 3
        return str(np.datetime64(int(d), "D"))

    out = []
    for c, size in sizes.head(first).items():  # a few cohorts, not events
        row = back.loc[c].reindex(range(max(last - c + 1, 1)), fill_value=0) / size
        out.append({"cohort": label(int(c)), "size": int(size), "retained": row.tolist()})
    return {"period": period, "cohorts": len(sizes), "first": out}


# ------------------------------------------------------------------------------------------------------ segments


def user_features(ev):
    """The six features per user (rows in user-id order), as segments/features.ts."""
    per_s = ev.groupby(["u", "s"], sort=False).agg(n=("t", "size"), first=("t", "min"), last=("t", "max"),
                                                    revenue=("revenue", "sum"))
    per_s["span"] = per_s["last"] - per_s["first"]
    g = per_s.groupby(level="u")
    f = pd.DataFrame({
        "recency_days": (ev["t"].max() - g["last"].max()) / DAY_MS,
        "sessions": g.size().astype(float),
        "events": g["n"].sum().astype(float),
        "monetary": g["revenue"].sum(),
        "avg_session_minutes": g["span"].mean() / 60_000,
    })
    if ev["category"].notna().any():
        f["categories"] = ev.groupby("u")["category"].nunique().reindex(f.index).fillna(0).astype(float)
    return f.sort_index()


def standardise(x):
    mean, std = x.mean(axis=0), x.std(axis=0)  # population std, as StandardScaler
    constant = ~(std > 1e-12 * np.maximum(1, np.abs(mean)))
    z = (x - mean) / np.where(constant, 1, std)
    z[:, constant] = 0
    return z


def segments(ev, seed=0, sample_size=5000):
    from sklearn.cluster import KMeans
    from sklearn.metrics import silhouette_score

    f = user_features(ev)
    z = standardise(f.to_numpy(dtype=float))
    n = len(z)
    if n < 3:
        return {"k": None, "silhouette": None, "sizes": [], "note": f"{n} user(s) are too few to segment"}
    idx = np.arange(n) if n <= sample_size else np.sort(np.random.RandomState(seed).choice(n, sample_size, False))
    sample = z[idx]

    def fit(x, k):
        return KMeans(n_clusters=k, init="k-means++", n_init=10, random_state=seed).fit(x).labels_

    def score(x, labels):
        return float(silhouette_score(x, labels)) if len(set(labels)) > 1 else 0.0

    best_k, best_s, best_labels = 0, -math.inf, None
    for k in range(2, min(8, len(idx) - 1) + 1):
        labels = fit(sample, k)
        s = score(sample, labels)
        if s > best_s:
            best_k, best_s, best_labels = k, s, labels
    if len(idx) < n:  # the chosen k on every user, scored on the same sample
        best_labels = fit(z, best_k)
        best_s = score(sample, best_labels[idx])
    sizes = sorted(np.bincount(best_labels, minlength=best_k).tolist(), reverse=True)
    return {"k": best_k, "silhouette": best_s, "sizes": sizes, "features": list(f.columns)}


# ----------------------------------------------------------------------------------------------------------- ltv


def ltv(ev, users, top=3, lifespan=10):
    if ev["revenue"].notna().sum() == 0 or ev["t"].notna().sum() == 0:
        return []
    weeks = max(1.0, (ev["t"].max() - ev["t"].min()) / WEEK_MS)
    g = ev.groupby("u")
    visits = g["s"].nunique()
    spend = g["revenue"].sum()  # NaN-skipping: 0 for a customer without revenue
    value = np.where(visits > 0, 52 * (spend / visits) * (visits / weeks) * lifespan, 0.0)
    cents = np.sign(value) * np.floor(np.abs(value) * 100 + 0.5) / 100  # DuckDB's round: half away from zero
    t = pd.DataFrame({"customer": users[visits.index.to_numpy()], "ltv": cents, "visits": visits.to_numpy(),
                      "expenditure": spend.to_numpy()})
    t = t.sort_values(["ltv", "customer"], ascending=[False, True]).head(top)
    return [{"customer": r.customer, "ltv": float(r.ltv), "visits": int(r.visits), "expenditure": float(r.expenditure)}
            for r in t.itertuples()]


# ---------------------------------------------------------------------------------------------------- agreement


def check(out, report):
    """Differences between this peer's results and a Journey Lens JSON report, as readable lines."""
    bad = []

    def same(what, ours, theirs, tol=1e-9):
        if isinstance(ours, float) or isinstance(theirs, float):
            ok = ours is not None and theirs is not None and abs(ours - theirs) <= tol * max(1, abs(theirs))
        else:
            ok = ours == theirs
        if not ok:
            bad.append(f"{what}: peer {ours!r}, Journey Lens {theirs!r}")

    steps = report["funnel"]["steps"]
    same("funnel counts", out["funnel"], [s["count"] for s in steps])
    for i, s in enumerate(steps[1:], 1):
        ours, theirs = out["funnelMedianMsFromPrevious"][i], s["medianTimeFromPreviousMs"]
        same(f"funnel median ms to step {i + 1}", float(ours) if ours is not None else None,
             float(theirs) if theirs is not None else None)
    fr = report.get("friction") or []
    same("friction rows", len(out["friction"]), len(fr))
    for a, b in zip(out["friction"], fr):
        for key in ("message", "path", "sessions", "users", "converted"):
            same(f"friction {b['message']} {key}", a[key], b[key])
        for key in ("conversionRate", "baselineConversionRate"):
            same(f"friction {b['message']} {key}", float(a[key]), float(b[key]))
    jp = report["paths"]
    same("paths units", out["paths"]["units"], jp["units"])
    same("paths pages", [p[:3] for p in out["paths"]["pages"]], [[p["page"], p["visits"], p["journeys"]] for p in jp["pages"]])
    n = len(out["paths"]["transitions"])
    same("paths transitions", out["paths"]["transitions"], [[t["from"], t["to"], t["count"]] for t in jp["transitions"][:n]])
    n = len(out["paths"]["sequences"])
    same("paths sequences", out["paths"]["sequences"], [[s["pages"], s["count"]] for s in jp["sequences"][:n]])
    for key in ("mean", "median", "p90"):
        same(f"paths length {key}", float(out["paths"]["length"][key]), float(jp["length"][key]))
    rc = report["retention"]["cohorts"]
    same("retention cohorts", out["retention"]["cohorts"], len(rc))
    for a, b in zip(out["retention"]["first"], rc):
        same(f"retention {b['cohort']} label", a["cohort"], b["cohort"])
        same(f"retention {b['cohort']} size", a["size"], b["size"])
        same(f"retention {b['cohort']} width", len(a["retained"]), len(b["retained"]))
        for m, (x, y) in enumerate(zip(a["retained"], b["retained"])):
            same(f"retention {b['cohort']}[{m}]", float(x), float(y))
    lt = report["ltv"]["top"]
    for a, b in zip(out["ltv"], lt):
        same(f"ltv customer #{lt.index(b) + 1}", a["customer"], b["customer"])
        same(f"ltv {b['customer']} ltv", a["ltv"], float(b["ltv"]))
        same(f"ltv {b['customer']} visits", a["visits"], b["visits"])
        same(f"ltv {b['customer']} expenditure", a["expenditure"], float(b["expenditure"]))
    seg = report["segments"]
    sizes = sorted((c["size"] for c in seg["clusters"]), reverse=True)
    notes = [f"segments: peer k={out['segments']['k']} silhouette={out['segments']['silhouette']:.4f} "
             f"sizes={out['segments']['sizes']}; Journey Lens k={seg['k']} silhouette={seg['silhouette']:.4f} sizes={sizes}"]
    return bad, notes


# ---------------------------------------------------------------------------------------------------------- main


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("dir")
    ap.add_argument("--funnel", required=True)
    ap.add_argument("--window")
    ap.add_argument("--period", choices=["day", "week", "month"], default="month")
    ap.add_argument("--ltv-top", type=int, default=3)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--check", metavar="REPORT.json")
    args = ap.parse_args()
    steps = parse_steps(args.funnel)
    window_ms = parse_window(args.window) if args.window else None

    seconds = {}
    t0 = last = time.perf_counter()

    def lap(name):
        nonlocal last
        now = time.perf_counter()
        seconds[name] = round(now - last, 3)
        last = now

    ev, users, info = load(args.dir)
    lap("load")
    if window_ms is not None and ev["t"].isna().all():
        raise SystemExit("a funnel window needs times, and this log has none; drop --window")
    f = funnel(ev, steps, window_ms)
    lap("funnel")
    names = set(ev["event"].cat.categories.astype(str))
    for i, step in enumerate(steps, 1):
        if step not in names:
            print(f'step {i} "{step}" matches no event', file=sys.stderr)
    fr = friction(ev, steps, window_ms)
    lap("friction")
    pa = paths(ev)
    lap("paths")
    re_ = retention(ev, args.period)
    lap("retention")
    se = segments(ev, args.seed)
    lap("segments")
    lt = ltv(ev, users, args.ltv_top)
    lap("ltv")
    seconds["total"] = round(time.perf_counter() - t0, 3)
    out = {
        "seconds": seconds,
        "data": info,
        "funnel": f["counts"],
        "funnelMedianMsFromPrevious": f["medianMsFromPrevious"],
        "friction": fr,
        "paths": pa,
        "retention": re_,
        "segments": se,
        "ltv": lt,
    }
    try:
        print(json.dumps(out, default=float), flush=True)
    except BrokenPipeError:  # `| head`: the reader has what it wanted
        sys.stderr.close()
        sys.exit(0)
    if args.check:
        with open(args.check) as fh:
            bad, notes = check(out, json.load(fh))
        for line in notes + bad:
            print(line, file=sys.stderr)
        print("agreement: " + ("exact" if not bad else f"{len(bad)} difference(s)"), file=sys.stderr)
        sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
