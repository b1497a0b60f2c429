#!/usr/bin/env python3
"""Independent reference for the whole-standard results of tests/data/composite_methods.rubric.

Recomputes, from the wide CSV alone and with the standard library only, every indicator's
points and the total of every row, following the semantics of the standard's functions:

  coverage >= 50%            region, gdp, jobs, rd counted (note is text: not counted);
                             a row with fewer present is not scorable and leaves every cohort
  gdp (impute cohort_mean by region)
                             gdp where present, else the mean of the present gdp of the
                             scorable rows of the period and region; a row without a region
                             keeps its own gdp, and has no estimate when it lacks one
  winsorize(gdp)             COINr Treat() per period (tests/reference/cohort_stats.py)
  cohort_minmax(... across periods), cohort_zscore(jobs by region), cohort_rank(rd by region)
  jobs (missing exclude)     missing flows: its indicators are missing and their points
                             go to the present siblings

then runs `rubric score STANDARD DATA --format json` and compares node values by id (null =
missing) and totals, with a relative tolerance of 1e-12.

Usage: composite_methods.py RUBRIC STANDARD DATA
Exits 1 on any difference, printing each.
"""
import csv
import json
import math
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cohort_stats  # noqa: E402  (independent kernels: COINr Treat)

MISSING = None
COUNTED = ("region", "gdp", "jobs", "rd")
COVERAGE = 0.5
POINTS = {"filled": 10, "level": 10, "balance": 10, "research": 5, "employment": 5}


def read_rows(path):
    rows = []
    with open(path, newline="", encoding="utf-8") as f:
        for record in csv.DictReader(f):
            row = {"entity": record["entity"], "period": int(record["period"])}
            row["region"] = record["region"] or MISSING
            for name in ("gdp", "jobs", "rd"):
                row[name] = float(record[name]) if record[name] != "" else MISSING
            rows.append(row)
    return rows


def clamp01(v):
    return min(max(v, 0.0), 1.0)


def points(p, score):
    return MISSING if score is MISSING else p * clamp01(score)


def mean(xs):
    return math.fsum(xs) / len(xs)


def sample_sd(xs):
    m = mean(xs)
    return math.sqrt(math.fsum((x - m) ** 2 for x in xs) / (len(xs) - 1))


def zscore(x, xs):
    if len(xs) < 2:
        return 0.0
    sd = sample_sd(xs)
    if sd == 0:
        return 0.0
    return (x - mean(xs)) / sd


def minmax(x, xs):
    lo, hi = min(xs), max(xs)
    return 0.0 if hi == lo else (x - lo) / (hi - lo)


def rank_score(x, xs):
    if len(xs) == 1:
        return 1.0
    rank = 1 + sum(1 for v in xs if v > x)
    return 1 - (rank - 1) / (len(xs) - 1)


def compute(rows):
    for row in rows:
        present = sum(1 for name in COUNTED if row[name] is not MISSING)
        row["scorable"] = present / len(COUNTED) >= COVERAGE
    live = [r for r in rows if r["scorable"]]
    periods = sorted({r["period"] for r in live})

    def cohort(r, by_region, across=False):
        return [o for o in live
                if (across or o["period"] == r["period"])
                and (not by_region or o["region"] == r["region"])]

    # impute(gdp, cohort_mean by region): estimates from present values only.
    for r in live:
        if r["gdp"] is not MISSING:
            r["gdp_i"] = r["gdp"]
        elif r["region"] is MISSING:
            r["gdp_i"] = MISSING
        else:
            known = [o["gdp"] for o in cohort(r, True) if o["gdp"] is not MISSING]
            r["gdp_i"] = mean(known) if known else MISSING
    # winsorize(gdp) over each period's rows with a value.
    for period in periods:
        members = [r for r in live if r["period"] == period and r["gdp_i"] is not MISSING]
        treated = cohort_stats.treat([r["gdp_i"] for r in members])
        for r, v in zip(members, treated["values"]):
            r["gdp_w"] = v
    for r in live:
        r.setdefault("gdp_w", MISSING)
    everyone = [r["gdp_w"] for r in live if r["gdp_w"] is not MISSING]
    for r in live:
        nodes = {}
        nodes["filled"] = points(10, MISSING if r["gdp_i"] is MISSING else r["gdp_i"] / 1000)
        nodes["level"] = points(
            10, MISSING if r["gdp_w"] is MISSING else minmax(r["gdp_w"], everyone))
        if r["region"] is MISSING or r["jobs"] is MISSING:
            nodes["balance"] = MISSING
        else:
            jobs = [o["jobs"] for o in cohort(r, True) if o["jobs"] is not MISSING]
            nodes["balance"] = points(10, 0.5 + zscore(r["jobs"], jobs) / 4)
        if r["region"] is MISSING:
            nodes["research"] = MISSING
        else:
            rd = [o["rd"] or 0.0 for o in cohort(r, True)]  # rd: missing default, 0
            nodes["research"] = points(5, rank_score(r["rd"] or 0.0, rd))
        nodes["employment"] = points(5, MISSING if r["jobs"] is MISSING else r["jobs"] / 100)
        present = [k for k in POINTS if nodes[k] is not MISSING]
        if not present:
            total = MISSING
        elif len(present) == len(POINTS):
            total = math.fsum(nodes[k] for k in POINTS)
        else:
            total = (math.fsum(nodes[k] for k in present) * sum(POINTS.values())
                     / sum(POINTS[k] for k in present))
        r["nodes"] = nodes
        r["total"] = total
    return rows


def close(a, b):
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= 1e-12 * max(1.0, abs(a), abs(b))


def main():
    if len(sys.argv) != 4:
        raise SystemExit(__doc__)
    rubric, standard, data = sys.argv[1:]
    expected = {(r["entity"], r["period"]): r for r in compute(read_rows(data))}
    run = subprocess.run([rubric, "score", standard, data, "--format", "json"],
                         capture_output=True, text=True, check=False)
    if run.returncode != 0:
        print(run.stderr, file=sys.stderr)
        raise SystemExit("rubric score failed with exit code %d" % run.returncode)
    report = json.loads(run.stdout)
    errors = []
    seen = set()
    for row in report["rows"]:
        key = (row["entity"], int(row["period"]))
        seen.add(key)
        want = expected.get(key)
        if want is None:
            errors.append("%s %d: not in the data" % key)
            continue
        scorable = row.get("scorable", True)
        if scorable != want["scorable"]:
            errors.append("%s %d: scorable %s, expected %s" % (key + (scorable, want["scorable"])))
            continue
        if not scorable:
            continue
        got = row["nodes"]
        for node, value in want["nodes"].items():
            if not close(got.get(node), value):
                errors.append("%s %d: %s = %r, expected %r" % (key + (node, got.get(node), value)))
        if not close(row.get("total"), want["total"]):
            errors.append("%s %d: total = %r, expected %r" % (key + (row.get("total"), want["total"])))
        if want["total"] is None:
            # The exclude and impute inputs missing in the row, in declaration order.
            names = [n for n in ("region", "gdp", "jobs") if want[n] is MISSING]
            reason = "no part of the total has a value: missing " + ", ".join(names)
            if row.get("missing_reason") != reason:
                errors.append("%s %d: missing_reason %r, expected %r"
                              % (key + (row.get("missing_reason"), reason)))
    for key in expected:
        if key not in seen:
            errors.append("%s %d: missing from rubric's output" % key)
    for error in errors:
        print(error)
    checked = sum(1 for r in expected.values() if r["scorable"])
    print("%d rows (%d scorable), %d differences" % (len(expected), checked, len(errors)))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
