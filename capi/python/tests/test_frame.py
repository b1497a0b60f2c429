"""Session.load_frame against load_csv of the same data: the same values bit for bit, the
same diagnostics. Skipped when pandas is not installed.

Run from capi/python (RUBRIC_LIBRARY as for test_rubric.py):

    python3 -m unittest tests.test_frame -v
"""

import csv
import io
import os
import subprocess
import sys
import unittest
from pathlib import Path

PYTHON_DIR = Path(__file__).resolve().parents[1]  # capi/python
REPO = PYTHON_DIR.parents[1]
if str(PYTHON_DIR) not in sys.path:
    sys.path.insert(0, str(PYTHON_DIR))

import rubric  # noqa: E402
from rubric import _lib  # noqa: E402

try:
    import numpy as np
    import pandas as pd
except ImportError:  # the tests are skipped
    np = pd = None

CONSORTIUM = REPO / "examples" / "consortium"
GOLDEN = REPO / "tests" / "golden" / "data_diagnostics"

# From `rubric score examples/consortium/standard.rubric examples/consortium/cities.csv
# --format csv` (as in test_rubric.py): (entity, period) -> (total, grade).
EXPECTED = {
    ("C0001", 2023): (47.72219033923088, "不合格"),
    ("C0002", 2025): (86.47899649093388, "良好"),
    ("C0020", 2025): (90.96701423613416, "优秀"),
    ("C0030", 2024): (67.82125444677423, "合格"),
}


def setUpModule():
    if not os.environ.get(_lib.ENV_VAR):
        for preset in ("release", "ci", "debug"):
            path = REPO / "build" / preset / "capi" / "librubric.so"
            if path.exists():
                os.environ[_lib.ENV_VAR] = str(path)
                break
    rubric.load_library()


def wide_csv(long_path):
    """The long CSV file as wide CSV text (columns in the standard's input order)."""
    values, inputs, keys = {}, [], []
    with open(long_path, encoding="utf-8", newline="") as f:
        for record in csv.DictReader(f):
            key = (record["entity"], record["period"])
            if key not in values:
                values[key] = {}
                keys.append(key)
            if record["input"] not in inputs:
                inputs.append(record["input"])
            values[key][record["input"]] = record["value"]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["entity", "period"] + inputs)
    for key in keys:
        writer.writerow(list(key) + [values[key].get(i, "") for i in inputs])
    return out.getvalue()


def bits(array):
    return np.ascontiguousarray(array, dtype=np.float64).view(np.uint64)


def described(diagnostics, hints=True):
    return [(d.severity, d.code, d.line, d.message) + ((d.hint,) if hints else ())
            for d in diagnostics]


@unittest.skipIf(pd is None, "pandas is not installed")
class LoadFrameTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.standard = rubric.Standard.from_file(CONSORTIUM / "standard.rubric")
        cls.checks = rubric.Standard.from_file(GOLDEN / "standard.rubric")

    def assert_same_session(self, a, b):
        self.assertEqual(a.rows(), b.rows())
        self.assertTrue(np.array_equal(bits(a.totals()), bits(b.totals())))
        self.assertTrue(np.array_equal(bits(a.input_values()), bits(b.input_values())))
        self.assertEqual(a.grades(), b.grades())
        self.assertEqual(a.vetoed_flags(array=False), b.vetoed_flags(array=False))
        for row in range(min(a.row_count, 40)):
            self.assertEqual(a.fired_vetoes(row), b.fired_vetoes(row))

    def test_long_frame_scores_as_the_csv_file(self):
        frame = pd.read_csv(CONSORTIUM / "cities.csv", float_precision="round_trip")
        with rubric.Session(self.standard) as a, rubric.Session(self.standard) as b:
            self.assertEqual(a.load_csv(CONSORTIUM / "cities.csv"), [])
            self.assertEqual(b.load_frame(frame, "long"), [])
            self.assertEqual(b.row_count, 90)
            self.assert_same_session(a, b)
            for key, (total, grade) in EXPECTED.items():
                self.assertAlmostEqual(b.total(key), total, places=9)
                self.assertEqual(b.grade(key), grade)

    def test_wide_frame_scores_as_the_csv_text(self):
        text = wide_csv(CONSORTIUM / "cities.csv")
        frame = pd.read_csv(io.StringIO(text), float_precision="round_trip")
        # Numbers arrive as float64 columns (one set_numbers call each), flags as bool or
        # object columns, enum labels and text as str.
        self.assertEqual(frame["p2_1_2a"].dtype, np.float64)
        self.assertEqual(frame["p2_1_1"].dtype, object)
        with rubric.Session(self.standard) as a, rubric.Session(self.standard) as b:
            self.assertEqual(a.load_csv(text), [])
            self.assertEqual(b.load_frame(frame), [])
            self.assert_same_session(a, b)
            for key, (total, grade) in EXPECTED.items():
                self.assertAlmostEqual(b.total(key), total, places=9)
        # All as text: every value parsed by the library as the CSV loader parses it.
        as_text = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
        with rubric.Session(self.standard) as a, rubric.Session(self.standard) as c:
            a.load_csv(text)
            c.load_frame(as_text, layout="wide")
            self.assert_same_session(a, c)

    def test_generated_wide_data_with_missing_values(self):
        # `rubric generate --wide --missing 0.2`: numeric columns with NaN, and text
        # columns with gaps; the program is RUBRIC_CLI or the checkout's build.
        cli = os.environ.get("RUBRIC_CLI") or next(
            (str(p) for p in (REPO / "build" / b / "bin" / "rubric"
                              for b in ("release", "ci", "debug")) if p.exists()), None)
        if cli is None:
            self.skipTest("no rubric program (RUBRIC_CLI)")
        text = subprocess.run(
            [cli, "generate", str(CONSORTIUM / "standard.rubric"), "--wide", "--entities",
             "40", "--missing", "0.2", "--seed", "7"],
            check=True, stdout=subprocess.PIPE).stdout.decode("utf-8")
        frame = pd.read_csv(io.StringIO(text), float_precision="round_trip")
        self.assertTrue(frame.select_dtypes("float64").isna().any().any())
        with rubric.Session(self.standard) as a, rubric.Session(self.standard) as b:
            self.assertEqual(described(b.load_frame(frame)), described(a.load_csv(text)))
            self.assert_same_session(a, b)

    def test_missing_values_stay_missing(self):
        frame = pd.DataFrame({
            "entity": ["C1", "C2", "C3", "C4", "C5"],
            "period": [2024] * 5,
            "flag": [True, None, False, pd.NA, ""],
            "amount": [1.5, float("nan"), None, 3, 0],
            "level": ["省级", 2, None, pd.NA, np.nan],
            "count": pd.array([1, None, 3, 4, pd.NA], dtype="Int64"),
        })
        with rubric.Session(self.checks) as s:
            s.load_frame(frame)
            self.assertEqual(s.input_values(["flag", "amount", "level", "count"], array=False), [
                [1.0, 1.5, 1.0, 1.0],
                [None, None, 2.0, None],
                [0.0, None, None, 3.0],
                [None, 3.0, None, 4.0],
                [None, 0.0, None, None],
            ])
            self.assertTrue(s.is_missing(("C2", 2024), "flag"))
            self.assertTrue(s.is_missing(("C4", 2024), "level"))
            # Option indices in a float column (an int column with NaN), and no rows at all.
            s.load_frame(pd.DataFrame({"entity": ["C6", "C7"], "period": [2024, 2024],
                                       "level": [2.0, np.nan]}))
            self.assertEqual(s.input_values(["level"], [("C6", 2024), ("C7", 2024)],
                                            array=False), [[2.0], [None]])
            self.assertEqual(s.load_frame(pd.DataFrame({"entity": [], "period": []})), [])

    def test_existing_rows_are_updated(self):
        with rubric.Session(self.checks) as s:
            row = s.add_row("C1", 2024)
            s.set(row, "amount", 7)
            s.set(row, "count", 2)
            warnings = s.load_frame(pd.DataFrame({"entity": ["C1", "C2"], "period": [2024, 2024],
                                                  "amount": [8.0, 9.0]}))
            self.assertEqual(s.row_count, 2)
            self.assertEqual(s.value(row, "amount"), 8.0)
            self.assertEqual(s.value(row, "count"), 2.0)
            # W0002 for the inputs no row has; count is given by the row loaded before.
            self.assertEqual(sorted(d.message.split("'")[1] for d in warnings
                                    if d.code == "W0002"), ["flag", "level"])

    def test_diagnostics_are_the_csv_loaders(self):
        # Every data diagnostic of the golden files that a DataFrame can hold (not the
        # CSV syntax: D0001, D0002, D0004, D0007); pandas renames duplicate columns.
        names = ["D0003_no_period_column", "D0005_bad_period", "D0006_control_character",
                 "D0006_empty_entity", "D0009_too_many_errors", "D0101_unknown_input",
                 "D0102_bad_values", "D0102_spreadsheet_habits", "D0103_duplicate_value",
                 "D0104_duplicate_row", "W0001_typo_column", "W0001_unknown_columns",
                 "W0002_absent_input"]
        for name in names:
            with self.subTest(name):
                path = GOLDEN / (name + ".csv")
                frame = pd.read_csv(path, dtype=str, keep_default_na=False)
                layout = "long" if list(frame.columns) == ["entity", "period", "input",
                                                           "value"] else "wide"
                results = []
                for load in (lambda s: s.load_csv(path, file_name=path.name),
                             lambda s: s.load_frame(frame, layout, file_name=path.name)):
                    with rubric.Session(self.checks) as s:
                        try:
                            results.append(load(s))
                        except rubric.DataError as e:
                            results.append(e.diagnostics)
                self.assertTrue(results[0])
                # The CSV loader's hints about spreadsheet habits name the CSV field.
                hints = name != "D0102_spreadsheet_habits"
                self.assertEqual(described(results[1], hints), described(results[0], hints))

    def test_layout_errors_load_nothing(self):
        duplicate = pd.DataFrame([["C1", 2024, True, False]],
                                 columns=["entity", "period", "flag", "flag"])
        no_value = pd.DataFrame({"entity": ["C1"], "period": [2024], "input": ["flag"]})
        duplicate_row = pd.DataFrame({"entity": ["C1", "C2", "C1"], "period": [2024] * 3,
                                      "amount": [1, 2, 3]})
        for frame, layout, code, line in ((duplicate, "wide", "D0105", 1),
                                          (no_value, "long", "D0003", 1),
                                          (duplicate_row, "wide", "D0104", 4)):
            with self.subTest(code), rubric.Session(self.checks) as s:
                with self.assertRaises(rubric.DataError) as caught:
                    s.load_frame(frame, layout)
                self.assertEqual([(d.code, d.line) for d in caught.exception.errors],
                                 [(code, line)])
                self.assertEqual(s.row_count, 0)

    def test_bad_values_in_numeric_columns(self):
        frame = pd.DataFrame({"entity": ["C1", "C2", "C3"], "period": [2024] * 3,
                              "amount": [1.0, -2.0, -3.0], "count": [1.0, 2.5, 3.0]})
        with rubric.Session(self.checks) as s:
            with self.assertRaises(rubric.DataError) as caught:
                s.load_frame(frame)
        self.assertEqual([(d.code, d.line, d.message) for d in caught.exception.diagnostics], [
            ("D0102", 3, "input 'amount': -2 is below its declared minimum 0 "
                         "(entity 'C2', period 2024)"),
            ("D0102", 3, "input 'count' is integer: 2.5 is not a whole number "
                         "(entity 'C2', period 2024)"),
            ("D0102", 4, "input 'amount': -3 is below its declared minimum 0 "
                         "(entity 'C3', period 2024)"),
        ])

    def test_arguments(self):
        with rubric.Session(self.checks) as s:
            with self.assertRaises(ValueError):
                s.load_frame(pd.DataFrame(), layout="tall")
            with self.assertRaises(TypeError):
                s.load_frame([{"entity": "C1", "period": 2024}])
            frame = pd.DataFrame({"城市": ["C1"], "年度": ["2024"], "amount": [5],
                                  "note": ["x"]})
            self.assertEqual([d.code for d in s.load_frame(
                frame, entity="城市", period="年度", ignore_columns=["note"])],
                ["W0002", "W0002", "W0002"])
            self.assertEqual(s.value(("C1", 2024), "amount"), 5.0)


if __name__ == "__main__":
    unittest.main()
