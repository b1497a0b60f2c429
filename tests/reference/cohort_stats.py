#!/usr/bin/env python3
"""Reference implementation of rubric's cohort statistics and of COINr's Treat().

Independent of the C++ kernels (lib/eval/cohort_stats.cc): standard library only, written
from the definitions and, for the outlier treatment, line by line from COINr's R source
(R/treat.R: Treat.numeric, winsorise, log_CT, skew, kurt, check_SkewKurt), keeping R's
data layout (a vector in row order, which(), x[-i]) and R's NA logic.

Usage:
  cohort_stats.py --values 1,2,3,100 [--q 0.25,0.5] [--winmax 5 --skew 2 --kurt 3.5]
      prints every statistic and the treatment of the values as JSON
  cohort_stats.py --write FILE   writes the golden cases (tests/data/cohort_stats_cases.json)
  cohort_stats.py --check FILE   recomputes every case of FILE; exits 1 on any difference

JSON has no NaN or infinity: non-finite numbers are written as the strings "nan", "inf",
"-inf", in inputs and outputs alike.
"""
import argparse
import json
import math
import random
import statistics
import sys

NAN = float("nan")


# ---------------------------------------------------------------------------------------
# Statistics. Any NaN makes everything but min, max and count NaN.


def has_nan(xs):
    return any(math.isnan(x) for x in xs)


def exact_sum(xs):
    """Correctly rounded sum (math.fsum), with IEEE results for the non-finite cases."""
    if has_nan(xs):
        return NAN
    pos_inf = any(x == math.inf for x in xs)
    neg_inf = any(x == -math.inf for x in xs)
    if pos_inf and neg_inf:
        return NAN
    if pos_inf:
        return math.inf
    if neg_inf:
        return -math.inf
    try:
        return math.fsum(xs)
    except OverflowError:
        return 2 * math.fsum(x / 2 for x in xs)


def mean(xs):
    if not xs:
        return NAN
    return exact_sum(xs) / len(xs)


def minimum(xs):
    numbers = [x for x in xs if not math.isnan(x)]
    return min(numbers) if numbers else NAN


def maximum(xs):
    numbers = [x for x in xs if not math.isnan(x)]
    return max(numbers) if numbers else NAN


def power_sums(xs):
    """sum d^2, sum d^3, sum d^4 for d = x - mean, each summed exactly."""
    m = mean(xs)
    ds = [x - m for x in xs]
    return (exact_sum([d * d for d in ds]), exact_sum([d * d * d for d in ds]),
            exact_sum([d * d * d * d for d in ds]))


def sample_sd(xs):
    n = len(xs)
    if n < 2:
        return NAN
    s2, _, _ = power_sums(xs)
    return math.sqrt(s2 / (n - 1))


def skew(xs):
    """COINr skew() (e1071 type 2): sqrt(n) sum(x^3) / sum(x^2)^(3/2) * sqrt(n(n-1)) / (n-2)."""
    n = len(xs)
    if n < 3:
        return NAN  # COINr: stop("Insufficient non-NA points ...")
    s2, s3, _ = power_sums(xs)
    if math.isnan(s2) or s2 == 0:
        return NAN  # 0/0 in R
    y = math.sqrt(n) * s3 / (s2 ** 1.5)
    return y * math.sqrt(n * (n - 1)) / (n - 2)


def kurt(xs):
    """COINr kurt() (e1071 type 2): r = n sum(x^4) / sum(x^2)^2; ((n+1)(r-3)+6)(n-1)/((n-2)(n-3))."""
    n = len(xs)
    if n < 4:
        return NAN
    s2, _, s4 = power_sums(xs)
    if math.isnan(s2) or s2 == 0:
        return NAN
    r = n * s4 / (s2 * s2)
    return ((n + 1) * (r - 3) + 6) * (n - 1) / ((n - 2) * (n - 3))


def median(xs):
    if not xs or has_nan(xs):
        return NAN
    mid = statistics.median(xs)  # (a + b) / 2 for an even count, as R's median()
    ys = sorted(xs)
    n = len(ys)
    if n % 2 == 0 and math.isinf(mid) and math.isfinite(ys[n // 2 - 1]) and math.isfinite(ys[n // 2]):
        return ys[n // 2 - 1] / 2 + ys[n // 2] / 2
    return mid


def quantile(xs, q):
    """R type 7: h = (n-1)q; x[floor h] + (h - floor h)(x[floor h + 1] - x[floor h])."""
    if not xs or has_nan(xs) or math.isnan(q) or q < 0 or q > 1:
        return NAN
    ys = sorted(xs)
    h = (len(ys) - 1) * q
    j = math.floor(h)
    if h == j or j + 1 >= len(ys):
        return ys[j]
    return ys[j] + (h - j) * (ys[j + 1] - ys[j])


def zscore(x, xs):
    sd = sample_sd(xs)
    if len(xs) < 2 or math.isnan(sd) or sd == 0:
        return NAN
    return (x - mean(xs)) / sd


# ---------------------------------------------------------------------------------------
# COINr's Treat() with its defaults. R's NA is None here.


def r_or(a, b):
    """R's `|` on logical scalars (TRUE | NA is TRUE)."""
    if a is True or b is True:
        return True
    if a is None or b is None:
        return None
    return False


def r_less(a, b):
    """R's `<`: NA when either side is NA/NaN."""
    if math.isnan(a) or math.isnan(b):
        return None
    return a < b


def check_skew_kurt(x, skew_thresh, kurt_thresh):
    """check_SkewKurt: Pass = (abs(sk) < skew_thresh) | (kt < kurt_thresh).

    COINr's skew() and kurt() stop() below 3 and 4 points; rubric treats that as NA.
    """
    if len(x) < 4:
        return None
    sk = skew(x)
    kt = kurt(x)
    return r_or(r_less(abs(sk), skew_thresh), r_less(kt, kurt_thresh))


def which_equal(x, value):
    return [i for i, v in enumerate(x) if v == value]


def winsorise(x, winmax, skew_thresh, kurt_thresh):
    """COINr winsorise(), force_win = FALSE. Returns (x, nwin, treated) or None where R errors."""
    x = list(x)
    passing = check_skew_kurt(x, skew_thresh, kurt_thresh)
    nwin = 0
    imax = []
    imin = []
    if passing is not True:  # if(!passing | force_win); NA here never reaches (Treat returns)
        below_winmax = nwin < winmax
        while True:
            # while((!passing | force_win) & below_winmax)
            # with force_win FALSE: !passing & below_winmax (FALSE & NA is FALSE)
            if not below_winmax:
                cond = False
            else:
                cond = None if passing is None else not passing
            if cond is None:
                return None  # R: "missing value where TRUE/FALSE needed"
            if not cond:
                break
            if skew(x) >= 0:
                top = max(x)
                imax = which_equal(x, top)
                rest = [v for i, v in enumerate(x) if i not in imax]
                replacement = max(rest)
                for i in imax:
                    x[i] = replacement
            else:
                bottom = min(x)
                imin = which_equal(x, bottom)
                rest = [v for i, v in enumerate(x) if i not in imin]
                replacement = min(rest)
                for i in imin:
                    x[i] = replacement
            nwin = len(imax) + len(imin)
            below_winmax = nwin < winmax
            passing = check_skew_kurt(x, skew_thresh, kurt_thresh)
    treated = [""] * len(x)
    for i in imax:
        treated[i] = "winhi"
    for i in imin:
        treated[i] = "winlo"
    return x, nwin, treated


def log_ct(x):
    """log_CT: log(x - min(x) + 0.01 * (max(x) - min(x)))."""
    mn = min(x)
    mx = max(x)
    return [math.log(v - mn + 0.01 * (mx - mn)) for v in x]


def treat(values, winmax=5, skew_thresh=2.0, kurt_thresh=3.5):
    """Treat.numeric with f1 = winsorise, f2 = log_CT, f_pass = check_SkewKurt."""
    x = list(values)
    untreated = {
        "values": x,
        "treatment": ["none"] * len(x),
        "winsorized_count": 0,
        "log_used": False,
        "outcome": "not_assessed",
    }
    pass0 = check_skew_kurt(x, skew_thresh, kurt_thresh)
    if pass0 is None:
        return untreated  # "f_pass has returned NA. Returning untreated vector."
    if pass0:
        return dict(untreated, outcome="passed")
    win = winsorise(x, winmax, skew_thresh, kurt_thresh)
    if win is None:
        return untreated  # R errors; rubric leaves the values untouched
    x1, nwin, treated = win
    pass1 = check_skew_kurt(x1, skew_thresh, kurt_thresh)
    if pass1 is None:
        return untreated
    if pass1:
        names = {"": "none", "winhi": "winhi", "winlo": "winlo"}
        return {
            "values": x1,
            "treatment": [names[t] for t in treated],
            "winsorized_count": nwin,
            "log_used": False,
            "outcome": "winsorized",
        }
    x2 = log_ct(x)  # combine_treat = FALSE: f2 on the original x
    if check_skew_kurt(x2, skew_thresh, kurt_thresh) is None:
        return untreated
    return {
        "values": x2,
        "treatment": ["log"] * len(x),
        "winsorized_count": nwin,
        "log_used": True,
        "outcome": "log_transformed",
    }


# ---------------------------------------------------------------------------------------
# Cases and JSON.


def encode(v):
    if isinstance(v, float):
        if math.isnan(v):
            return "nan"
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
        return v
    if isinstance(v, list):
        return [encode(e) for e in v]
    if isinstance(v, dict):
        return {k: encode(e) for k, e in v.items()}
    return v


def decode_number(v):
    if isinstance(v, str):
        return {"nan": NAN, "inf": math.inf, "-inf": -math.inf}[v]
    return float(v)


def compute(values, qs, options):
    return {
        "sum": exact_sum(values),
        "count": len(values),
        "mean": mean(values),
        "min": minimum(values),
        "max": maximum(values),
        "sd": sample_sd(values),
        "median": median(values),
        "quantiles": [quantile(values, q) for q in qs],
        "zscores": [zscore(x, values) for x in values],
        "skew": skew(values),
        "kurt": kurt(values),
        "winsorize": treat(values, options["max_points"], options["skew"], options["kurtosis"]),
    }


DEFAULT_OPTIONS = {"max_points": 5, "skew": 2.0, "kurtosis": 3.5}
DEFAULT_QS = [0.0, 0.1, 0.25, 0.5, 0.75, 0.9, 1.0]


def make_cases():
    rng = random.Random(20261204)
    cases = []

    def add(name, values, qs=None, options=None):
        cases.append({"name": name, "values": [float(v) for v in values],
                      "q": DEFAULT_QS if qs is None else qs,
                      "options": dict(DEFAULT_OPTIONS, **(options or {}))})

    # Small cohorts, ties, zero spread, NaN, infinities.
    add("empty", [])
    add("one", [3.5])
    add("two", [4, 1])
    add("three", [2, 9, 4])
    add("four", [1, 2, 3, 10])
    add("ties", [5, 1, 5, 3, 5, 1])
    add("constant", [7, 7, 7, 7, 7])
    add("nan_member", [1, NAN, 3, 4, 5])
    add("all_nan", [NAN, NAN])
    add("inf_member", [1, 2, math.inf, 4])
    add("both_infinities", [1, -math.inf, math.inf, 4])
    add("cancellation", [1e16, 1, -1e16, 3, 0.5])
    add("quantile_odd_q", [10, 20, 30, 40, 50], qs=[0.0, 0.3, 1 / 3, 0.625, 0.99, 1.0, 1.5, -0.1])
    add("negative_zero", [0.0, -0.0, 1.0, 2.0])
    # COINr's documentation example: 1:10 with two outliers.
    add("coinr_example", list(range(1, 11)) + [30, 100])
    add("coinr_example_winmax2", list(range(1, 11)) + [30, 100], options={"max_points": 2})
    # Passes as it is.
    add("passes", [rng.gauss(50, 10) for _ in range(40)])
    # One outlier: one step.
    add("one_outlier", [rng.gauss(0, 1) for _ in range(30)] + [25.0])
    # Ties at the maximum: the first step moves two tied points, the second three
    # (nwin 3 counts each point once).
    add("tied_max_step", [0.83, -0.09, -0.9, -0.62, -0.14, 0.33, 2.26, -1.37, 0.48, -0.09, 0.3,
                          1.35, 1.24, -0.16, -0.56, -1.36, -0.07, 1.25, -0.27, 0.7, 0.71, 0.4,
                          1.08, -0.11, -0.83, -1.17, 0.93, -0.36, -0.31, 0.83, -0.79, 1.77, 0.67,
                          -0.53, -0.63, 24.8, 5.5, 8.9, 24.8, 13.8])
    # Ties overshoot the cap: steps of 3 and then 6 tied points (nwin 6 >= 5), still
    # failing, so the log of the original values.
    add("tied_overshoot_log", [-0.3, -0.59, 0.14, 0.26, 0.23, 0.06, -0.52, 0.01, 1.0, 0.28, -0.3,
                               -1.2, 0.4, 1.38, -1.24, 0.53, -0.61, -0.81, 0.48, 1.88, -1.67,
                               0.36, 0.51, 0.08, 0.72, -1.33, 0.13, -0.01, 0.09, -0.84, 0.47,
                               -2.26, -1.0, -0.44, -1.12, -1.11, -1.01, 2.02, 0.71, 0.38, -2.0,
                               0.3, -0.95, -0.38, 0.28, -0.24, -0.27, 0.62, 0.28, 0.48, 0.78,
                               0.02, 0.01, 0.27, 0.38, -0.15, 0.17, 0.97, -0.98, 0.45, 0.61,
                               -0.55, 0.78, 1.39, 1.36, 1.12, -0.05, -0.42, 0.04, 0.73, 0.55,
                               -0.17, 1.87, 0.11, 0.18, 1.17, -0.37, 0.76, 1.0, 1.21, 9.0, 9.0,
                               9.0, 37.0, 37.0, 37.0, 14.0, 14.0, 14.0])
    # Negative skew: the minimum side.
    add("negative_skew", [rng.gauss(100, 5) for _ in range(30)] + [-80.0, 20.0])
    # Both sides: one high step, then two low steps; nwin = |imax| + |imin| = 1 + 2.
    add("both_sides", [0.63, -0.19, -1.86, -1.32, -0.72, 0.51, 0.42, 0.33, 1.01, -0.49, -0.13,
                       0.27, -0.14, -0.52, -1.68, 0.01, 0.64, -1.87, -0.03, 0.58, 29.3, -12.2,
                       -8.3])
    # Latest-step counting against a running total: steps move 1, 2, 3, 4 points (each
    # step's set holds the points moved before); COINr's nwin goes 1, 2, 3, 4 and passes
    # after the fourth step, where a running total (1, 3, 6) would stop at the cap after
    # the third and fall back to the log.
    add("count_latest_vs_total", [1.77, -0.41, -1.19, -0.38, 0.65, -0.88, -0.72, 0.55, -0.01,
                                  0.22, -0.63, -0.83, -0.32, -0.15, -0.33, 0.43, 0.55, 0.55,
                                  0.48, -0.89, -1.12, 0.8, 0.01, 0.12, -1.16, -0.21, -0.64,
                                  -0.86, -0.63, -1.49, 0.09, 28.8, 22.2, 12.1, 19.5])
    # A chain of outliers: five single steps reach the cap of 5 exactly, still failing: log.
    add("cap_then_log", [rng.gauss(0, 1) for _ in range(60)] + [40, 60, 80, 100, 120, 140])
    # Two steps then passing: nwin 2 (the second step moves both points).
    add("two_steps", [float(i) for i in range(1, 31)] + [200, 400])
    # Winsorisation collapses the cohort to one value: statistics undefined (COINr errors,
    # or with winmax 1 returns the vector untreated): untouched.
    add("collapse", [0.0] * 10 + [100.0])
    add("collapse_winmax1", [0.0] * 10 + [100.0], options={"max_points": 1})
    # No winsorisation allowed: a failing cohort goes straight to the log.
    add("winmax0_log", list(range(1, 11)) + [30, 100], options={"max_points": 0})
    # Dispersed random cohorts with heavy tails, in random order.
    for k in range(8):
        xs = [rng.lognormvariate(0, 1.5) for _ in range(rng.randint(8, 40))]
        if k % 2 == 1:
            xs = [-v for v in xs]
        rng.shuffle(xs)
        add("lognormal_%d" % k, xs)
    # Integers with many ties.
    add("integer_ties", [rng.choice([0, 0, 0, 1, 1, 2, 3, 50]) for _ in range(25)])
    return cases


def evaluate(case):
    values = [decode_number(v) for v in case["values"]]
    qs = [decode_number(q) for q in case["q"]]
    options = dict(case["options"])
    options["skew"] = decode_number(options["skew"])
    options["kurtosis"] = decode_number(options["kurtosis"])
    return encode(compute(values, qs, options))


def write(path):
    cases = []
    for case in make_cases():
        case = encode(case)
        case["expected"] = evaluate(case)
        cases.append(case)
    doc = {
        "comment": "Made by tests/reference/cohort_stats.py --write; do not edit by hand.",
        "cases": cases,
    }
    with open(path, "w", encoding="utf-8") as f:
        json.dump(doc, f, indent=1, allow_nan=False)
        f.write("\n")


def check(path):
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    failures = 0
    names = [c["name"] for c in make_cases()]
    if names != [c["name"] for c in doc["cases"]]:
        print("the cases of %s are not the script's cases: regenerate with --write" % path)
        failures += 1
    for case in doc["cases"]:
        fresh = make_cases_by_name().get(case["name"])
        if fresh is not None and encode(fresh)["values"] != case["values"]:
            print("%s: inputs differ from the script's" % case["name"])
            failures += 1
        got = evaluate(case)
        if got != case["expected"]:
            print("%s: expected outputs differ from the reference" % case["name"])
            for key in got:
                if got[key] != case["expected"].get(key):
                    print("  %s: file %r, reference %r" % (key, case["expected"].get(key), got[key]))
            failures += 1
    print("%d cases, %d failures" % (len(doc["cases"]), failures))
    return 1 if failures else 0


def make_cases_by_name():
    return {c["name"]: c for c in make_cases()}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--values", help="comma-separated values (nan, inf allowed)")
    parser.add_argument("--q", default=",".join(str(q) for q in DEFAULT_QS))
    parser.add_argument("--winmax", type=int, default=5)
    parser.add_argument("--skew", type=float, default=2.0)
    parser.add_argument("--kurt", type=float, default=3.5)
    parser.add_argument("--write", metavar="FILE")
    parser.add_argument("--check", metavar="FILE")
    args = parser.parse_args()
    if args.write:
        write(args.write)
        return 0
    if args.check:
        return check(args.check)
    if args.values is None:
        parser.error("give --values, --write or --check")
    values = [float(v) for v in args.values.split(",") if v.strip()]
    qs = [float(q) for q in args.q.split(",") if q.strip()]
    options = {"max_points": args.winmax, "skew": args.skew, "kurtosis": args.kurt}
    json.dump(encode(compute(values, qs, options)), sys.stdout, indent=1, allow_nan=False)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
