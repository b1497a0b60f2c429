"""CSV files as the workers should carry them: one text line per record, with only its
entity and period parsed (to partition by), the header kept aside. A partition's lines,
under the header, are the CSV text `rubric score` reads, byte for byte: no value is
parsed in Python, and a row costs three Python objects instead of one per value."""

import csv
from typing import List, NamedTuple

import dask
import dask.dataframe as dd
import pandas as pd
from dask.bytes import read_bytes

LINE = "__rubric_line"


class CsvLines(NamedTuple):
    """A Dask DataFrame of ``entity``, ``period`` (int64) and the record's text, and the
    files' header line. Made by ``rubric.dask.read_csv``; ``score`` and ``sensitivity``
    take it where they take a DataFrame."""
    frame: "dd.DataFrame"
    header: str
    entity_column: str
    period_column: str


def _split(line: str, fields: int = -1) -> List[str]:
    """The fields of a CSV record; with ``fields`` N, at least its first N (the last
    one read may then hold the rest of the line)."""
    if '"' not in line:
        return line.split(",", fields)
    return next(csv.reader([line]))


def _block_frame(block: bytes, first: bool, header: str, where: str, entity: int,
                 period: int) -> pd.DataFrame:
    text = block.decode("utf-8")
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = text.replace("\r\n", "\n").split("\n")
    if first:
        if lines[0] != header:
            raise ValueError("%s: the header %r is not the first file's %r" %
                             (where, lines[0], header))
        lines = lines[1:]
    entities, periods, kept = [], [], []
    wanted = max(entity, period) + 1
    for line in lines:
        if not line.strip():
            continue
        if line.count('"') % 2:
            raise ValueError("%s: a quoted field spans lines (%r...): rubric.dask.read_csv "
                             "reads one record a line; use dask.dataframe.read_csv" %
                             (where, line[:40]))
        fields = _split(line, wanted)
        try:
            periods.append(int(fields[period].strip()))
        except (IndexError, ValueError):
            raise ValueError("%s: the record %r has no whole-number period" %
                             (where, line[:60])) from None
        entities.append(fields[entity].strip() if entity < len(fields) else "")
        kept.append(line)
    return pd.DataFrame({"entity": pd.Series(entities, dtype=object),
                         "period": pd.Series(periods, dtype="int64"),
                         LINE: pd.Series(kept, dtype=object)})


def read_csv(urlpath, *, entity_column: str = "entity", period_column: str = "period",
             blocksize="64MB", **storage_options) -> CsvLines:
    """Reads CSV files (a path, a glob, a list; any file system Dask reads) of one header,
    long or wide, into ``CsvLines``: blocks of about ``blocksize`` read on the workers."""
    header_sample, blocks, paths = read_bytes(urlpath, delimiter=b"\n", blocksize=blocksize,
                                              sample="64 kiB", include_path=True,
                                              **storage_options)
    header = header_sample.decode("utf-8").lstrip("\ufeff").replace("\r\n", "\n")
    header = header.split("\n", 1)[0]
    names = [n.strip() for n in _split(header)]
    for name in (entity_column, period_column):
        if name not in names:
            raise ValueError("the header %r has no column %r" % (header, name))
    entity, period = names.index(entity_column), names.index(period_column)
    parts = []
    for path, file_blocks in zip(paths, blocks):
        for k, block in enumerate(file_blocks):
            parts.append(dask.delayed(_block_frame)(block, k == 0, header, path, entity,
                                                    period))
    meta = pd.DataFrame({"entity": pd.Series([], dtype=object),
                         "period": pd.Series([], dtype="int64"),
                         LINE: pd.Series([], dtype=object)})
    return CsvLines(dd.from_delayed(parts, meta=meta, verify_meta=False), header,
                    entity_column, period_column)


def lines_text(frames: List[pd.DataFrame], header: str) -> str:
    """The CSV text of the lines of ``frames`` under ``header``."""
    lines = [header]
    for f in frames:
        lines.extend(f[LINE].tolist())
    return "\n".join(lines) + "\n"
