#!/usr/bin/env python3
"""rubric.dask against one process, on data `rubric generate` writes for the consortium
standard (docs/benchmarks.md "Dask", docs/scale.md):

1. scoring: one Session in this process (load_csv of the file, evaluate, to_frame) against
   rubric.dask.score on a LocalCluster of WORKERS worker processes (one thread each),
   reading the same file with rubric.dask.read_csv (--reader dask: dd.read_csv with
   dtype=str); both checked equal to the last bit;
2. a sensitivity sweep (SAMPLES samples) of a smaller panel: one process, then
   rubric.dask.sensitivity on LocalClusters of 1 and 2 workers; all three equal. The
   sweep is split as --sweep-split says (periods, samples: blocks of
   --samples-per-task samples, default an even share per worker; or auto).

    RUBRIC_LIBRARY=build/release/capi/librubric.so PYTHONPATH=capi/python \\
      python3 bench/dask_scale.py --rubric build/release/bin/rubric \\
        --entities 250000 --periods 4 --sweep-entities 300 --sweep-periods 20 --samples 1000

Timings are wall time of the fastest of --runs runs (cluster start-up not included; the
cluster is started before and reused).

Past what one process holds (about 3.8 KB a row, and load_csv reads files up to 4 GiB),
--reference windowed scores the one-process reference a period at a time: the file is
split by period, and each period is scored in its own Session together with the periods
its look-back needs (rubric.dask.plan); --reference both checks, on data that fit, that
this gives the whole file's results bit for bit. 10^7 entity-periods (docs/benchmarks.md "Dask"):

    ... python3 bench/dask_scale.py --rubric build/release/bin/rubric \\
        --entities 250000 --periods 40 --reference windowed --files-by-period --samples 0

--files-by-period gives the cluster the data as a file per period, as a ministry
exports a year at a time: each task then reads its periods' files and no shuffle moves
the records (with rows by entity, every block holds every period and the records are
shuffled by period first, which on one machine holds them all in the workers' memory).

A single-period sweep split by blocks of samples (--entities 0 skips the scoring part):

    ... python3 bench/dask_scale.py --rubric build/release/bin/rubric --entities 0 \
        --sweep-entities 300 --sweep-periods 1 --samples 10000 --sweep-split samples
"""

import argparse
import logging
import os
import resource
import subprocess
import sys
import tempfile
import time
import warnings

import dask.dataframe as dd
import numpy as np
from distributed import Client, LocalCluster

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, "..", "capi", "python"))
import rubric  # noqa: E402
import rubric.dask as rd  # noqa: E402

STANDARD = os.path.join(here, "..", "examples", "consortium", "standard.rubric")


def peak_gb():
    """This process's peak resident memory, in GB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6


def best(runs, fn):
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result


def one_process_score(path):
    with rubric.Session(rubric.Standard.from_file(STANDARD)) as session:
        session.load_csv(path)
        session.evaluate()
        return session.to_frame()


def one_process_sweep(path, samples, seed):
    with rubric.Session(rubric.Standard.from_file(STANDARD)) as session:
        session.load_csv(path)
        return session.sensitivity(samples=samples, seed=seed)


def split_by_period(path, folder):
    """The rows of the CSV file ``path`` (wide, one header line, no quoted line breaks)
    written to one file per period in ``folder``: {period: path}."""
    outputs, paths = {}, {}
    with open(path, "rb") as source:
        header = source.readline()
        names = header.decode("utf-8").lstrip("\ufeff").rstrip("\r\n").split(",")
        column = names.index("period")
        for line in source:
            fields = line.split(b",", column + 1)
            period = int(fields[column])
            out = outputs.get(period)
            if out is None:
                paths[period] = os.path.join(folder, "period-%d.csv" % period)
                out = outputs[period] = open(paths[period], "wb")
                out.write(header)
            out.write(line)
    for out in outputs.values():
        out.close()
    return paths


def windowed_score(files):
    """The one-process reference a window of periods at a time (see the module's text),
    from the files of split_by_period."""
    import pandas as pd
    the_plan = rd.plan(STANDARD)
    if the_plan.strategy != "period":
        raise SystemExit("a windowed reference needs the 'period' plan, not %r (%s)" %
                         (the_plan.strategy, the_plan.reason))
    periods = sorted(files)
    standard = rubric.Standard.from_file(STANDARD)
    frames = []
    for i, period in enumerate(periods):
        with rubric.Session(standard) as session:
            for earlier in periods[max(0, i - the_plan.lookback):i + 1]:
                session.load_csv(files[earlier])
            session.evaluate()
            frame = session.to_frame()
        frames.append(frame[frame["period"] == period])
    return pd.concat(frames, ignore_index=True)


def generate(cli, out, entities, periods, wide):
    subprocess.run([cli, "generate", STANDARD, "--entities", str(entities), "--periods",
                    str(periods), "--out", out] + (["--wide"] if wide else []), check=True)


def cluster(workers):
    c = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                     dashboard_address=None, silence_logs=logging.ERROR)
    return c, Client(c)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rubric", required=True, help="the rubric program")
    parser.add_argument("--entities", type=int, default=25000)
    parser.add_argument("--periods", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--blocksize", default="64MB", help="the readers' block size")
    parser.add_argument("--reader", choices=("rubric", "dask"), default="rubric",
                        help="rubric.dask.read_csv (records as text) or dd.read_csv(dtype=str)")
    parser.add_argument("--sweep-entities", type=int, default=300)
    parser.add_argument("--sweep-periods", type=int, default=20)
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--periods-per-partition", type=int, default=1,
                        help="periods per scoring task (each also loads the look-back)")
    parser.add_argument("--sweep-periods-per-partition", type=int, default=1)
    parser.add_argument("--sweep-split", choices=("auto", "periods", "samples"),
                        default="auto", help="how rubric.dask.sensitivity splits the sweep")
    parser.add_argument("--samples-per-task", type=int, default=None)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--reference", choices=("full", "windowed", "both"), default="full",
                        help="one process on the whole file, or a window of periods at a time")
    parser.add_argument("--data", help="score this wide CSV file instead of generating one")
    parser.add_argument("--files-by-period", action="store_true",
                        help="give the cluster the data as a file per period (no shuffle)")
    args = parser.parse_args()
    warnings.filterwarnings("ignore", category=DeprecationWarning)
    os.environ["PYTHONPATH"] = os.path.join(here, "..", "capi", "python")

    with tempfile.TemporaryDirectory() as folder:
        if args.entities > 0:
            score_part(args, folder)
        if args.samples > 0:
            sweep_part(args, folder)


def score_part(args, folder):
    data = args.data or os.path.join(folder, "wide.csv")
    if not args.data:
        start = time.perf_counter()
        generate(args.rubric, data, args.entities, args.periods, True)
        print("generated %d entity-periods (wide, %.0f MB) in %.1f s" %
              (args.entities * args.periods, os.path.getsize(data) / 1e6,
               time.perf_counter() - start), flush=True)

    files = None
    if args.reference != "full" or args.files_by_period:
        start = time.perf_counter()
        files = split_by_period(data, folder)
        print("split into %d files by period in %.1f s" %
              (len(files), time.perf_counter() - start), flush=True)
    if args.reference == "both":
        whole = one_process_score(data).sort_values(["period", "entity"])
        parts = windowed_score(files)
        assert list(whole["entity"]) == list(parts["entity"])
        assert np.array_equal(whole["total"].to_numpy().view(np.int64),
                              parts["total"].to_numpy().view(np.int64))
        print("windowed reference equal to the whole file's, bit for bit (%d rows)" %
              len(parts))
    if args.reference == "windowed":
        one_time, one = best(args.runs, lambda: windowed_score(files))
    else:
        one_time, one = best(args.runs, lambda: one_process_score(data))
    print("score, one process (%s):  %7.2f s, %d rows, peak RSS %.1f GB" %
          (args.reference, one_time, len(one), peak_gb()), flush=True)
    c, client = cluster(args.workers)
    try:
        source = sorted(files.values()) if args.files_by_period else data
        if args.reader == "dask":
            frame = dd.read_csv(source, dtype=str, blocksize=args.blocksize)
        else:
            frame = rd.read_csv(source, blocksize=args.blocksize)
        partitions = frame.npartitions if args.reader == "dask" else frame.frame.npartitions
        dask_time, got = best(args.runs, lambda: rd.score(
            frame, STANDARD, periods_per_partition=args.periods_per_partition).compute())
        worker_peaks = sorted(client.run(peak_gb).values())
    finally:
        client.close()
        c.close()
    one = one.sort_values(["period", "entity"]).reset_index(drop=True)
    got = got.reset_index(drop=True)
    assert len(got) == len(one), (len(got), len(one))
    assert list(got["period"]) == list(one["period"])
    assert list(got["entity"]) == list(one["entity"])
    assert np.array_equal(got["total"].to_numpy().view(np.int64),
                          one["total"].to_numpy().view(np.int64))
    print("score, LocalCluster %d workers: %7.2f s (%d partitions of input; equal bit "
          "for bit); workers' peak RSS %s GB" % (args.workers, dask_time, partitions,
                                                 ", ".join("%.1f" % p for p in worker_peaks)),
          flush=True)


def sweep_part(args, folder):
    sweep = os.path.join(folder, "sweep.csv")
    generate(args.rubric, sweep, args.sweep_entities, args.sweep_periods, True)
    print("sweep: %d samples x %d entities x %d period%s (split: %s)" %
          (args.samples, args.sweep_entities, args.sweep_periods,
           "" if args.sweep_periods == 1 else "s", args.sweep_split), flush=True)
    t, want = best(args.runs, lambda: one_process_sweep(sweep, args.samples, args.seed))
    print("sweep, one process:          %7.2f s" % t, flush=True)
    for workers in (1, 2):
        c, client = cluster(workers)
        try:
            frame = rd.read_csv(sweep)
            t, got = best(args.runs, lambda: rd.sensitivity(
                frame, STANDARD, samples=args.samples, seed=args.seed,
                periods_per_partition=args.sweep_periods_per_partition,
                split=args.sweep_split, samples_per_task=args.samples_per_task))
        finally:
            client.close()
            c.close()
        assert got == want, "the sweep differs from one process"
        print("sweep, LocalCluster %d worker%s: %7.2f s (equal)" %
              (workers, "" if workers == 1 else "s", t), flush=True)

if __name__ == "__main__":
    main()
