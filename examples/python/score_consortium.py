#!/usr/bin/env python3
"""Score the consortium example through the Python binding of librubric.

Compiles examples/consortium/standard.rubric, loads examples/consortium/cities.csv,
prints the ranking of the last period (top 10), then edits one value and prints the
changed total (recomputed incrementally).

Run from anywhere in the checkout:

    RUBRIC_LIBRARY=build/release/capi/librubric.so python3 examples/python/score_consortium.py

or, with the package on the path and librubric.so next to it or installed:

    PYTHONPATH=capi/python python3 examples/python/score_consortium.py

The script finds the package in capi/python/ of this checkout when it is not
importable, and the library as the binding does (RUBRIC_LIBRARY, next to the package,
the system), falling back to build/{release,ci,debug}/capi/ of this checkout.
"""

import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

try:
    import rubric
except ImportError:
    sys.path.insert(0, str(REPO / "capi" / "python"))
    import rubric


def load_library():
    try:
        return rubric.load_library()
    except rubric.VersionMismatchError:
        raise
    except rubric.LibraryError as error:
        if os.environ.get("RUBRIC_LIBRARY"):
            raise
        for preset in ("release", "ci", "debug"):
            path = REPO / "build" / preset / "capi" / "librubric.so"
            if path.exists():
                return rubric.load_library(str(path))
        raise error


def main():
    library = load_library()
    print("librubric %s (%s)" % (library.version_string, library.path))

    example = REPO / "examples" / "consortium"
    with rubric.Standard.from_file(example / "standard.rubric") as standard, \
            rubric.Session(standard) as session:
        print("%s [%s, version %s]: %d inputs, %d groups and indicators, %d vetoes"
              % (standard.title, standard.id, standard.version, len(standard.inputs),
                 len(standard.nodes), len(standard.vetoes)))
        for warning in session.load_csv(example / "cities.csv"):
            print(warning, file=sys.stderr)

        results = session.results(nodes=False)
        last = max(r["period"] for r in results)
        ranked = sorted((r for r in results if r["period"] == last and r["scorable"]),
                        key=lambda r: (-r["total"], r["entity"]))
        print("\nRanking %d (top 10 of %d):" % (last, len(ranked)))
        print("%4s  %-8s %10s  %s" % ("rank", "entity", "total", "grade"))
        for rank, r in enumerate(ranked[:10], 1):
            veto = "  (vetoed: %s)" % ", ".join(r["vetoes"]) if r["vetoed"] else ""
            print("%4d  %-8s %10.4f  %s%s" % (rank, r["entity"], r["total"], r["grade"], veto))

        # One edit: 8.2.2 (courses developed jointly) of C0001 in 2024.
        entity, period, input_id, value = "C0001", 2024, "p8_2_2", 40
        row = session.find_row(entity, period)
        item = standard.find_input(input_id)
        old_value, old_total, old_grade = (session.value(row, item), session.total(row),
                                           session.grade(row))
        ops = session.ops
        session.set(row, item, value)
        total, grade = session.total(row), session.grade(row)
        print("\nEdit %s %d %s \"%s\": %g -> %g" % (entity, period, input_id, item.label,
                                                  old_value, value))
        print("total %r (%s) -> %r (%s), %d kernel runs"
              % (old_total, old_grade, total, grade, session.ops - ops))
        why = session.explain(row, "T8_2")
        print("T8_2 now earns %.4f of %g points" % (why["earned"], why["possible"]))


if __name__ == "__main__":
    main()
