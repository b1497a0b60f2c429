"""Session.load_frame: values from a pandas DataFrame, in the layouts of CSV data.

The numbers of a column go to the library in one rubric_session_set_numbers call per input;
text (an enum's label, "true", "12.5", a text input's text) goes to rubric_session_set_string,
which parses it exactly as the CSV loader parses a field. Missing values (None, NaN, NaT,
pd.NA, "") stay missing. Errors are the CSV loader's diagnostics (codes D0003, D0005, D0006,
D0101 to D0105; warnings W0001, W0002), naming the frame's rows as the lines of the CSV file
the frame would be (the header is line 1, the frame's first row line 2).
"""

from __future__ import annotations

import ctypes
import difflib
import numbers
import re
from typing import TYPE_CHECKING, Any, Dict, List, Optional, Sequence, Tuple

from . import _lib
from ._errors import DATA_ERROR, DataError, Diagnostic, InvalidArgumentError, RubricError
from ._util import Options, decode, encode, read_diagnostics

if TYPE_CHECKING:  # pragma: no cover
    import pandas
    from .session import Session

_NUMERIC_TYPES = ("bool", "number", "percent", "integer", "rank")


class _Report:
    """The diagnostics of one load. As the CSV loader, it keeps the first ``max_errors``
    errors (in line order) and then says D0009, and leaves out W0002 when there are
    errors."""

    def __init__(self, file_name: str, max_errors: int):
        self.file_name = file_name
        self.max_errors = max(1, int(max_errors))
        self.items: List[Diagnostic] = []

    @property
    def errors(self) -> int:
        return sum(1 for d in self.items if d.is_error)

    def add(self, code: str, message: str, line: int, hint: str = "",
            severity: str = "error") -> None:
        self.items.append(Diagnostic(severity, code, message, hint, self.file_name, line, 0, 0))

    def extend(self, found: Sequence[Diagnostic]) -> None:
        self.items.extend(found)

    def final(self) -> List[Diagnostic]:
        """The diagnostics in line order, cut off after max_errors errors."""
        ordered = sorted(self.items, key=lambda d: d.line)
        if not self.errors:
            return ordered
        out: List[Diagnostic] = []
        errors = 0
        for d in ordered:
            if d.code == "W0002":
                continue  # with errors the data are not scored
            if d.is_error:
                if errors == self.max_errors:
                    continue
                errors += 1
            out.append(d)
            if d.is_error and errors == self.max_errors:
                out.append(Diagnostic("error", "D0009", "too many errors (%d); stopped reading"
                                      % self.max_errors, "fix the errors above and load again",
                                      self.file_name, d.line, 0, 0))
        return out

    def raise_if_errors(self, function: str) -> None:
        if not self.errors:
            return
        found = self.final()
        lines = []
        for d in found:
            lines.append(str(d))
            if d.hint:
                lines.append("hint: " + d.hint)
        raise DataError("%s: the data have errors" % self.file_name, DATA_ERROR, function,
                        diagnostics=found, rendered="\n".join(lines) + "\n")


def _is_missing(value: Any) -> bool:
    """None, NaN, NaT, pd.NA and "" (also after trimming) are missing."""
    if value is None:
        return True
    if isinstance(value, str):
        return value.strip() == ""
    try:
        return bool(value != value)  # NaN, NaT; pd.NA raises TypeError in bool()
    except TypeError:
        return True


def _quote(name: str) -> str:
    """A CSV field for a header."""
    if any(c in name for c in ',"\r\n') or name != name.strip():
        return '"' + name.replace('"', '""') + '"'
    return name


def _header_warnings(session: "Session", csv: str, options: Dict[str, Any],
                     report: _Report) -> None:
    """Loads ``csv`` (a header, or lines without values) into a fresh session of the same
    standard, so that the library itself words the warnings and header errors, and adds
    them (line 1) to the report."""
    from .session import Session
    with Session(session.standard) as scratch:
        lib = scratch._lib
        data = encode(csv, "CSV header", nul_ok=True)
        diagnostics = _lib.DiagnosticsP()
        with Options(**options) as opts, scratch._use() as h:
            lib.rubric_session_load_csv(h, ctypes.byref(diagnostics), data, len(data),
                                        opts.handle)
        try:
            found, _ = read_diagnostics(diagnostics)
        finally:
            lib.rubric_diagnostics_free(diagnostics)
    report.extend([Diagnostic(d.severity, d.code, d.message, d.hint, report.file_name, 1, 0, 0)
                   for d in found])


def _periods(values: Any, report: _Report) -> List[Optional[int]]:
    """The periods as ints (None where one is bad, with a D0005 error)."""
    out: List[Optional[int]] = []
    for position, value in enumerate(values):
        period: Optional[int] = None
        if isinstance(value, numbers.Integral) and not isinstance(value, bool):
            period = int(value)
        elif isinstance(value, numbers.Real) and not isinstance(value, bool) and \
                value == value and float(value).is_integer():
            period = int(value)
        elif isinstance(value, str):
            text = value.strip()
            if text[1:].isdigit() and text[:1] in "+-" or text.isdigit():
                period = int(text)
        if period is None or not -(1 << 63) <= period < (1 << 63):
            period = None
            report.add("D0005", "period '%s' is not an integer" % ("" if _is_missing(value)
                                                                    else value),
                       position + 2, "periods are whole numbers such as years")
        out.append(period)
    return out


def _entities(values: Any, report: _Report) -> List[Optional[str]]:
    """The entities, trimmed (None where one is missing, with a D0006 error)."""
    out: List[Optional[str]] = []
    for position, value in enumerate(values):
        entity = None if _is_missing(value) else str(value).strip()
        if not entity:
            report.add("D0006", "empty entity", position + 2)
            entity = None
        else:
            control = next((c for c in entity if ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F),
                           None)
            if control is not None:
                shown = "".join(("\\x%02X" if ord(c) < 0x80 else "\\u{%02X}") % ord(c)
                                if ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F else c
                                for c in entity)
                report.add("D0006", "entity '%s' contains the control character U+%04X"
                           % (shown, ord(control)), position + 2)
                entity = None
        out.append(entity)
    return out


def _rows(session: "Session", keys: List[Tuple[str, int]], report: _Report,
          first_lines: List[int]) -> Dict[Tuple[str, int], int]:
    """The session's row for each (entity, period), adding the rows that do not exist."""
    rows: Dict[Tuple[str, int], int] = {}
    for key, line in zip(keys, first_lines):
        try:
            row = session.find_row(key[0], key[1])
            rows[key] = row if row is not None else session.add_row(key[0], key[1])
        except RubricError as e:  # an entity with a control character, as the CSV loader
            report.add("D0006", str(e.message or e), line)
    return rows


class _Setter:
    """Sets one input's values for many rows: numbers in one set_numbers call, text and
    enum options cell by cell, collecting D0102 errors."""

    def __init__(self, session: "Session", report: _Report):
        self.session = session
        self.report = report
        import numpy
        self.np = numpy

    def bad(self, inp, line: int, key: Tuple[str, int], message: str) -> None:
        self.report.add("D0102", "%s (entity '%s', period %d)" % (message, key[0], key[1]), line)

    def column(self, inp, rows, values, lines, keys) -> None:
        """``rows``: the session's rows; ``values``: a pandas Series of the cells (same
        length); ``lines``: the CSV line of each; ``keys``: (entity, period) of each."""
        np = self.np
        if not len(rows):
            return
        numeric = inp.type in _NUMERIC_TYPES
        if numeric and values.dtype.kind in "fiub":
            array = values.to_numpy(dtype=np.float64, na_value=np.nan)
            self.numbers(inp, np.asarray(rows, dtype=np.uintp), array, lines, keys)
            return
        cells = values.tolist()
        number_rows, number_values, number_positions = [], [], []
        for k, value in enumerate(cells):
            if _is_missing(value):
                number_rows.append(rows[k])
                number_values.append(np.nan)
                number_positions.append(k)
            elif numeric and isinstance(value, (numbers.Real, np.bool_)):
                number_rows.append(rows[k])
                number_values.append(float(value))
                number_positions.append(k)
            else:
                self.cell(inp, rows[k], value, lines[k], keys[k])
        if number_rows:
            self.numbers(inp, np.asarray(number_rows, dtype=np.uintp),
                         np.asarray(number_values, dtype=np.float64),
                         [lines[k] for k in number_positions],
                         [keys[k] for k in number_positions])

    def numbers(self, inp, rows, array, lines, keys) -> None:
        """One rubric_session_set_numbers call; NaN is missing. On a bad value, the cells
        are set one by one to report every bad one."""
        np = self.np
        session = self.session
        lib = session._lib
        missing = np.isnan(array).astype(np.uint8)
        pointer = ctypes.POINTER
        with session._use() as h:
            status = lib.rubric_session_set_numbers(
                h, inp.index, ctypes.cast(rows.ctypes.data, pointer(ctypes.c_size_t)),
                ctypes.cast(array.ctypes.data, pointer(ctypes.c_double)),
                ctypes.cast(missing.ctypes.data, pointer(ctypes.c_ubyte)), len(rows))
        if status == 0:
            return
        for k in range(len(rows)):
            with session._use() as h:
                if missing[k]:
                    status = lib.rubric_session_clear(h, int(rows[k]), inp.index)
                else:
                    status = lib.rubric_session_set_number(h, int(rows[k]), inp.index,
                                                           float(array[k]))
                message = decode(lib.rubric_session_last_error(h)) if status else ""
            if status:
                self.bad(inp, lines[k], keys[k], message or "input '%s': bad value %r"
                         % (inp.id, float(array[k])))

    def cell(self, inp, row: int, value: Any, line: int, key: Tuple[str, int]) -> None:
        """One value that is not a number: a str is parsed as the CSV loader parses a field
        (an enum's label, a text input's text, "true"); an int (or a float holding one) for
        an enum is an option index, an int for a text input its digits."""
        session = self.session
        lib = session._lib
        if isinstance(value, bool) or hasattr(value, "dtype") and value.dtype.kind == "b":
            text = "true" if value else "false"
        elif isinstance(value, numbers.Integral) or (
                inp.type == "enum" and isinstance(value, numbers.Real)
                and float(value).is_integer()):  # an int column with NaN is float64
            if inp.type == "enum":
                with session._use() as h:
                    status = lib.rubric_session_set_option(h, row, inp.index, int(value))
                    message = decode(lib.rubric_session_last_error(h)) if status else ""
                if status:
                    self.bad(inp, line, key, message or "input '%s': no option %d"
                             % (inp.id, int(value)))
                return
            text = str(int(value))
        elif isinstance(value, str):
            text = value
        else:
            self.bad(inp, line, key, "input '%s' is %s: a %s is not a value of it (read the "
                     "column as text)" % (inp.id, inp.type, type(value).__name__))
            return
        try:
            data = encode(text, "value")
        except InvalidArgumentError as e:  # a NUL character
            self.bad(inp, line, key, "input '%s': %s" % (inp.id, e))
            return
        with session._use() as h:
            status = lib.rubric_session_set_string(h, row, inp.index, data)
            message = decode(lib.rubric_session_last_error(h)) if status else ""
        if status:
            self.bad(inp, line, key, message or "input '%s': bad value '%s'" % (inp.id, text))


def load_frame(session: "Session", frame: "pandas.DataFrame", layout: str, entity: str,
               period: str, ignore_columns: Any, max_errors: int,
               file_name: str) -> List[Diagnostic]:
    """Session.load_frame (see its docstring)."""
    try:
        import numpy as np
        import pandas as pd
    except ImportError:
        raise ImportError("Session.load_frame needs pandas, which is not installed") from None
    if not isinstance(frame, pd.DataFrame):
        raise TypeError("load_frame needs a pandas DataFrame, not %s" % type(frame).__name__)
    if layout not in ("long", "wide"):
        raise ValueError("layout must be 'long' or 'wide', not %r" % (layout,))
    if isinstance(ignore_columns, str):
        ignore_columns = [c for c in ignore_columns.split(",") if c]
    ignored = set(ignore_columns or ())
    report = _Report(file_name, max_errors)
    standard = session.standard
    columns = [str(c) for c in frame.columns]
    function = "Session.load_frame"

    if layout == "wide":
        # The header and one line of empty values: the library words W0001, W0002 and the
        # header's errors (D0003, D0105).
        header = ",".join(_quote(c) for c in columns)
        blank = ",".join("_" if c == entity else "0" if c == period else "" for c in columns)
        _header_warnings(session, header + "\n" + (blank + "\n" if len(frame) else ""), dict(
            file_name=file_name, entity_column=entity, period_column=period,
            ignore_columns=",".join(sorted(ignored)) or None, max_errors=max_errors), report)
        report.raise_if_errors(function)
        value_columns = [k for k, c in enumerate(columns)
                         if c not in (entity, period) and c not in ignored
                         and standard.find_input(c) is not None]
    else:
        for name in (entity, period, "input", "value"):
            if name not in columns:
                report.add("D0003", "the frame has no '%s' column" % name, 1,
                           "a long frame has the columns %s, %s, input and value"
                           % (entity, period))
        for name in (entity, period, "input", "value"):
            if columns.count(name) > 1:
                report.add("D0105", "column '%s' appears twice" % name, 1)
        report.raise_if_errors(function)

    entity_column = frame.iloc[:, columns.index(entity)]
    period_column = frame.iloc[:, columns.index(period)]
    entities = _entities(entity_column.tolist(), report)
    periods = _periods(period_column.tolist(), report)
    lines = list(range(2, len(frame) + 2))
    keys: List[Optional[Tuple[str, int]]] = [
        (e, p) if e is not None and p is not None else None for e, p in zip(entities, periods)]

    if layout == "long":
        input_ids = [None if _is_missing(v) else str(v).strip()
                     for v in frame["input"].tolist()]
        known = {i.id for i in standard.inputs}
        first: Dict[Tuple[str, int, str], int] = {}
        for k, (key, input_id) in enumerate(zip(keys, input_ids)):
            if input_id is None or input_id not in known:
                close = difflib.get_close_matches(input_id or "", sorted(known), 1)
                report.add("D0101", "unknown input '%s'" % (input_id or ""), lines[k],
                           "did you mean '%s'?" % close[0] if close else "")
                continue
            if key is None:
                continue
            seen = first.setdefault((key[0], key[1], input_id), lines[k])
            if seen != lines[k]:
                report.add("D0103", "duplicate value for input '%s' of entity '%s', period %d"
                           % (input_id, key[0], key[1]), lines[k],
                           "first given on line %d" % seen)
        given = sorted({i for i in input_ids if i in known})
        _header_warnings(session, "entity,period,input,value\n" + "".join(
            "_,0,%s,\n" % _quote(i) for i in given), dict(file_name=file_name), report)
    else:
        first_row: Dict[Tuple[str, int], int] = {}
        for k, key in enumerate(keys):
            if key is None:
                continue
            seen = first_row.setdefault(key, lines[k])
            if seen != lines[k]:
                report.add("D0104", "duplicate row for entity '%s', period %d" % key,
                           lines[k], "first given on line %d" % seen)
    report.raise_if_errors(function)

    # Rows: one per (entity, period), added when the session lacks it.
    had_rows = session._live_rows()
    first_lines: Dict[Tuple[str, int], int] = {}
    for k, key in enumerate(keys):
        if key is not None:
            first_lines.setdefault(key, lines[k])
    row_of = _rows(session, list(first_lines), report, list(first_lines.values()))
    report.raise_if_errors(function)
    setter = _Setter(session, report)
    if layout == "wide":
        rows = [row_of[key] for key in keys]  # every key is set: errors raised above
        for k in value_columns:
            setter.column(standard.input(columns[k]), rows, frame.iloc[:, k], lines, keys)
    else:
        by_input: Dict[str, List[int]] = {}
        for k, input_id in enumerate(input_ids):
            by_input.setdefault(input_id, []).append(k)
        value_column = frame["value"]
        for input_id in sorted(by_input):
            positions = by_input[input_id]
            setter.column(standard.input(input_id), [row_of[keys[k]] for k in positions],
                          value_column.iloc[positions], [lines[k] for k in positions],
                          [keys[k] for k in positions])
    report.raise_if_errors(function)
    # As the CSV loader: no W0002 for an input that rows loaded before give.
    given_before = set()
    if had_rows:
        values = session.input_values(None, had_rows, array=True)
        given_before = {i.id for k, i in enumerate(standard.inputs)
                        if not np.isnan(values[:, k]).all()}
    return [d for d in report.final() if not (
        d.code == "W0002" and _absent_input(d.message) in given_before)]


def _absent_input(message: str) -> str:
    """The input a W0002 names."""
    match = re.match(r"input '(.*?)' is not in the data", message)
    return match.group(1) if match else ""
