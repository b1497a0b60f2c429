#!/usr/bin/env python3
"""Opens `rubric score --format xlsx` with openpyxl, independently of libxlsxwriter.

Checks the sheets (a "Ranking PERIOD" per period, "Scores", "Standard"), their header cells,
one row per scored city in the wide sheet and in the rankings, ranks (1 first, equal totals
sharing a rank, vetoed rows without one), and every total against `--format json` (to the
16 significant digits libxlsxwriter writes). Exits 77 (skipped) when openpyxl is missing.

Usage: xlsx_openpyxl.py RUBRIC STANDARD DATA.csv
"""
import json
import os
import subprocess
import sys
import tempfile

try:
    import openpyxl
except ImportError:
    # Debian's python3-openpyxl belongs to the system's Python, which may not be this one.
    if os.path.exists("/usr/bin/python3") and os.path.realpath(sys.executable) != \
            os.path.realpath("/usr/bin/python3") and not os.environ.get("RUBRIC_REEXEC"):
        os.environ["RUBRIC_REEXEC"] = "1"
        os.execv("/usr/bin/python3", ["/usr/bin/python3"] + sys.argv)
    print("skipped: Python's openpyxl is not installed (Debian: python3-openpyxl)")
    sys.exit(77)


def fail(message):
    print("FAIL: " + message)
    sys.exit(1)


def main():
    rubric, standard, data = sys.argv[1:4]
    scored = subprocess.run([rubric, "score", standard, data, "--format", "json"],
                            check=True, capture_output=True, text=True)
    results = json.loads(scored.stdout)
    rows = results["rows"]
    totals = {(r["entity"], r["period"]): r["total"] for r in rows if r.get("scorable", True)}
    periods = sorted({r["period"] for r in rows})

    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "results.xlsx")
        written = subprocess.run([rubric, "score", standard, data, "--format", "xlsx",
                                  "--out", path, "--decimals", "3"],
                                 capture_output=True, text=True)
        if written.returncode != 0:
            fail("rubric score --format xlsx: " + written.stderr)
        if written.stdout:
            fail("--format xlsx --out wrote to standard output")
        book = openpyxl.load_workbook(path)

        expected_sheets = ["Ranking %d" % p for p in periods] + ["Scores", "Standard"]
        if book.sheetnames != expected_sheets:
            fail("sheets %s, expected %s" % (book.sheetnames, expected_sheets))

        scores = book["Scores"]
        header = [c.value for c in scores[1]]
        if header[:2] != ["entity", "period"]:
            fail("Scores header starts %s" % header[:2])
        if header[-5:] != ["total", "rank", "grade", "vetoed", "veto ids"]:
            fail("Scores header ends %s" % header[-5:])
        total_column = header.index("total")
        data_rows = [r for r in scores.iter_rows(min_row=2, values_only=True)]
        if len(data_rows) != len(rows):
            fail("Scores has %d rows, JSON %d" % (len(data_rows), len(rows)))
        number_format = scores.cell(row=2, column=total_column + 1).number_format
        if number_format != "0.000":
            fail("total number format %r, expected 0.000 (--decimals 3)" % number_format)
        checked = 0
        exact = 0
        for row in data_rows:
            key = (row[0], row[1])
            if key not in totals:
                fail("Scores has a row %s the JSON lacks" % (key,))
            expected = totals[key]
            value = row[total_column]
            if expected is None:
                if value is not None:
                    fail("%s: total %r, JSON has none" % (key, value))
                continue
            if value is None or abs(value - expected) > 1e-13 * max(1.0, abs(expected)):
                fail("%s: total %r in the workbook, %r in the JSON" % (key, value, expected))
            checked += 1
            exact += value == expected

        for period in periods:
            sheet = book["Ranking %d" % period]
            header = [c.value for c in sheet[1]]
            if header != ["rank", "entity", "total", "grade", "vetoed", "veto ids"]:
                fail("Ranking %d header %s" % (period, header))
            ranking = [r for r in sheet.iter_rows(min_row=2, values_only=True)]
            in_period = [r for r in rows if r["period"] == period]
            if len(ranking) != len(in_period):
                fail("Ranking %d has %d rows, JSON %d" % (period, len(ranking), len(in_period)))
            previous = None
            for position, (rank, entity, total, grade, vetoed, vetoes) in enumerate(ranking, 1):
                if rank is None:
                    continue
                expected_rank = position if previous is None or total != previous[1] else previous[0]
                if rank != expected_rank:
                    fail("Ranking %d: %s has rank %r, expected %r" % (period, entity, rank,
                                                                      expected_rank))
                if vetoed:
                    fail("Ranking %d: vetoed %s is ranked" % (period, entity))
                previous = (rank, total)
            if ranking and ranking[0][0] != 1:
                fail("Ranking %d does not start at rank 1" % period)

        standard_sheet = book["Standard"]
        header = [c.value for c in standard_sheet[1]]
        if header != ["id", "label", "kind", "points", "rule", "reads"]:
            fail("Standard header %s" % header)
        nodes = len(rows[0].get("nodes", {})) if rows else 0
        listed = sum(1 for r in standard_sheet.iter_rows(min_row=2, values_only=True)
                     if r[2] in ("group", "indicator"))
        if nodes and listed != nodes:
            fail("Standard lists %d nodes, the JSON %d" % (listed, nodes))

    print("ok: %d sheets, %d rows, %d totals equal to the JSON's (%d bit for bit)" %
          (len(book.sheetnames), len(data_rows), checked, exact))


if __name__ == "__main__":
    main()
