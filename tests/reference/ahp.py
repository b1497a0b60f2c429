#!/usr/bin/env python3
"""Reference implementation of rubric's AHP priorities (lib/sema/ahp.cc).

Independent of the C++: standard library only, 60-digit decimal arithmetic, and the
principal eigenvector found by another method: repeated squaring of the matrix (A^(2^k),
rescaled after each squaring, has rank-1 columns proportional to the Perron vector; 40
squarings take the other eigenvalues' share to (lambda_2 / lambda_max)^(2^40)), where the
C++ iterates w <- A w in doubles. The approximate (column-normalised row means) and
geometric (normalised row geometric means) methods are written from their definitions.

Usage:
  ahp.py --write FILE   writes the cases (tests/data/ahp_cases.json)
  ahp.py --check FILE   recomputes every case of FILE; exits 1 on any difference
  ahp.py --matrix "1 3 5; 1/3 1 2; 1/5 1/2 1"   prints the results for one matrix
"""
import argparse
import decimal
import json
import sys
from decimal import Decimal
from fractions import Fraction

decimal.getcontext().prec = 60

# RI(n), n = 1..15. Saaty (1980) for n <= 10, 11..15 from his later simulations
# (as tabulated with n = 11..15); Alonso & Lamata (2006).
SAATY_RI = [0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59]
ALONSO_RI = [0, 0, 0.5245, 0.8815, 1.1086, 1.2479, 1.3417, 1.4056, 1.4499, 1.4854, 1.5141,
             1.5365, 1.5551, 1.5713, 1.5838]

SQUARINGS = 40


def entry(text):
    """'3', '1/3', '0.33' -> Decimal (the C++ side reads the same text as a double)."""
    f = Fraction(text)
    return Decimal(f.numerator) / Decimal(f.denominator)


def parse(rows):
    return [[entry(x) for x in row] for row in rows]


def multiply(a, b):
    n = len(a)
    return [[sum((a[i][k] * b[k][j] for k in range(n)), Decimal(0)) for j in range(n)]
            for i in range(n)]


def normalised(v):
    total = sum(v, Decimal(0))
    return [x / total for x in v]


def eigenvector(a):
    b = a
    for _ in range(SQUARINGS):
        b = multiply(b, b)
        scale = max(max(row) for row in b)
        b = [[x / scale for x in row] for row in b]
    # Every column of the limit is proportional to the Perron vector; the row sums are too.
    return normalised([sum(row, Decimal(0)) for row in b])


def approximate(a):
    n = len(a)
    column_sums = [sum((a[i][j] for i in range(n)), Decimal(0)) for j in range(n)]
    return [sum((a[i][j] / column_sums[j] for j in range(n)), Decimal(0)) / n for i in range(n)]


def geometric(a):
    n = len(a)
    means = [(sum((x.ln() for x in row), Decimal(0)) / n).exp() for row in a]
    return normalised(means)


METHODS = {"eigenvector": eigenvector, "approximate": approximate, "geometric": geometric}


def results(rows):
    a = parse(rows)
    n = len(a)
    out = {}
    for name, method in METHODS.items():
        w = method(a)
        aw = [sum((a[i][j] * w[j] for j in range(n)), Decimal(0)) for i in range(n)]
        lambda_max = sum((aw[i] / w[i] for i in range(n)), Decimal(0)) / n
        ci = (lambda_max - n) / (n - 1) if n > 2 else Decimal(0)
        result = {"weights": [float(x) for x in w], "lambda_max": float(lambda_max),
                  "ci": float(ci)}
        for table, ri in (("saaty", SAATY_RI), ("alonso", ALONSO_RI)):
            if n <= 2:
                result["cr_" + table] = 0.0
            elif n <= 15:
                result["cr_" + table] = float(ci / Decimal(repr(ri[n - 1])))
        out[name] = result
    return out


def square(n, upper):
    """The reciprocal matrix (as text) with the upper triangle `upper`, row by row."""
    rows = [["1"] * n for _ in range(n)]
    k = 0
    for i in range(n):
        for j in range(i + 1, n):
            rows[i][j] = upper[k]
            rows[j][i] = str(1 / Fraction(upper[k]))
            k += 1
    return rows


def consistent(weights):
    """a_ij = w_i / w_j: CR = 0 and the priorities are the weights, normalised."""
    return [[str(Fraction(x, y)) for y in weights] for x in weights]


def scale_values():
    return ["1/9", "1/8", "1/7", "1/6", "1/5", "1/4", "1/3", "1/2",
            "1", "2", "3", "4", "5", "6", "7", "8", "9"]


def pseudo_random(n, seed):
    """Deterministic Saaty-scale judgments (a linear congruential generator, no `random`)."""
    values = scale_values()
    state = seed
    upper = []
    for _ in range(n * (n - 1) // 2):
        state = (state * 1103515245 + 12345) % (2 ** 31)
        upper.append(values[state % len(values)])
    return square(n, upper)


def cases():
    """The matrices: the published examples of tests/unit/ahp_test.cc and edge cases."""
    return [
        # Saaty (2008), relative consumption of drinks in the US.
        ("saaty_drinks", [
            ["1", "9", "5", "2", "1", "1", "1/2"],
            ["1/9", "1", "1/3", "1/9", "1/9", "1/9", "1/9"],
            ["1/5", "3", "1", "1/3", "1/4", "1/3", "1/9"],
            ["1/2", "9", "3", "1", "1/2", "1", "1/3"],
            ["1", "9", "4", "2", "1", "2", "1/2"],
            ["1", "9", "3", "1", "1/2", "1", "1/3"],
            ["2", "9", "9", "3", "2", "3", "1"]]),
        # Saaty (1990), choosing a house: the eight criteria.
        ("saaty_house", [
            ["1", "5", "3", "7", "6", "6", "1/3", "1/4"],
            ["1/5", "1", "1/3", "5", "3", "3", "1/5", "1/7"],
            ["1/3", "3", "1", "6", "3", "4", "6", "1/5"],
            ["1/7", "1/5", "1/6", "1", "1/3", "1/4", "1/7", "1/8"],
            ["1/6", "1/3", "1/3", "3", "1", "1/2", "1/5", "1/6"],
            ["1/6", "1/3", "1/4", "4", "2", "1", "1/5", "1/6"],
            ["3", "5", "1/6", "7", "5", "5", "1", "1/2"],
            ["4", "7", "5", "8", "6", "6", "2", "1"]]),
        # Wikipedia, AHP - leader example: the criteria (experience, education, charisma, age).
        ("leader_criteria", square(4, ["4", "3", "7", "1/3", "3", "5"])),
        # Wikipedia, AHP - car example: the criteria (cost, safety, style, capacity).
        ("car_criteria", square(4, ["3", "7", "3", "9", "1", "1/7"])),
        ("consistent_3", consistent([4, 2, 1])),
        ("consistent_5", consistent([9, 6, 3, 2, 1])),
        ("inconsistent_3", square(3, ["9", "1/9", "9"])),
        ("rounded_reciprocals", [
            ["1", "3", "7"],
            ["0.33", "1", "2"],
            ["0.14", "0.5", "1"]]),
        ("order_1", [["1"]]),
        ("order_2", square(2, ["5"])),
        ("random_6", pseudo_random(6, 6)),
        ("random_10", pseudo_random(10, 10)),
        ("random_15", pseudo_random(15, 15)),
    ]


def build():
    return {
        "comment": "Made by tests/reference/ahp.py --write; do not edit by hand.",
        "saaty_ri": SAATY_RI,
        "alonso_ri": ALONSO_RI,
        "cases": [{"name": name, "matrix": rows, "expected": results(rows)}
                  for name, rows in cases()],
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--write", metavar="FILE")
    group.add_argument("--check", metavar="FILE")
    group.add_argument("--matrix", metavar="ROWS")
    args = parser.parse_args()
    if args.matrix:
        rows = [row.split() for row in args.matrix.split(";")]
        print(json.dumps(results(rows), indent=1))
        return 0
    if args.write:
        with open(args.write, "w", encoding="utf-8") as out:
            json.dump(build(), out, indent=1, ensure_ascii=False)
            out.write("\n")
        return 0
    with open(args.check, encoding="utf-8") as f:
        stored = json.load(f)
    fresh = build()
    if stored == fresh:
        print(f"{len(fresh['cases'])} cases: as computed")
        return 0
    stored_cases = {c["name"]: c for c in stored.get("cases", [])}
    for case in fresh["cases"]:
        if stored_cases.get(case["name"]) != case:
            print(f"case {case['name']}: differs from the reference", file=sys.stderr)
    if stored.get("saaty_ri") != fresh["saaty_ri"] or stored.get("alonso_ri") != fresh["alonso_ri"]:
        print("the RI tables differ", file=sys.stderr)
    if len(stored.get("cases", [])) != len(fresh["cases"]):
        print("the number of cases differs", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
