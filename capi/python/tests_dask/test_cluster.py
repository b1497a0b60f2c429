"""rubric.dask on a LocalCluster of 2 worker processes: scoring (long and wide data, each
partitioning strategy) and a sensitivity sweep equal, to the last bit, what one process
gives (a Session in this process, and the rubric CLI)."""

import csv
import io
import logging
import math
import os
import random
import subprocess
import tempfile
import unittest
from unittest import mock

import dask
import dask.dataframe as dd
import numpy as np
import pandas as pd
from distributed import Client, LocalCluster

import rubric
import rubric.dask as rd

HERE = os.path.dirname(os.path.abspath(__file__))
CONSORTIUM = os.path.join(HERE, "..", "..", "..", "examples", "consortium", "standard.rubric")
CLI = os.environ.get("RUBRIC_CLI_PATH")

# prev() of a let reading a cohort, two periods back: a period needs the two before it.
LAG2 = """standard lag "Lag" {
  total 10
  input a "a" : number >= 0 <= 100
  input b "b" : number >= 0 <= 100 missing impute previous 2
  let r = cohort_minmax(a)
  let pr = prev(r)
  indicator I1 "one back" points 4 { score pr }
  indicator I2 "two back" points 4 { score prev(pr) }
  indicator I3 "b" points 2 { score ratio(b, 100) }
}
"""
# A running total: every earlier period (split by entity).
RUNNING = """standard run "Run" {
  total 10
  input a "a" : number >= 0 <= 100
  let c = prev(c) + a
  indicator I1 "i" points 10 { score ratio(c, 400) }
}
"""
# A cohort across periods: one partition.
ACROSS = """standard across "Across" {
  total 10
  input a "a" : number >= 0 <= 100
  indicator I1 "i" points 10 { score cohort_minmax(a across periods) }
}
"""

# Two groups whose points vary, a missing value left out, grades.
SWEEP = """standard sweep "Sweep" {
  total 100
  grades { A >= 60  B >= 40  C otherwise }
  group G1 "one" points 60 {
    input a "a" : number >= 0 <= 100
    input b "b" : number >= 0 <= 100 missing exclude
    indicator I1 "a" points 30 { score ratio(a, 40) }
    indicator I2 "b" points 30 { score ratio(b, 40) }
  }
  group G2 "two" points 40 {
    input c "c" : number >= 0 <= 100
    indicator I3 "c" points 25 { score ratio(c, 40) }
    indicator I4 "a in its cohort" points 15 { score cohort_minmax(a) }
  }
}
"""
SWEEP_OPTIONS = dict(samples=30, seed=5, factors="total uniform 30%\nG1 dirichlet 2\n")


def bits(values):
    return np.asarray(values, dtype=np.float64).view(np.int64)


def random_panel(entities=30, periods=(2019, 2020, 2021, 2022, 2024), seed=3,
                 names=("a", "b")):
    """Wide numeric data with missing values and a gap in the periods."""
    rng = random.Random(seed)
    rows = []
    for e in range(entities):
        for p in periods:
            row = {"entity": "E%02d" % e, "period": p}
            for name in names:
                row[name] = None if rng.random() < 0.15 else rng.uniform(0, 100) / 3
            rows.append(row)
    return rows


def one_process(source_text, rows):
    """Results of one Session loaded value by value (no CSV on the way)."""
    session = rubric.Session(rubric.Standard.compile(source_text))
    session.load_rows(rows)
    session.evaluate()
    frame = session.to_frame(nodes=True)
    return frame.sort_values(["period", "entity"]).reset_index(drop=True)


class ClusterTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        package = os.path.join(HERE, "..")
        os.environ["PYTHONPATH"] = os.pathsep.join(
            [package] + [p for p in [os.environ.get("PYTHONPATH")] if p])
        cls.folder = tempfile.TemporaryDirectory()
        cls.cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                   dashboard_address=None, silence_logs=logging.ERROR,
                                   local_directory=cls.folder.name)
        cls.client = Client(cls.cluster)
        cls.long_csv = os.path.join(cls.folder.name, "long.csv")
        cls.wide_csv = os.path.join(cls.folder.name, "wide.csv")
        if CLI:
            for out, extra in ((cls.long_csv, []), (cls.wide_csv, ["--wide"])):
                subprocess.run([CLI, "generate", CONSORTIUM, "--entities", "40",
                                "--periods", "4", "--seed", "5", "--out", out] + extra,
                               check=True)

    @classmethod
    def tearDownClass(cls):
        cls.client.close()
        cls.cluster.close()
        cls.folder.cleanup()

    def assertSameResults(self, got, want, nodes):
        got = got.reset_index(drop=True)
        self.assertEqual(list(got["entity"]), list(want["entity"]))
        self.assertEqual(list(got["period"]), list(want["period"]))
        for column in ["total"] + nodes:
            self.assertTrue(np.array_equal(bits(got[column]), bits(want[column])), column)
        self.assertEqual(list(got["grade"].astype(object).where(got["grade"].notna(), None)),
                         list(want["grade"].astype(object).where(want["grade"].notna(),
                                                                 None)))
        self.assertEqual(list(got["vetoed"]), list(want["vetoed"]))
        self.assertEqual(list(got["scorable"]), list(want["scorable"]))

    def test_two_workers(self):
        self.assertEqual(len(self.client.scheduler_info()["workers"]), 2)

    def test_lookback_of_two_periods(self):
        rows = random_panel()
        data = dd.from_pandas(pd.DataFrame(rows), npartitions=4)
        source = rd.Source(LAG2)
        self.assertEqual(tuple(rd.plan(source)[:2]), ("period", 2))
        got = rd.score(data, source, nodes=True)
        self.assertEqual(got.npartitions, 5)  # one per period
        want = one_process(LAG2, rows)
        self.assertSameResults(got.compute(), want, ["I1", "I2", "I3"])
        # Shipping one period too few changes what prev(pr) reads: the test can tell.
        short = rd.score(data, source, nodes=True,
                         plan_override=rd.Plan("period", 1, "too short")).compute()
        self.assertFalse(np.array_equal(bits(short["I2"]), bits(want["I2"])))

    def test_running_total_by_entity(self):
        rows = random_panel(seed=4, names=("a",))
        data = dd.from_pandas(pd.DataFrame(rows), npartitions=3)
        self.assertEqual(rd.plan(rd.Source(RUNNING)).strategy, "entity")
        got = rd.score(data, rd.Source(RUNNING), nodes=True).compute()
        got = got.sort_values(["period", "entity"], kind="mergesort")
        self.assertSameResults(got, one_process(RUNNING, rows), ["I1"])

    def test_across_periods_in_one_partition(self):
        rows = random_panel(seed=5, names=("a",))
        data = dd.from_pandas(pd.DataFrame(rows), npartitions=3)
        got = rd.score(data, rd.Source(ACROSS), nodes=True)
        self.assertEqual(got.npartitions, 1)
        self.assertSameResults(got.compute(), one_process(ACROSS, rows), ["I1"])

    @unittest.skipUnless(CLI, "RUBRIC_CLI_PATH names the rubric program")
    def test_consortium_long_and_wide_equal_one_session_and_the_cli(self):
        standard = rubric.Standard.from_file(CONSORTIUM)
        node_ids = [n.id for n in standard.nodes]
        with rubric.Session(standard) as session:
            session.load_csv(self.long_csv)
            session.evaluate()
            want = session.to_frame(nodes=True).sort_values(["period", "entity"])
        want = want.reset_index(drop=True)
        cli = subprocess.run([CLI, "score", CONSORTIUM, self.long_csv, "--format", "csv",
                              "--wide"], check=True, capture_output=True, text=True).stdout
        cli_rows = {(line["entity"], int(line["period"])): line
                    for line in csv.DictReader(io.StringIO(cli))}
        for path, blocksize, reader in ((self.long_csv, 60_000, "dask"),
                                        (self.wide_csv, 20_000, "dask"),
                                        (self.long_csv, 60_000, "rubric"),
                                        (self.wide_csv, 20_000, "rubric")):
            if reader == "dask":
                data = dd.read_csv(path, dtype=str, blocksize=blocksize)
                self.assertGreater(data.npartitions, 1)
            else:
                data = rd.read_csv(path, blocksize=blocksize)
                self.assertGreater(data.frame.npartitions, 1)
            got = rd.score(data, CONSORTIUM, nodes=True).compute()
            self.assertSameResults(got, want, node_ids)
            got = got.reset_index(drop=True)
            self.assertEqual(len(cli_rows), len(got))
            for i in range(len(got)):
                line = cli_rows[(got["entity"][i], int(got["period"][i]))]
                for column in ["total"] + node_ids:
                    value = float(line[column]) if line[column] else math.nan
                    mine = got[column][i]
                    self.assertTrue(value == mine or (math.isnan(value) and math.isnan(mine)),
                                    (line["entity"], line["period"], column, value, mine))
                self.assertEqual(line["grade"] or None, got["grade"][i])
                if line["vetoed"]:
                    self.assertEqual(line["vetoed"] == "true", bool(got["vetoed"][i]))

    @unittest.skipUnless(CLI, "RUBRIC_CLI_PATH names the rubric program")
    def test_a_file_per_period_needs_no_shuffle(self):
        # The consortium data written a file per year (as a ministry exports them): each
        # period's task reads its own file and the one before (prev), with no shuffle.
        standard = rubric.Standard.from_file(CONSORTIUM)
        node_ids = [n.id for n in standard.nodes]
        with rubric.Session(standard) as session:
            session.load_csv(self.wide_csv)
            session.evaluate()
            want = session.to_frame(nodes=True).sort_values(["period", "entity"])
        with open(self.wide_csv, encoding="utf-8") as f:
            header, *lines = f.read().splitlines()
        by_period = {}
        for line in lines:
            by_period.setdefault(int(line.split(",")[1]), []).append(line)
        files = []
        for period, rows in sorted(by_period.items()):
            files.append(os.path.join(self.folder.name, "year-%d.csv" % period))
            with open(files[-1], "w", encoding="utf-8") as f:
                f.write("\n".join([header] + rows) + "\n")
        for data in (rd.read_csv(files[::-1]), dd.read_csv(files, dtype=str)):
            frame = data.frame if isinstance(data, rd.CsvLines) else data
            columns = rd._frame_and_columns(data, None, "entity", "period")[1]
            blocks = rd._blocks(frame, columns, rd.plan(CONSORTIUM), 1)
            self.assertEqual([span for _, span in blocks],
                             [(p, p) for p in sorted(by_period)])
            # The first year reads its own file, every later one its own and the year before.
            self.assertEqual([len(parts) for parts, _ in blocks], [1, 2, 2, 2])
            for parts, _ in blocks:
                for part in parts:
                    self.assertTrue(str(part.key).startswith("_rows_between"), part.key)
            got = rd.score(data, CONSORTIUM, nodes=True).compute()
            self.assertSameResults(got, want.reset_index(drop=True), node_ids)
        # Rows by entity (every block holds every period) are shuffled by period instead.
        data = dd.read_csv(self.wide_csv, dtype=str, blocksize=20_000)
        columns = rd._frame_and_columns(data, None, "entity", "period")[1]
        blocks = rd._blocks(data, columns, rd.plan(CONSORTIUM), 1)
        self.assertFalse(any(str(part.key).startswith("_rows_between")
                             for parts, _ in blocks for part in parts))

    def test_csv_lines_with_quotes_and_two_files(self):
        rows = random_panel(entities=12, seed=6, names=("a",))
        text = ["entity,period,a"]
        for r in rows:
            a = "" if r["a"] is None else repr(r["a"])
            text.append('"%s, the ""city""",%d,%s' % (r["entity"], r["period"], a))
        half = len(text) // 2
        first = os.path.join(self.folder.name, "part-1.csv")
        second = os.path.join(self.folder.name, "part-2.csv")
        with open(first, "w") as f:
            f.write("\r\n".join(text[:half]) + "\r\n")
        with open(second, "w") as f:
            f.write("\n".join([text[0]] + text[half:]) + "\n")
        data = rd.read_csv([first, second], blocksize=200)
        self.assertGreater(data.frame.npartitions, 2)
        got = rd.score(data, rd.Source(ACROSS), nodes=True).compute()
        session = rubric.Session(rubric.Standard.compile(ACROSS))
        session.load_csv("\n".join(text) + "\n")
        session.evaluate()
        want = session.to_frame(nodes=True).sort_values(["period", "entity"])
        self.assertEqual(got["entity"].iloc[0], "E00, the \"city\"")
        self.assertSameResults(got, want.reset_index(drop=True), ["I1"])
        with open(second, "w") as f:
            f.write("entity,period,b\nE1,2020,1\n")
        with self.assertRaisesRegex(ValueError, "is not the first file's"):
            rd.score(rd.read_csv([first, second]), rd.Source(ACROSS)).compute()

    @unittest.skipUnless(CLI, "RUBRIC_CLI_PATH names the rubric program")
    def test_sensitivity_sweep_equals_one_process(self):
        with rubric.Session(rubric.Standard.from_file(CONSORTIUM)) as session:
            session.load_csv(self.long_csv)
            want = session.sensitivity(samples=40, seed=11)
            want_sobol = session.sensitivity(samples=8, seed=3, sobol=True)
        data = dd.read_csv(self.long_csv, dtype=str, blocksize=60_000)
        got = rd.sensitivity(data, CONSORTIUM, samples=40, seed=11)
        self.assertEqual(got, want)
        lines = rd.read_csv(self.wide_csv, blocksize=20_000)
        self.assertEqual(rd.sensitivity(lines, CONSORTIUM, samples=40, seed=11), want)
        self.assertEqual(len(got["periods"]), 4)
        # The same on the threads of this process: the number of workers does not matter.
        with dask.config.set(scheduler="threads", num_workers=1):
            self.assertEqual(rd.sensitivity(data, CONSORTIUM, samples=40, seed=11), want)
        self.assertEqual(rd.sensitivity(data, CONSORTIUM, samples=8, seed=3, sobol=True),
                         want_sobol)
        cli = subprocess.run([CLI, "sensitivity", CONSORTIUM, self.long_csv, "--samples",
                              "40", "--seed", "11", "--format", "json"], check=True,
                             capture_output=True, text=True).stdout
        import json
        self.assertEqual(json.loads(cli)["rows"], got["rows"])

    def test_sensitivity_by_samples_equals_one_process(self):
        # One period: blocks of samples on both workers; any block size, the same bits.
        rows = random_panel(entities=40, periods=(2024,), names=("a", "b", "c"))
        with rubric.Session(rubric.Standard.compile(SWEEP)) as session:
            session.load_rows(rows)
            want = session.sensitivity(**SWEEP_OPTIONS)
        self.assertEqual(len(want["periods"]), 1)
        data = dd.from_pandas(pd.DataFrame(rows), npartitions=3)
        source = rd.Source(SWEEP)
        for per_task in (None, 7, 30):
            got = rd.sensitivity(data, source, split="samples", samples_per_task=per_task,
                                 **SWEEP_OPTIONS)
            self.assertEqual(got, want, per_task)
        # auto: one period for two workers, so by samples.
        with mock.patch.object(rd, "_sensitivity_by_samples",
                               wraps=rd._sensitivity_by_samples) as by_samples:
            self.assertEqual(rd.sensitivity(data, source, **SWEEP_OPTIONS), want)
        self.assertEqual(by_samples.call_count, 1)
        with self.assertRaisesRegex(ValueError, "sobol"):
            rd.sensitivity(data, source, split="samples", samples=4, sobol=True)
        with self.assertRaisesRegex(ValueError, "split must be"):
            rd.sensitivity(data, source, split="rows", **SWEEP_OPTIONS)

    def test_sensitivity_by_samples_and_by_periods_agree(self):
        rows = random_panel(entities=15, periods=(2022, 2023, 2024), names=("a", "b", "c"))
        with rubric.Session(rubric.Standard.compile(SWEEP)) as session:
            session.load_rows(rows)
            want = session.sensitivity(**SWEEP_OPTIONS)
        data = dd.from_pandas(pd.DataFrame(rows), npartitions=2)
        source = rd.Source(SWEEP)
        self.assertEqual(rd.sensitivity(data, source, split="samples", samples_per_task=11,
                                        **SWEEP_OPTIONS), want)
        with mock.patch.object(rd, "_sensitivity_by_samples",
                               wraps=rd._sensitivity_by_samples) as by_samples:
            self.assertEqual(rd.sensitivity(data, source, **SWEEP_OPTIONS), want)
        self.assertEqual(by_samples.call_count, 0)  # 3 periods for 2 workers: by periods


if __name__ == "__main__":
    unittest.main()
