"""rubric on a Dask cluster: score a Dask DataFrame with a standard, and run the
sensitivity analysis of a large panel, over the workers (docs/scale.md)::

    import dask.dataframe as dd
    from dask.distributed import Client
    import rubric.dask

    client = Client("scheduler:8786")
    data = rubric.dask.read_csv("panel-*.csv")        # long or wide, as rubric score reads
    results = rubric.dask.score(data, "standard.rubric")   # a Dask DataFrame
    results.to_parquet("results/")
    sweep = rubric.dask.sensitivity(data, "standard.rubric", samples=10000, seed=7)

Results equal, bit for bit, what one process gives on the same data: the rows are split
so that every partition holds what its periods' values read (rubric.dask.plan says how);
a sweep is split by periods or by blocks of its samples.
Needs dask[dataframe] (with pandas and numpy); the workers need the rubric package and
librubric.so (RUBRIC_LIBRARY names it).
"""

try:
    import dask
    import dask.dataframe as dd
    import numpy  # noqa: F401  (checked here so that the error names what is missing)
    import pandas  # noqa: F401
except ImportError as e:  # pragma: no cover - depends on the installation
    raise ImportError(
        "rubric.dask needs dask (with dask.dataframe), pandas and numpy: %s (Debian: "
        "apt-get install python3-dask python3-distributed python3-pandas)" % e) from None

import numbers
import os
from typing import Any, Dict, List, Optional, Tuple

from ._frames import (Columns, Source, compiled, detect_layout, empty_results, merge_blocks,
                      merge_sensitivity, score_frames, sensitivity_block, sensitivity_frames,
                      source_of)
from ._lines import CsvLines, read_csv
from ._plan import Plan, analyze

__all__ = ["CsvLines", "Plan", "Source", "plan", "read_csv", "score", "sensitivity"]


def plan(standard: Any) -> Plan:
    """How the rows of data for ``standard`` (a path or a ``Source``) are split: strategy
    "period" (with ``lookback`` earlier periods shipped with each period), "entity" or
    "global" (one partition), and why."""
    source = source_of(standard)
    return analyze(source.text, source.file_name if source.read_bases else None)


def _frame_and_columns(data, layout: Optional[str], entity_column: str, period_column: str):
    """The Dask DataFrame to split and where its keys are."""
    if isinstance(data, CsvLines):
        return data.frame, Columns("lines", "entity", "period", data.header,
                                   (data.entity_column, data.period_column))
    return data, _columns(data, layout, entity_column, period_column)


def _columns(data, layout: Optional[str], entity_column: str, period_column: str) -> Columns:
    for name in (entity_column, period_column):
        if name not in data.columns:
            raise ValueError("the data have no column %r (columns: %s)" %
                             (name, ", ".join(map(str, data.columns))))
    if layout is None:
        layout = detect_layout(data.columns, entity_column, period_column)
    if layout not in ("long", "wide"):
        raise ValueError("layout must be 'long' or 'wide', not %r" % (layout,))
    return Columns(layout, entity_column, period_column)


def _periods_in(frame, column: str) -> List[int]:
    """The distinct periods of one partition, sorted."""
    return sorted({int(v) for v in frame[column].dropna().unique()})


def _rows_between(frame, column: str, first: int, last: int):
    """The rows of one partition whose period is in [first, last]."""
    periods = frame[column].astype("int64")  # text when read with dtype=str
    return frame[(periods >= first) & (periods <= last)]


# A partition read by more tasks than this (on average) is cheaper to shuffle once.
_MAX_READS_PER_PARTITION = 3


def _blocks(data, columns: Columns, the_plan: Plan, periods_per_partition: int
            ) -> List[Tuple[Any, Optional[Tuple[int, int]]]]:
    """The partitions to score, each as (delayed list of pandas frames, the periods it
    owns): one per group of periods, with the look-back shipped alongside; or one in
    all (global).

    One pass finds the periods of every partition. When the data are already laid out by
    period (a file per year, or rows sorted by period), each group takes the rows of its
    periods straight from the few partitions that hold them, with no shuffle: memory per
    task is its periods' rows. Otherwise (rows by entity, say) the rows are indexed by
    period first, one shuffle that moves every record once."""
    if the_plan.strategy == "global":
        return [(data.to_delayed(), None)]
    parts = data.to_delayed()
    per_part = dask.compute(*[dask.delayed(_periods_in)(part, columns.period)
                              for part in parts])
    periods = sorted(set().union(*per_part)) if per_part else []
    if not periods:
        return []
    step = max(1, int(periods_per_partition))
    groups = [periods[i:i + step] for i in range(0, len(periods), step)]
    # prev() reads the period before in the calendar (period - 1), present or not.
    spans = [(g[0], g[-1], g[0] - (the_plan.lookback or 0)) for g in groups]
    readers = [[k for k, held in enumerate(per_part) if any(start <= p <= last for p in held)]
               for first, last, start in spans]
    if sum(len(r) for r in readers) <= _MAX_READS_PER_PARTITION * len(parts):
        return [([dask.delayed(_rows_between)(parts[k], columns.period, start, last)
                  for k in reading], (first, last))
                for (first, last, start), reading in zip(spans, readers)]
    divisions = [g[0] for g in groups] + [groups[-1][-1]]
    keyed = data.assign(**{"__rubric_period": data[columns.period].astype("int64")})
    indexed = keyed.set_index("__rubric_period", divisions=divisions)
    return [(indexed.loc[start:last].to_delayed(), (first, last))
            for first, last, start in spans]


def score(data, standard: Any, *, layout: Optional[str] = None,
          entity_column: str = "entity", period_column: str = "period",
          nodes: bool = False, periods_per_partition: int = 1,
          plan_override: Optional[Plan] = None):
    """Scores the Dask DataFrame ``data`` (long: entity, period, input, value; or wide:
    entity, period and one column per input; ``layout`` None tells them apart), or the
    ``CsvLines`` of ``rubric.dask.read_csv`` (the leanest: records stay text), with
    ``standard`` (a path, or a ``Source``). Returns a Dask DataFrame with the columns
    entity, period, total, grade, vetoed, scorable (and one per node id with
    ``nodes=True``), by period then entity within each partition. Totals and node
    values are NaN where missing or not scorable, as in ``Session.to_frame``.

    Values are best given as text (``dd.read_csv(..., dtype=str)``): they then reach the
    library as ``rubric score`` reads them. Numbers are passed in their shortest
    round-trip form, so a float column gives the same doubles.
    """
    source = source_of(standard)
    compiled(source)  # a standard that does not compile fails here, not on a worker
    data, columns = _frame_and_columns(data, layout, entity_column, period_column)
    the_plan = plan_override or analyze(source.text,
                                        source.file_name if source.read_bases else None)
    meta = empty_results(source, nodes)
    if the_plan.strategy == "entity":
        shuffled = data.shuffle(columns.entity, npartitions=data.npartitions)
        return shuffled.map_partitions(
            lambda frame: score_frames([frame], source, columns, None, nodes), meta=meta)
    blocks = _blocks(data, columns, the_plan, periods_per_partition)
    if not blocks:
        return dd.from_pandas(meta, npartitions=1)
    tasks = [dask.delayed(score_frames)(parts, source, columns, span, nodes)
             for parts, span in blocks]
    return dd.from_delayed(tasks, meta=meta, verify_meta=False)


# The library's default number of samples (rubric::SensitivityOptions::samples).
DEFAULT_SAMPLES = 1000


def _worker_count() -> int:
    """The workers of the current distributed client, else the local scheduler's."""
    try:
        from distributed import get_client
        return max(1, len(get_client().scheduler_info()["workers"]))
    except (ImportError, ValueError):
        return max(1, int(dask.config.get("num_workers", None) or os.cpu_count() or 1))


def sensitivity(data, standard: Any, *, layout: Optional[str] = None,
                entity_column: str = "entity", period_column: str = "period",
                periods_per_partition: int = 1, plan_override: Optional[Plan] = None,
                split: str = "auto", samples_per_task: Optional[int] = None,
                **options: Any) -> Dict:
    """The sensitivity analysis (docs/analysis.md; ``Session.sensitivity``) of the rows of
    ``data``, computed on the workers and merged: the same dict, equal to the last bit, as
    one process gives with the same ``options`` (``samples``, ``seed``, ``vary``,
    ``factors``, ``sobol``, ``threads``), whatever the number of workers or tasks.

    ``split="periods"``: ranks are per period and a run's sampled points depend only on
    the seed, so each period (with the look-back its values read) is an independent task;
    with a look-back L, ``periods_per_partition`` k makes each task run the samples on
    k + L periods for k periods of results. ``split="samples"``: each task runs a block of
    ``samples_per_task`` consecutive samples (default: the samples shared evenly over the
    workers) on every row, and a last task merges the blocks' totals
    (``Session.sensitivity_merge``); not with ``sobol``. ``split="auto"``: by samples when
    the periods are fewer than the workers (a single year, or a standard read across
    periods) and ``sobol`` is off, else by periods."""
    if split not in ("auto", "periods", "samples"):
        raise ValueError("split must be 'auto', 'periods' or 'samples', not %r" % (split,))
    source = source_of(standard)
    compiled(source)
    data, columns = _frame_and_columns(data, layout, entity_column, period_column)
    the_plan = plan_override or analyze(source.text,
                                        source.file_name if source.read_bases else None)
    if the_plan.strategy == "entity":  # ranks compare the entities of a period
        the_plan = Plan("global", None, the_plan.reason + "; ranks need whole periods")
    if split == "samples" and options.get("sobol"):
        raise ValueError("sensitivity: split='samples' cannot run a sobol sweep (its runs "
                         "come in structured sets); use split='periods'")
    blocks = None
    if split != "samples":
        blocks = _blocks(data, columns, the_plan, periods_per_partition)
        if not blocks:
            raise ValueError("sensitivity: the data have no rows")
        if split == "auto" and (options.get("sobol") or len(blocks) >= _worker_count()):
            split = "periods"
    if split == "periods":
        tasks = [dask.delayed(sensitivity_frames)(parts, source, columns, span, options)
                 for parts, span in blocks]
        return merge_sensitivity(list(dask.compute(*tasks)))
    return _sensitivity_by_samples(data, source, columns, samples_per_task, options)


def _sensitivity_by_samples(data, source: Source, columns: Columns,
                            samples_per_task: Optional[int], options: Dict[str, Any]) -> Dict:
    """Blocks of consecutive samples on every row, one task each, merged by a last task."""
    samples = options.get("samples", DEFAULT_SAMPLES)
    if not isinstance(samples, numbers.Integral) or isinstance(samples, bool) or samples < 1:
        raise ValueError("sensitivity: samples must be a whole number >= 1")
    if samples_per_task is None:
        samples_per_task = -(-samples // _worker_count())
    step = int(samples_per_task)
    if step < 1:
        raise ValueError("sensitivity: samples_per_task must be at least 1")
    parts = data.to_delayed()
    runs = [dask.delayed(sensitivity_block)(parts, source, columns, first,
                                            min(step, samples - first), options)
            for first in range(0, samples, step)]
    return dask.delayed(merge_blocks)(parts, source, columns, runs, options).compute()
