#!/usr/bin/env python3
"""Reference definition of rubric's round(x, d), independent of the C++ code.

round(x, d) rounds the decimal a person reads (the shortest decimal that reads back to x:
Python's repr) at 10^-d, half away from zero (decimal.ROUND_HALF_UP on the magnitude), and
is the double nearest to the rounded decimal. NaN and infinities are unchanged, and so is
any |x| >= 1e15. A result that rounds to zero is +0.

Usage:
  rounding.py X D                 prints round(X, D)
  rounding.py --write FILE        writes the golden cases (tests/data/rounding_cases.json)
  rounding.py --check FILE        recomputes every case of FILE; exits 1 on any difference
  rounding.py --cli RUBRIC        scores every finite case with `RUBRIC score --format json`
                                  (a standard with one `value round(x, d)` per d) and
                                  compares the results; exits 1 on any difference

JSON has no NaN or infinity: x is written as repr(x) text ("nan", "inf", "-inf" included),
and so is the result.
"""
import argparse
import decimal
import json
import math
import os
import random
import subprocess
import sys
import tempfile


def reference_round(x, d):
    if math.isnan(x) or math.isinf(x) or abs(x) >= 1e15:
        return x
    shortest = decimal.Decimal(repr(x))
    rounded = shortest.quantize(decimal.Decimal(1).scaleb(-d), rounding=decimal.ROUND_HALF_UP,
                                context=decimal.Context(prec=1000))
    result = float(rounded)
    return 0.0 if result == 0 else result


def make_cases():
    cases = [
        (0.8015013, 3), (2.675, 2), (1.005, 2), (-2.5, 0), (2.5, 0), (0.5, 0), (-0.5, 0),
        (0.49999999999999994, 0), (1e-7, 0), (1e-7, 6), (1e-7, 7), (5e-8, 7), (-5e-8, 7),
        (123456.789, -1), (1234, -2), (1250, -2), (-1250, -2), (99.95, 1), (9.995, 2),
        (0.125, 2), (0.375, 2), (1.45, 1), (1.55, 1), (2.345, 2), (-2.345, 2), (8.325, 2),
        (0.045, 2), (1.0000000000000002, 15), (123.456, 10), (999999999999999.9, 0),
        (1e15, 0), (-1e15, -3), (1e16, 0), (5e-324, 0), (5e-324, 324), (1.7976931348623157e308, 2),
        (0.1 + 0.2, 2), (0.1 + 0.2, 16), (0.30000000000000004, 17), (7, 0), (0, 3), (-0.0, 0),
        (0.0049, 2), (-0.0049, 2), (0.005, 2), (-0.005, 2), (4.35, 1), (4.45, 1), (64.5, 0),
        (1e-300, 300), (1.5e-300, 300), (25, -1), (35, -1), (49, -2), (50, -2), (500, -3),
        (499999999999999.5, 0), (0.9999999999999999, 10),
    ]
    rng = random.Random(2026)
    for _ in range(300):  # ties at many digits: a decimal ending in 5, rounded at that digit
        digits = rng.randint(1, 15)
        mantissa = rng.randrange(10 ** (digits - 1), 10 ** digits) * 10 + 5
        scale = rng.randint(-8, 8)
        x = float(decimal.Decimal(mantissa).scaleb(-(digits + scale)))
        if rng.random() < 0.5:
            x = -x
        text = repr(x)
        frac = len(text.split(".")[1]) if "." in text and "e" not in text else None
        cases.append((x, frac - 1 if frac else rng.randint(-3, 12)))
    for _ in range(200):  # anything
        x = rng.uniform(-1e6, 1e6) * 10 ** rng.randint(-12, 6)
        cases.append((x, rng.randint(-6, 16)))
    return cases


def encode(x):
    return repr(float(x))


def write(path):
    lines = [json.dumps({"x": encode(x), "d": d, "expected": encode(reference_round(x, d))})
             for x, d in make_cases()]
    with open(path, "w", encoding="utf-8") as f:
        f.write('{"cases": [\n' + ",\n".join(lines) + "\n]}\n")


def check(path):
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    failures = 0
    expected_cases = [(encode(x), d) for x, d in make_cases()]
    if expected_cases != [(c["x"], c["d"]) for c in doc["cases"]]:
        print("the cases of %s are not the script's cases: regenerate with --write" % path)
        failures += 1
    for case in doc["cases"]:
        want = encode(reference_round(float(case["x"]), case["d"]))
        if want != case["expected"]:
            print("round(%s, %d): the file says %s, the reference %s"
                  % (case["x"], case["d"], case["expected"], want))
            failures += 1
    print("%d cases, %d differences" % (len(doc["cases"]), failures))
    return 1 if failures else 0


def check_cli(rubric):
    cases = [(x, d) for x, d in make_cases() if math.isfinite(x)]
    ds = sorted({d for _, d in cases})
    name = {d: ("r_m%d" % -d if d < 0 else "r_%d" % d) for d in ds}
    lines = ["standard rounding {", "  input x : number"]
    lines += ["  indicator %s { value round(x, %d) }" % (name[d], d) for d in ds]
    lines.append("}")
    failures = 0
    with tempfile.TemporaryDirectory() as folder:
        standard = os.path.join(folder, "rounding.rubric")
        data = os.path.join(folder, "rounding.csv")
        with open(standard, "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
        with open(data, "w", encoding="utf-8") as f:
            f.write("entity,period,x\n")
            for i, (x, _) in enumerate(cases):
                f.write("e%d,2024,%s\n" % (i, repr(x)))
        run = subprocess.run([rubric, "score", standard, data, "--format", "json"],
                             capture_output=True, text=True, check=False)
        if run.returncode != 0:
            print(run.stderr)
            return 1
        rows = {row["entity"]: row for row in json.loads(run.stdout)["rows"]}
    for i, (x, d) in enumerate(cases):
        got = rows["e%d" % i]["nodes"][name[d]] if "e%d" % i in rows else None
        want = reference_round(x, d)
        if got is None or float(got) != want or math.copysign(1, float(got)) != math.copysign(1, want):
            print("round(%r, %d): rubric gives %r, the reference %r" % (x, d, got, want))
            failures += 1
    print("%d cases through the CLI, %d differences" % (len(cases), failures))
    return 1 if failures or len(rows) != len(cases) else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("x", nargs="?")
    parser.add_argument("d", nargs="?", type=int)
    parser.add_argument("--write", metavar="FILE")
    parser.add_argument("--check", metavar="FILE")
    parser.add_argument("--cli", metavar="RUBRIC")
    args = parser.parse_args()
    if args.write:
        write(args.write)
        return 0
    if args.check:
        return check(args.check)
    if args.cli:
        return check_cli(args.cli)
    if args.x is None or args.d is None:
        parser.error("give X D, --write or --check")
    print(repr(reference_round(float(args.x), args.d)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
