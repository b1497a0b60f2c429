#!/usr/bin/env python3
"""Reference definitions of rubric's objective weights and TOPSIS (WEIGHTS.md, issue 14),
independent of the C++ code. Pure Python 3: exact sums by math.fsum, no numpy.

A matrix is a list of rows: one row per entity (alternative), one column per criterion
(the group's children). Only complete rows are passed in (the caller drops rows with a
missing child, as WEIGHTS.md prescribes). n = number of rows, m = number of columns.

Entropy weights (熵权法), on the values as written (x_ij >= 0):
    S_j  = sum_i x_ij,                 p_ij = x_ij / S_j
    e_j  = -(1 / ln n) sum_i p_ij ln p_ij            (0 ln 0 = 0)
         = -(T_j / S_j - ln S_j) / ln n,   T_j = sum_i x_ij ln x_ij   (the form computed)
    d_j  = 1 - e_j;  d_j < 1e-12 -> 0   (near-constant criterion: weight 0)
    w_j  = d_j / sum_k d_k;  all d = 0, or n < 2 -> w_j = 1/m.
    A negative x in column j -> that column's e_j is NaN, and so are all weights.
    (A column summing to 0 is all zeros: p undefined; taken as constant, d_j = 0.)

CRITIC weights (Diakoulaki, Mavrotas & Papayannakis 1995):
    sigma_j = sample standard deviation of column j (divisor n - 1)
    r_jk    = Pearson correlation of columns j and k (r_jj = 1)
    C_j     = sigma_j * sum_k (1 - r_jk)
    sigma_j = 0 -> C_j = 0, and r_jk is taken as 0 for every pair involving j
              (so a constant column k adds 1 - 0 = 1 to every other C_j's sum).
    w_j     = C_j / sum_k C_k;  all C = 0 (or n < 2) -> w_j = 1/m.
    The method is usually applied to min-max normalised columns (minmax_columns), with cost
    criteria inverted, (max - x) / (max - min); the caller decides (WEIGHTS.md: values as written).

TOPSIS closeness (Hwang & Yoon 1981), weights w normalised to sum 1 first:
    r_ij = x_ij / sqrt(sum_i x_ij^2)           (vector normalisation; a zero column -> r = 0)
    v_ij = w_j r_ij
    A+_j = max_i v_ij (benefit) / min_i v_ij (cost);  A-_j = min_i (benefit) / max_i (cost)
    D+_i = sqrt(sum_j (v_ij - A+_j)^2),  D-_i = sqrt(sum_j (v_ij - A-_j)^2)
    C_i  = D-_i / (D+_i + D-_i);  D+ + D- = 0 (all rows identical) -> NaN
           (WEIGHTS.md leaves this to the lead; pass identical=0.5 for the other choice).

Usage:
  weighting.py --check [CASES.json]     recomputes every published case (default:
                                        weighting_cases.json beside this script) and the
                                        built-in identities; exits 1 on any mismatch
  weighting.py --emit-cases N SEED      prints N random cases as JSON (matrix, directions,
                                        entropy / CRITIC weights, TOPSIS closeness under
                                        entropy, CRITIC and equal weights)

JSON has no NaN: a NaN result is written as the string "nan".
"""
import argparse
import json
import math
import os
import random
import sys

DEFAULT_CASES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "weighting_cases.json")
ENTROPY_D_FLOOR = 1e-12


def _columns(matrix):
    if not matrix:
        return []
    m = len(matrix[0])
    for row in matrix:
        if len(row) != m:
            raise ValueError("ragged matrix")
    return [[float(row[j]) for row in matrix] for j in range(m)]


def _equal(m):
    return [1.0 / m] * m if m else []


def _normalise(v):
    total = math.fsum(v)
    return [x / total for x in v]


def minmax_columns(matrix, directions=None):
    """Min-max normalise each column to [0, 1]:
        benefit: (x - min) / (max - min);   cost: (max - x) / (max - min).
    directions: list of "benefit" / "cost" (default all benefit). A constant column
    (max == min) becomes all 0."""
    cols = _columns(matrix)
    if directions is None:
        directions = ["benefit"] * len(cols)
    out_cols = []
    for col, d in zip(cols, directions):
        lo, hi = min(col), max(col)
        if hi == lo:
            out_cols.append([0.0] * len(col))
        elif d == "cost":
            out_cols.append([(hi - x) / (hi - lo) for x in col])
        else:
            out_cols.append([(x - lo) / (hi - lo) for x in col])
    return [list(r) for r in zip(*out_cols)]


def entropy_diversities(matrix):
    """(e_j, d_j) per column, as in the module docstring (d before the equal-weight rule)."""
    cols = _columns(matrix)
    n = len(matrix)
    es, ds = [], []
    for col in cols:
        if any(x < 0 or math.isnan(x) for x in col):
            es.append(math.nan)
            ds.append(math.nan)
            continue
        if n < 2:
            es.append(math.nan)
            ds.append(0.0)
            continue
        s = math.fsum(col)
        if s == 0:
            es.append(1.0)
            ds.append(0.0)
            continue
        t = math.fsum(x * math.log(x) for x in col if x > 0)
        e = -(t / s - math.log(s)) / math.log(n)
        d = 1.0 - e
        if d < ENTROPY_D_FLOOR:
            d = 0.0
        es.append(e)
        ds.append(d)
    return es, ds


def entropy_weights(matrix):
    """Entropy weights w_j = d_j / sum d, d_j = 1 - e_j (see the module docstring)."""
    m = len(matrix[0]) if matrix else 0
    es, ds = entropy_diversities(matrix)
    if any(math.isnan(d) for d in ds):
        return [math.nan] * m
    if len(matrix) < 2 or all(d == 0 for d in ds):
        return _equal(m)
    total = math.fsum(ds)
    return [d / total for d in ds]


def sample_sd(col):
    n = len(col)
    mean = math.fsum(col) / n
    return math.sqrt(math.fsum((x - mean) ** 2 for x in col) / (n - 1))


def pearson(a, b):
    n = len(a)
    ma, mb = math.fsum(a) / n, math.fsum(b) / n
    sab = math.fsum((x - ma) * (y - mb) for x, y in zip(a, b))
    saa = math.fsum((x - ma) ** 2 for x in a)
    sbb = math.fsum((y - mb) ** 2 for y in b)
    if saa == 0 or sbb == 0:
        return 0.0
    return sab / math.sqrt(saa * sbb)


def critic_information(matrix):
    """C_j = sigma_j * sum_k (1 - r_jk) per column (sigma_j = 0 -> C_j = 0, r_jk = 0; r
    clamped to [-1, 1]; a conflict sum below 1e-12 counts 0)."""
    cols = _columns(matrix)
    n = len(matrix)
    if n < 2:
        return [0.0] * len(cols)
    sds = [sample_sd(c) for c in cols]
    out = []
    for j, cj in enumerate(cols):
        if sds[j] == 0:
            out.append(0.0)
            continue
        terms = []
        for k, ck in enumerate(cols):
            if k == j:
                r = 1.0
            elif sds[k] == 0:
                r = 0.0
            else:
                r = min(1.0, max(-1.0, pearson(cj, ck)))  # rounding can leave [-1, 1]
            terms.append(1.0 - r)
        conflict = math.fsum(terms)
        # Perfectly correlated with every other criterion, up to rounding: no conflict.
        out.append(sds[j] * (conflict if conflict >= 1e-12 else 0.0))
    return out


def critic_weights(matrix):
    """CRITIC weights w_j = C_j / sum C (see the module docstring); all zero -> equal."""
    m = len(matrix[0]) if matrix else 0
    cs = critic_information(matrix)
    if any(math.isnan(c) for c in cs):
        return [math.nan] * m
    total = math.fsum(cs)
    if total == 0:
        return _equal(m)
    return [c / total for c in cs]


def topsis_details(matrix, weights, directions=None):
    """(v matrix, A+, A-, D+, D-) of TOPSIS with vector normalisation."""
    cols = _columns(matrix)
    m = len(cols)
    if directions is None:
        directions = ["benefit"] * m
    w = _normalise([float(x) for x in weights])
    vcols = []
    for j, col in enumerate(cols):
        norm = math.sqrt(math.fsum(x * x for x in col))
        vcols.append([w[j] * (x / norm if norm > 0 else 0.0) for x in col])
    a_pos, a_neg = [], []
    for j, vc in enumerate(vcols):
        if directions[j] == "cost":
            a_pos.append(min(vc))
            a_neg.append(max(vc))
        else:
            a_pos.append(max(vc))
            a_neg.append(min(vc))
    n = len(matrix)
    d_pos = [math.sqrt(math.fsum((vcols[j][i] - a_pos[j]) ** 2 for j in range(m))) for i in range(n)]
    d_neg = [math.sqrt(math.fsum((vcols[j][i] - a_neg[j]) ** 2 for j in range(m))) for i in range(n)]
    v = [[vcols[j][i] for j in range(m)] for i in range(n)]
    return v, a_pos, a_neg, d_pos, d_neg


def topsis_closeness(matrix, weights, directions=None, identical=math.nan):
    """TOPSIS relative closeness C_i = D-_i / (D+_i + D-_i) (see the module docstring).
    directions: "benefit" / "cost" per column (default all benefit)."""
    _, _, _, d_pos, d_neg = topsis_details(matrix, weights, directions)
    return [dn / (dp + dn) if dp + dn > 0 else identical for dp, dn in zip(d_pos, d_neg)]


# ---------------------------------------------------------------------------------------
# Published cases (--check)

def _preprocess(case):
    matrix = [[float(x) for x in row] for row in case["matrix"]]
    kind = case.get("preprocess", "none")
    if kind == "minmax":
        return minmax_columns(matrix, case.get("directions"))
    if kind == "max_minus_x":
        for j in case["max_minus_x_columns"]:
            hi = max(row[j] for row in matrix)
            for row in matrix:
                row[j] = hi - row[j]
        return matrix
    if kind != "none":
        raise ValueError("unknown preprocess " + kind)
    return matrix


def _within(computed, printed, case):
    if "abs_tol" in case:
        tol = case["abs_tol"]
    else:
        tol = 0.5 * 10.0 ** (-case["decimals"]) + 1e-12
    return abs(computed - printed) <= tol


def _compare(label, computed, published, case, failures):
    """published: a list (every index) or a dict {"index": value} (the printed entries only).
    Figures listed in the case's "misprints" are not asserted: they must instead be off by
    at most one unit of the last printed decimal (so the note stays true)."""
    misprints = {m["figure"]: m for m in case.get("misprints", [])}
    items = published.items() if isinstance(published, dict) else enumerate(published)
    for key, printed in items:
        value = computed[int(key)]
        name = "%s[%s]" % (label, key)
        if isinstance(printed, list):
            _compare(name, value, printed, case, failures)
            continue
        if name in misprints:
            unit = 10.0 ** (-case["decimals"])
            if _within(value, printed, case) or abs(value - printed) > 1.5 * unit:
                failures.append("%s: %s listed as a misprint but computed %r vs printed %r"
                                % (case["id"], name, value, printed))
            continue
        if not _within(value, printed, case):
            failures.append("%s: %s[%s] = %r, published %r" % (case["id"], label, key, value, printed))


def check_case(case):
    """Returns a list of mismatch messages (empty when the case reproduces)."""
    failures = []
    matrix = _preprocess(case)
    pub = case["published"]
    method = case["method"]
    if method == "entropy":
        _compare("weights", entropy_weights(matrix), pub["weights"], case, failures)
    elif method == "critic":
        _compare("weights", critic_weights(matrix), pub["weights"], case, failures)
    elif method == "topsis":
        weights, directions = case["weights"], case.get("directions")
        v, _, _, d_pos, d_neg = topsis_details(matrix, weights, directions)
        scale = case.get("distance_scale", 1)
        closeness = topsis_closeness(matrix, weights, directions)
        if "normalised_matrix" in pub:
            cols = _columns(matrix)
            norms = [math.sqrt(math.fsum(x * x for x in c)) for c in cols]
            r = [[x / norms[j] for j, x in enumerate(row)] for row in matrix]
            _compare("r", r, pub["normalised_matrix"], case, failures)
        if "weighted_matrix" in pub:
            _compare("v", v, pub["weighted_matrix"], case, failures)
        if "d_plus" in pub:
            _compare("D+", [d * scale for d in d_pos], pub["d_plus"], case, failures)
        if "d_minus" in pub:
            _compare("D-", [d * scale for d in d_neg], pub["d_minus"], case, failures)
        if "closeness" in pub:
            _compare("C", closeness, pub["closeness"], case, failures)
        if "closeness_share" in pub:
            total = math.fsum(closeness)
            _compare("C/sum C", [c / total for c in closeness], pub["closeness_share"], case, failures)
    else:
        failures.append("%s: unknown method %s" % (case["id"], method))
    return failures


def _close(a, b, tol=1e-12):
    if isinstance(a, list):
        return len(a) == len(b) and all(_close(x, y, tol) for x, y in zip(a, b))
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return abs(a - b) <= tol


def identity_checks():
    """Properties of the definitions themselves (edge rules of WEIGHTS.md)."""
    failures = []

    def expect(name, ok):
        if not ok:
            failures.append("identity: " + name)

    rng = random.Random(14)
    for _ in range(200):
        n, m = rng.randint(2, 7), rng.randint(2, 5)
        mat = [[rng.choice([0.0, rng.uniform(0, 50)]) for _ in range(m)] for _ in range(n)]
        # e_j by the direct p ln p sum equals the closed form used (T/S - ln S).
        es, _ = entropy_diversities(mat)
        for j, col in enumerate(_columns(mat)):
            s = math.fsum(col)
            if s == 0:
                continue
            direct = -math.fsum((x / s) * math.log(x / s) for x in col if x > 0) / math.log(n)
            expect("entropy closed form", abs(direct - es[j]) < 1e-12)
        # Scaling a column leaves entropy weights and TOPSIS closeness unchanged; scaling
        # the weights leaves closeness unchanged.
        k = rng.randint(0, m - 1)
        scaled = [row[:k] + [row[k] * 7.5] + row[k + 1:] for row in mat]
        expect("entropy scale invariance", _close(entropy_weights(mat), entropy_weights(scaled), 1e-12))
        w = [rng.uniform(0.1, 3) for _ in range(m)]
        dirs = [rng.choice(["benefit", "cost"]) for _ in range(m)]
        c1 = topsis_closeness(mat, w, dirs)
        expect("topsis column scale", _close(c1, topsis_closeness(scaled, w, dirs), 1e-12))
        expect("topsis weight scale", _close(c1, topsis_closeness(mat, [3 * x for x in w], dirs), 1e-12))
        expect("weights sum to 1", abs(math.fsum(critic_weights(mat)) - 1) < 1e-12
               and abs(math.fsum(entropy_weights(mat)) - 1) < 1e-12)
    # Constant column: entropy weight 0, CRITIC weight 0; its r taken 0 for the others.
    const = [[1, 5, 3], [2, 5, 1], [4, 5, 2]]
    expect("entropy constant column", entropy_weights(const)[1] == 0.0)
    cw = critic_weights(const)
    expect("critic constant column", cw[1] == 0.0)
    cols = _columns(const)
    c0 = sample_sd(cols[0]) * (0 + 1 + (1 - pearson(cols[0], cols[2])))
    c2 = sample_sd(cols[2]) * ((1 - pearson(cols[0], cols[2])) + 1 + 0)
    expect("critic sigma=0 rule", _close(cw, [c0 / (c0 + c2), 0.0, c2 / (c0 + c2)], 1e-15))
    # All constant / one row: equal weights. Identical rows: TOPSIS NaN. Negative: NaN.
    expect("entropy all constant", entropy_weights([[2, 3], [2, 3]]) == [0.5, 0.5])
    expect("critic all constant", critic_weights([[2, 3], [2, 3]]) == [0.5, 0.5])
    expect("entropy one row", entropy_weights([[2, 3, 4]]) == [1 / 3] * 3)
    expect("critic one row", critic_weights([[2, 3, 4]]) == [1 / 3] * 3)
    expect("topsis identical rows", all(math.isnan(c) for c in topsis_closeness([[1, 2], [1, 2]], [1, 1])))
    expect("entropy negative", all(math.isnan(x) for x in entropy_weights([[1, -1], [2, 3]])))
    # Near-constant criterion: d < 1e-12 -> 0.
    near = [[1.0, 1.0], [1.0 + 1e-9, 2.0], [1.0, 3.0]]
    expect("entropy near-constant floor", entropy_weights(near)[0] == 0.0)
    # Benefit/cost symmetry: a cost column equals the benefit column of its negation's ranks.
    expect("topsis dominance", topsis_closeness([[3, 1], [1, 3]], [1, 1], ["benefit", "cost"]) == [1.0, 0.0])
    return failures


def run_check(path):
    with open(path, encoding="utf-8") as f:
        cases = json.load(f)["cases"]
    failures = []
    for case in cases:
        failures.extend(check_case(case))
    failures.extend(identity_checks())
    for line in failures:
        print("MISMATCH " + line)
    print("%d published cases, %s" % (len(cases), "all reproduced" if not failures else
                                      "%d mismatches" % len(failures)))
    return 1 if failures else 0


# ---------------------------------------------------------------------------------------
# Random cases (--emit-cases)

def _num(x):
    return repr(x) if math.isnan(x) or math.isinf(x) else x


def _random_matrix(rng):
    n = rng.choice([1, 2, 2, 3, 4, 5, 6, 8, 10, 15])
    m = rng.randint(2, 5)
    style = rng.choice(["shares", "scores", "minmax", "mixed"])
    cols = []
    for _ in range(m):
        kind = rng.random()
        if kind < 0.08:
            col = [round(rng.uniform(0, 100), 2)] * n                  # constant column
        elif style == "shares":
            col = [round(rng.uniform(0, 1), 4) for _ in range(n)]
        elif style == "minmax":
            col = [round(rng.uniform(0, 1), 3) for _ in range(n)]
            if n >= 2:
                col[rng.randrange(n)] = 0.0
                col[rng.randrange(n)] = 1.0
        elif style == "scores":
            col = [float(rng.randint(40, 100)) for _ in range(n)]
        else:
            scale = 10.0 ** rng.randint(-2, 4)
            col = [round(rng.uniform(0, 1) * scale, 3) for _ in range(n)]
            if rng.random() < 0.3:
                col[rng.randrange(n)] = 0.0                             # a zero (0 ln 0)
        cols.append(col)
    matrix = [[c[i] for c in cols] for i in range(n)]
    if n >= 2 and rng.random() < 0.05:
        matrix = [list(matrix[0]) for _ in range(n)]                     # identical rows
    return matrix


def emit_cases(count, seed):
    """count random cases: matrix, directions, given weights and the expected results."""
    rng = random.Random(seed)
    out = []
    for k in range(count):
        matrix = _random_matrix(rng)
        m = len(matrix[0])
        directions = [rng.choice(["benefit", "benefit", "cost"]) for _ in range(m)]
        given = [float(rng.randint(1, 5)) for _ in range(m)]
        ew = entropy_weights(matrix)
        cw = critic_weights(matrix)
        case = {
            "id": "random_%d_%d" % (seed, k),
            "matrix": matrix,
            "directions": directions,
            "given_weights": given,
            "entropy_weights": [_num(x) for x in ew],
            "critic_weights": [_num(x) for x in cw],
            "critic_weights_minmax": [_num(x) for x in critic_weights(minmax_columns(matrix, directions))],
            "topsis_given": [_num(x) for x in topsis_closeness(matrix, given, directions)],
            "topsis_entropy": [_num(x) for x in topsis_closeness(matrix, ew, directions)],
            "topsis_critic": [_num(x) for x in topsis_closeness(matrix, cw, directions)],
        }
        out.append(case)
    return {
        "generator": "tests/reference/weighting.py --emit-cases %d %d" % (count, seed),
        "conventions": "rows = entities (complete rows only), columns = children; entropy and "
                       "CRITIC on the values as written (critic_weights_minmax: on minmax_columns "
                       "with the directions); TOPSIS with vector normalisation, weights normalised, "
                       "directions per column; NaN written as the string \"nan\" (TOPSIS when every "
                       "row is identical or n = 1). Values are short decimals, so the JSON text "
                       "reads back to the same doubles.",
        "cases": out,
    }


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", nargs="?", const=DEFAULT_CASES, metavar="CASES.json")
    parser.add_argument("--emit-cases", nargs=2, type=int, metavar=("N", "SEED"))
    args = parser.parse_args(argv)
    if args.check is not None:
        return run_check(args.check)
    if args.emit_cases is not None:
        json.dump(emit_cases(*args.emit_cases), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    parser.print_help()
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
