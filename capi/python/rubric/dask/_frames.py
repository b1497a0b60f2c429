"""The work of one partition, on pandas frames: load the rows into a Session, evaluate,
keep the periods the partition owns. Runs in the worker processes; needs pandas only."""

import os
from typing import Any, Dict, List, NamedTuple, Optional, Tuple

import pandas as pd

from ..session import Session
from ..standard import Standard
from ._lines import lines_text

RESULT_COLUMNS = ["entity", "period", "total", "grade", "vetoed", "scorable"]


class Source(NamedTuple):
    """A standard's text, named ``file_name`` in diagnostics; a variant's bases are read
    relative to ``file_name`` (which must then be readable where the workers run)."""
    text: str
    file_name: str = "<input>"
    read_bases: bool = False


def source_of(standard: Any) -> Source:
    """``standard``: a ``Source`` or the path of a standard file (read here, once)."""
    if isinstance(standard, Source):
        return standard
    if isinstance(standard, (str, os.PathLike)):
        path = os.fspath(standard)
        with open(path, encoding="utf-8") as f:
            return Source(f.read(), path, True)
    raise TypeError("the standard must be a path or a rubric.dask.Source, not %s" %
                    type(standard).__name__)


_COMPILED: Dict[Source, Standard] = {}


def compiled(source: Source) -> Standard:
    """The standard of ``source``, compiled once per process."""
    standard = _COMPILED.get(source)
    if standard is None:
        standard = Standard.compile(source.text, file_name=source.file_name,
                                    read_bases=source.read_bases)
        _COMPILED[source] = standard
    return standard


class Columns(NamedTuple):
    """Where the data are: the layout ("long", "wide", or "lines" for CsvLines, whose
    CSV header and key column names are ``header`` and ``names``) and the key columns."""
    layout: str
    entity: str
    period: str
    header: Optional[str] = None
    names: Optional[Tuple[str, str]] = None


def detect_layout(columns, entity: str, period: str) -> str:
    rest = {c for c in columns if c not in (entity, period)}
    return "long" if rest == {"input", "value"} else "wide"


def csv_text(frame: pd.DataFrame, columns: Columns) -> str:
    """The frame as the CSV text `rubric score` reads: numbers in their shortest
    round-trip form (so every double reads back to itself), booleans as true/false,
    missing values as empty cells."""
    frame = frame.reset_index(drop=True)
    if columns.layout == "long":
        frame = frame[[columns.entity, columns.period, "input", "value"]]
        frame.columns = ["entity", "period", "input", "value"]
    changed = {}
    for name in frame.columns:
        column = frame[name]
        if column.dtype == bool:
            changed[name] = column.map({True: "true", False: "false"})
        elif column.dtype == object and pd.api.types.infer_dtype(
                column, skipna=True) not in ("string", "empty", "integer", "floating"):
            changed[name] = column.map(lambda v: "true" if v is True else "false"
                                       if v is False else v)
    if changed:
        frame = frame.assign(**changed)
    return frame.to_csv(index=False, lineterminator="\n")


def _session(frames: List[pd.DataFrame], source: Source, columns: Columns) -> Session:
    session = Session(compiled(source))
    if columns.layout == "lines":
        session.load_csv(lines_text(frames, columns.header), entity_column=columns.names[0],
                         period_column=columns.names[1])
        return session
    frame = pd.concat(frames, ignore_index=True) if len(frames) != 1 else frames[0]
    if columns.layout == "long":
        session.load_csv(csv_text(frame, columns))
    else:
        session.load_csv(csv_text(frame, columns), entity_column=columns.entity,
                         period_column=columns.period)
    return session


def empty_results(source: Source, nodes: bool) -> pd.DataFrame:
    """The columns and types of score()'s results, without rows."""
    data: Dict[str, Any] = {
        "entity": pd.Series([], dtype=object), "period": pd.Series([], dtype="int64"),
        "total": pd.Series([], dtype="float64"), "grade": pd.Series([], dtype=object),
        "vetoed": pd.Series([], dtype=bool), "scorable": pd.Series([], dtype=bool)}
    if nodes:
        for node in compiled(source).nodes:
            data[node.id] = pd.Series([], dtype="float64")
    return pd.DataFrame(data)


def _owned(periods, span: Optional[Tuple[int, int]]):
    if span is None:
        return periods == periods
    return (periods >= span[0]) & (periods <= span[1])


def score_frames(frames: List[pd.DataFrame], source: Source, columns: Columns,
                 span: Optional[Tuple[int, int]], nodes: bool) -> pd.DataFrame:
    """Scores the rows of ``frames`` in one session and returns the results of the
    periods in ``span`` (first, last; None: every period), by period then entity."""
    if not frames or all(len(f) == 0 for f in frames):
        return empty_results(source, nodes)
    with _session(frames, source, columns) as session:
        session.evaluate()
        result = session.to_frame(nodes=nodes)
    result = result[_owned(result["period"], span)]
    result = result.assign(grade=result["grade"].astype(object).where(
        result["grade"].notna(), None))
    order = list(RESULT_COLUMNS) + [c for c in result.columns if c not in RESULT_COLUMNS]
    result = result[order].sort_values(["period", "entity"], kind="mergesort")
    return result.reset_index(drop=True)


def sensitivity_frames(frames: List[pd.DataFrame], source: Source, columns: Columns,
                       span: Optional[Tuple[int, int]], options: Dict[str, Any]) -> Dict:
    """Runs the sensitivity analysis on the rows of ``frames`` and keeps the rows and
    periods in ``span``."""
    with _session(frames, source, columns) as session:
        result = session.sensitivity(**options)
    if span is not None:
        result["rows"] = [r for r in result["rows"] if span[0] <= r["period"] <= span[1]]
        result["periods"] = [p for p in result["periods"]
                             if span[0] <= p["period"] <= span[1]]
    return result


def sensitivity_block(frames: List[pd.DataFrame], source: Source, columns: Columns,
                      first: int, count: int, options: Dict[str, Any]) -> bytes:
    """Runs ``first`` to ``first + count - 1`` of the sweep on every row of ``frames``:
    the block of ``Session.sensitivity_runs``."""
    with _session(frames, source, columns) as session:
        return session.sensitivity_runs(first, count, **options)


def merge_blocks(frames: List[pd.DataFrame], source: Source, columns: Columns,
                 blocks: List[bytes], options: Dict[str, Any]) -> Dict:
    """The sweep's summary from its blocks (``Session.sensitivity_merge``) on every row of
    ``frames``."""
    with _session(frames, source, columns) as session:
        return session.sensitivity_merge(blocks, **options)


SHARED_KEYS = ("samples", "runs", "seed", "sobol", "factors", "warnings", "grades")


def merge_sensitivity(parts: List[Dict]) -> Dict:
    """One result from the results of disjoint periods (given in period order): the
    rows and periods concatenated; what does not depend on the rows must agree."""
    merged = dict(parts[0])
    merged["rows"], merged["periods"] = [], []
    for part in parts:
        for key in SHARED_KEYS:
            if part.get(key) != merged.get(key):
                raise RuntimeError("sensitivity: partitions disagree on %r" % key)
        merged["rows"].extend(part["rows"])
        merged["periods"].extend(part["periods"])
    return merged
