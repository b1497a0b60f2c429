"""rubric.Session: values of entities over periods for one standard, and their results."""

from __future__ import annotations

import ctypes
import json
import numbers
import math
import os
from typing import (TYPE_CHECKING, Any, Dict, Iterable, List, Mapping, Optional, Sequence,
                    Tuple, Union)

from . import _lib
from ._errors import (DataError, Diagnostic, InvalidArgumentError, NotFoundError,
                      TypeMismatchError, OutOfRangeError, DATA_ERROR, NOT_FOUND, OK,
                      OUT_OF_RANGE)
from ._util import (OwnedHandle, Options, decode, encode, index, period as as_period, raise_for,
                    read_diagnostics, status_message)
from .standard import InputRef, NodeRef, OutputRef, Standard

if TYPE_CHECKING:  # pragma: no cover
    import numpy
    import pandas

RowRef = Union[int, Tuple[str, int]]

# The bits of rubric's missing value (rubric/missing.h: a quiet NaN with R's NA payload,
# 1954); rubric_value_is_missing tests the same pattern.
MISSING_BITS = 0x7FF80000000007A2

_numpy_module: Any = None


def _numpy() -> Any:
    """numpy when it is installed (imported on first use), else None."""
    global _numpy_module
    if _numpy_module is None:
        try:
            import numpy
            _numpy_module = numpy
        except ImportError:
            _numpy_module = False
    return _numpy_module or None


def _pointer(address: Optional[int], ctype) -> Any:
    """A typed pointer (POINTER(ctype)) to ``address``, or None for NULL."""
    return None if address is None else ctypes.cast(address, ctypes.POINTER(ctype))


def missing_mask(values: "numpy.ndarray") -> "numpy.ndarray":
    """For a float64 array returned by the columnar reads, a bool array that is True where
    the value is rubric's missing value (computed from missing data); NaN from rows that
    are not scorable, or computed NaN, are False. Needs numpy."""
    np = _numpy()
    if np is None:
        raise ImportError("rubric.missing_mask needs numpy")
    array = np.ascontiguousarray(values, dtype=np.float64)
    return array.view(np.uint64) == np.uint64(MISSING_BITS)


class Session(OwnedHandle):
    """The values of many rows (one entity in one period) for one :class:`Standard`, and
    their results.

    Results are always current: after edits, reading a result recomputes incrementally
    only what depends on the edits. A session belongs to one thread at a time.

    Rows are referred to by their index (returned by :meth:`add_row` / :meth:`find_row`)
    or by an ``(entity, period)`` tuple; inputs by id, index or :class:`Input`; nodes by
    id, index or :class:`Node`. Use it as a context manager (``with Session(std) as s:``)
    or call :meth:`close`; it is also freed when garbage-collected. The session keeps a
    reference to its standard.
    """

    _noun = "session"

    def __init__(self, standard: Standard):
        if not isinstance(standard, Standard):
            raise TypeError("Session(standard) needs a rubric.Standard, not %s"
                            % type(standard).__name__)
        self._lib = _lib.get()
        self._own(_lib.SessionP(), self._lib.rubric_session_free)
        self._standard = standard
        handle = _lib.SessionP()
        # The standard's handle stays valid while the session is created, even if another
        # thread closes the standard meanwhile; the session then keeps the compiled
        # standard alive itself.
        with standard._use() as standard_handle:
            raise_for(self._lib.rubric_session_create(ctypes.byref(handle), standard_handle),
                      "rubric_session_create")
        self._handle = handle

    # ---- lifetime: see OwnedHandle ----

    @property
    def standard(self) -> Standard:
        return self._standard

    def _check(self, status: int, function: str, handle, context: str = "") -> None:
        """Raises for a failed status with the session's last-error message (``handle``:
        the session's, inside the call's ``with self._use()``)."""
        if status == OK:
            return
        message = decode(self._lib.rubric_session_last_error(handle))
        if not message:
            message = status_message(status)
            if context:
                message = "%s: %s" % (context, message)
        raise_for(status, function, message)

    def _check_quiet(self, status: int, function: str, message: str) -> None:
        """Raises for a failed status of a function that does not set the session's
        last-error message (the message is the binding's own)."""
        if status != OK:
            raise_for(status, function, "%s: %s" % (message, status_message(status)))

    # ---- rows ----

    def add_row(self, entity: str, period: int) -> int:
        """Adds a row (every input missing) and returns its index.

        Raises AlreadyExistsError when (entity, period) exists, InvalidArgumentError for
        an entity that is empty (or only spaces) or holds a control character."""
        out = ctypes.c_size_t()
        entity_bytes, p = encode(entity, "entity"), as_period(period)
        with self._use() as h:
            self._check(self._lib.rubric_session_add_row(h, entity_bytes, p, ctypes.byref(out)),
                        "rubric_session_add_row", h)
        return out.value

    def find_row(self, entity: str, period: int) -> Optional[int]:
        """The index of the row (entity, period), or None."""
        out = ctypes.c_size_t()
        entity_bytes, p = encode(entity, "entity"), as_period(period)
        with self._use() as h:
            status = self._lib.rubric_session_find_row(h, entity_bytes, p, ctypes.byref(out))
        if status == NOT_FOUND:
            return None
        self._check_quiet(status, "rubric_session_find_row", "row (%r, %s)" % (entity, period))
        return out.value

    def remove_row(self, row: RowRef) -> None:
        """Removes a live row. Its index stays reserved (it is no longer live)."""
        r = self._row(row)
        with self._use() as h:
            self._check(self._lib.rubric_session_remove_row(h, r), "rubric_session_remove_row", h)

    @property
    def row_count(self) -> int:
        """Rows ever added, removed ones included (indices 0 .. row_count - 1)."""
        with self._use() as h:
            return int(self._lib.rubric_session_row_count(h))

    def entity(self, row: int) -> str:
        """The entity of a row (removed rows included)."""
        out = ctypes.c_char_p()
        r = index(row, "row")
        with self._use() as h:
            self._check_quiet(self._lib.rubric_session_row_entity(h, r, ctypes.byref(out)),
                              "rubric_session_row_entity", "row %d" % r)
            return decode(out.value)

    def period(self, row: int) -> int:
        """The period of a row (removed rows included)."""
        out = ctypes.c_int64()
        r = index(row, "row")
        with self._use() as h:
            self._check_quiet(self._lib.rubric_session_row_period(h, r, ctypes.byref(out)),
                              "rubric_session_row_period", "row %d" % r)
        return out.value

    def live(self, row: int) -> bool:
        """Whether ``row`` is a live row (added and not removed)."""
        r = index(row, "row")
        out = ctypes.c_int()
        with self._use() as h:
            status = self._lib.rubric_session_row_live(h, r, ctypes.byref(out))
            if status == OUT_OF_RANGE:
                return False
            self._check(status, "rubric_session_row_live", h)
        return bool(out.value)

    def rows(self) -> List[Tuple[int, str, int]]:
        """The live rows as (index, entity, period), in index order."""
        return [(r, self.entity(r), self.period(r))
                for r in range(self.row_count) if self.live(r)]

    def _row(self, row: RowRef) -> int:
        if isinstance(row, tuple):
            if len(row) != 2:
                raise TypeError("a row is an index or an (entity, period) tuple")
            found = self.find_row(row[0], row[1])
            if found is None:
                raise NotFoundError("no row for entity %r in period %s" % (row[0], row[1]),
                                    NOT_FOUND)
            return found
        return index(row, "row")

    # ---- values ----

    def set(self, row: RowRef, input: InputRef, value: Any) -> None:
        """Sets one value. Dispatches on the value:

        - ``None``: clears the value (it becomes missing);
        - ``bool``: 1 or 0 (for bool inputs; any numeric input accepts it);
        - ``int`` / ``float``: the number; for an enum input, an ``int`` is an option
          index (0 = lowest);
        - ``str``: for a text input, the text; otherwise the value's textual form as in
          data (an enum's option label, ``"true"``/``"是"``, ``"12.5"``; ``""`` = missing).

        Raises NotFoundError (unknown input id), OutOfRangeError (row not live, index
        past the end), TypeMismatchError (e.g. a number for a text input) or
        InvalidArgumentError (a value the library rejects, such as an unknown enum label
        or a value outside declared bounds).
        """
        r = self._row(row)
        inp = self._standard.input(input)
        lib = self._lib
        context = "input '%s'" % inp.id
        with self._use() as h:
            if value is None:
                status = lib.rubric_session_clear(h, r, inp.index)
                function = "rubric_session_clear"
            elif isinstance(value, bool):
                status = lib.rubric_session_set_number(h, r, inp.index, 1.0 if value else 0.0)
                function = "rubric_session_set_number"
            elif isinstance(value, numbers.Integral) and inp.type == "enum":
                status = lib.rubric_session_set_option(h, r, inp.index, index(value, "option"))
                function = "rubric_session_set_option"
            elif isinstance(value, numbers.Real):
                status = lib.rubric_session_set_number(h, r, inp.index, float(value))
                function = "rubric_session_set_number"
            elif isinstance(value, str):
                if inp.type == "text":
                    status = lib.rubric_session_set_text(h, r, inp.index, encode(value, "text"))
                    function = "rubric_session_set_text"
                else:
                    status = lib.rubric_session_set_string(h, r, inp.index,
                                                           encode(value, "value"))
                    function = "rubric_session_set_string"
            else:
                raise TypeMismatchError("%s: cannot set a value of type %s"
                                        % (context, type(value).__name__))
            self._check(status, function, h, context)

    def clear(self, row: RowRef, input: InputRef) -> None:
        """Makes a value missing."""
        self.set(row, input, None)

    def set_many(self, input: InputRef, rows: Iterable[RowRef], values: Iterable[Any]) -> None:
        """Sets one input for many rows in one call (rubric_session_set_numbers).

        ``values`` are numbers or bools, or None for a missing value. Stops at the first
        bad value and raises (earlier values stay set). For values that are not numbers
        (enum labels, text), it falls back to :meth:`set` row by row. A numpy array of
        numbers (rows a list or an integer array) goes to the C call without per-row Python
        work; NaN in it is a missing value.
        """
        inp = self._standard.input(input)
        np = _numpy()
        if np is not None and isinstance(values, np.ndarray) and values.ndim == 1 and \
                values.dtype.kind in "fiub" and inp.type not in ("enum", "text"):
            # numpy: the buffers go to the C call as they are; NaN is a missing value.
            rows_address, n, keep = self._row_buffer(self._reusable(rows))
            if n != values.size:
                raise InvalidArgumentError("set_many: %d rows but %d values" % (n, values.size))
            c_values = np.ascontiguousarray(values, dtype=np.float64)
            nan = np.isnan(c_values)
            c_missing = nan.astype(np.uint8) if nan.any() else None
            with self._use() as h:
                self._check(self._lib.rubric_session_set_numbers(
                    h, inp.index, _pointer(rows_address, ctypes.c_size_t),
                    _pointer(c_values.ctypes.data if n else None, ctypes.c_double),
                    _pointer(c_missing.ctypes.data if c_missing is not None else None,
                             ctypes.c_ubyte), n),
                    "rubric_session_set_numbers", h, "input '%s'" % inp.id)
            del keep
            return
        rows = [self._row(r) for r in rows]
        values = list(values)
        if len(rows) != len(values):
            raise InvalidArgumentError("set_many: %d rows but %d values" % (len(rows), len(values)))
        if not all(v is None or isinstance(v, numbers.Real) for v in values) or \
                (inp.type == "enum" and any(isinstance(v, numbers.Integral)
                                            and not isinstance(v, bool) for v in values)):
            for r, v in zip(rows, values):
                self.set(r, inp, v)
            return
        n = len(rows)
        c_rows = (ctypes.c_size_t * n)(*rows)
        c_values = (ctypes.c_double * n)(*[0.0 if v is None else float(v) for v in values])
        c_missing = None
        if any(v is None for v in values):
            c_missing = (ctypes.c_ubyte * n)(*[1 if v is None else 0 for v in values])
        with self._use() as h:
            self._check(self._lib.rubric_session_set_numbers(h, inp.index, c_rows, c_values,
                                                             c_missing, n),
                        "rubric_session_set_numbers", h, "input '%s'" % inp.id)

    def value(self, row: RowRef, input: InputRef) -> float:
        """The value rules see: the type's default when missing, an enum's option index."""
        return self._get_value(row, input)[0]

    def is_missing(self, row: RowRef, input: InputRef) -> bool:
        """Whether the value is missing."""
        return self._get_value(row, input)[1]

    def _get_value(self, row: RowRef, input: InputRef) -> Tuple[float, bool]:
        r = self._row(row)
        inp = self._standard.input(input)
        value, missing = ctypes.c_double(), ctypes.c_int()
        with self._use() as h:
            self._check_quiet(self._lib.rubric_session_get_value(h, r, inp.index,
                                                                 ctypes.byref(value),
                                                                 ctypes.byref(missing)),
                              "rubric_session_get_value", "row %d, input '%s'" % (r, inp.id))
        return value.value, bool(missing.value)

    # ---- loading ----

    def load_csv(self, source: Union[str, bytes, os.PathLike], *,
                 entity_column: Optional[str] = None, period_column: Optional[str] = None,
                 ignore_columns: Union[None, str, Iterable[str]] = None,
                 max_errors: Optional[int] = None,
                 file_name: Optional[str] = None) -> List[Diagnostic]:
        """Loads CSV data, long (``entity,period,input,value``) or wide (one column per
        input).

        Args:
            source: CSV text (str or bytes) or the path of a CSV file (an os.PathLike, or
                a str without a newline naming an existing path). The file is checked
                before it is read, by the library, as every file rubric reads: a folder,
                device or pipe, or a file that cannot be opened, raises
                :class:`InvalidArgumentError` saying why; a file over 4 GiB
                :class:`OutOfRangeError`.
            entity_column, period_column: the wide format's entity and period columns
                (default "entity" and "period").
            ignore_columns: columns to skip silently (a list, or a comma-separated str).
            max_errors: stop reporting after this many errors (default 50).
            file_name: the name in diagnostics (default: the path, or "<data>").

        Returns:
            The warnings (a list of :class:`Diagnostic`).

        Raises:
            DataError: the data have errors (``.diagnostics``, ``.rendered``).
            InvalidArgumentError: a path that names no readable regular file.
            OutOfRangeError: a file over 4 GiB.
        """
        path = _source_path(source)
        if file_name is None:
            file_name = path
        if ignore_columns is not None and not isinstance(ignore_columns, str):
            ignore_columns = ",".join(ignore_columns)
        diagnostics = _lib.DiagnosticsP()
        with Options(file_name=file_name, entity_column=entity_column,
                     period_column=period_column, ignore_columns=ignore_columns,
                     max_errors=max_errors) as options, self._use() as h:
            if path is None:
                data = encode(source, "CSV text", nul_ok=True)
                function = "rubric_session_load_csv"
                status = self._lib.rubric_session_load_csv(h, ctypes.byref(diagnostics), data,
                                                           len(data), options.handle)
            else:
                function = "rubric_session_load_csv_file"
                status = self._lib.rubric_session_load_csv_file(
                    h, ctypes.byref(diagnostics), os.fsencode(path), options.handle)
            message = decode(self._lib.rubric_session_last_error(h))
        try:
            found, rendered = read_diagnostics(diagnostics)
        finally:
            self._lib.rubric_diagnostics_free(diagnostics)
        if status == DATA_ERROR:
            raise DataError("%s: %s" % (file_name or "<data>", message or status_message(status)),
                            status, function, diagnostics=found, rendered=rendered)
        if status != OK:
            raise_for(status, function, message or None)
        return found

    def load_rows(self, records: Iterable[Mapping[str, Any]], entity_key: str = "entity",
                  period_key: str = "period") -> List[int]:
        """Loads values from mappings, one per row: ``{"entity": "C0001", "period": 2024,
        "p1_1_1": True, ...}``. Every other key is an input id, set with :meth:`set`
        (None clears). A row that exists is updated, else it is added.

        Returns the row indices, in order. Stops at the first error and raises it.
        """
        out = []
        for record in records:
            try:
                entity, period = record[entity_key], record[period_key]
            except KeyError as e:
                raise InvalidArgumentError("a record lacks the key %s" % e) from None
            row = self.find_row(entity, period)
            if row is None:
                row = self.add_row(entity, period)
            for key, value in record.items():
                if key != entity_key and key != period_key:
                    self.set(row, key, value)
            out.append(row)
        return out

    def load_frame(self, frame: "pandas.DataFrame", layout: str = "wide", *,
                   entity: str = "entity", period: str = "period",
                   ignore_columns: Union[None, str, Sequence[str]] = None,
                   max_errors: int = 50, file_name: str = "<frame>") -> List[Diagnostic]:
        """Loads values from a pandas DataFrame laid out as CSV data is (docs/python.md).

        Args:
            frame: the values. ``layout="wide"``: one row per (entity, period), one column
                per input id; columns the standard does not know are ignored with a warning
                (W0001), as ``ignore_columns`` are without one. ``layout="long"``: the
                columns ``entity``, ``period``, ``input`` and ``value``, one value per row.
            entity, period: the names of the entity and period columns.
            max_errors: stop reporting after this many errors.
            file_name: the name in diagnostics; a frame's row is line 2, 3 ... as in the
                CSV file it would be written to (the header is line 1).

        A numeric column of a bool, number, percent, integer or rank input goes to the
        library in one ``rubric_session_set_numbers`` call. A str is parsed as the CSV
        loader parses a field (an enum's label, ``"true"``, ``"12.5"``, a text input's
        text); an int for an enum is an option index. None, NaN, NaT, ``pd.NA`` and ``""``
        are missing. A row that exists is updated, else it is added.

        Returns:
            The warnings (W0001 unknown columns, W0002 inputs the frame never gives).

        Raises:
            DataError: the CSV loader's diagnostics (D0003 a missing column, D0005 a period
                that is not an integer, D0006 an empty entity, D0101 an unknown input, D0102
                a bad value, D0103 a duplicate value, D0104 a duplicate row, D0105 a
                duplicate column). Errors in the frame's layout, entities and periods are
                found before anything is loaded; after a D0102 the values read stay set.
            ImportError: pandas is not installed.
        """
        from ._frame import load_frame
        return load_frame(self, frame, layout, entity, period, ignore_columns, max_errors,
                          file_name)

    # ---- results ----

    def evaluate(self) -> None:
        """Evaluates everything from scratch (optional: reads evaluate on demand)."""
        with self._use() as h:
            self._check(self._lib.rubric_session_evaluate(h), "rubric_session_evaluate", h)

    def _result(self, function: str, row: RowRef, ctype, *extra):
        r = self._row(row)
        out = ctype()
        with self._use() as h:
            self._check(getattr(self._lib, function)(h, r, *extra, ctypes.byref(out)), function,
                        h)
            return out.value

    def _value(self, value: float) -> Optional[float]:
        """None for rubric's missing value (computed from missing data), else the value."""
        return None if self._lib.rubric_value_is_missing(value) else value

    def total(self, row: RowRef) -> Optional[float]:
        """The row's total, or None when it is missing (no part of it has a value:
        missing_reason says why). NotScorableError when the row is not scorable."""
        return self._value(self._result("rubric_session_total", row, ctypes.c_double))

    def node_value(self, row: RowRef, node: NodeRef) -> Optional[float]:
        """The points (or value) of a group or indicator, or None when it is missing
        (computed from missing inputs)."""
        return self._value(self._result("rubric_session_node_value", row, ctypes.c_double,
                                         self._standard.node(node).index))

    def output_value(self, row: RowRef, output: OutputRef) -> Optional[float]:
        """The value of an output (``output let``: id, index or Output), or None when it is
        missing; a named band gives its number (see :meth:`output_text`)."""
        return self._value(self._result("rubric_session_output_value", row, ctypes.c_double,
                                         self._standard.output(output).index))

    def output_text(self, row: RowRef, output: OutputRef) -> str:
        """An output as text: a named band's name, else the number in shortest form; ""
        when missing or when the row is not scorable."""
        index = self._standard.output(output).index
        r = self._row(row)
        out = ctypes.c_void_p()
        with self._use() as h:
            status = self._lib.rubric_session_output_text(h, r, index, ctypes.byref(out))
            try:
                self._check(status, "rubric_session_output_text", h)
                text = ctypes.string_at(out.value) if out.value else b""
            finally:
                if out.value:
                    self._lib.rubric_string_free(out)
        return text.decode("utf-8")

    # ---- decision analysis (docs/analysis.md) ----

    def _analysis(self, function: str, arguments: tuple, options: Dict[str, Any]) -> Any:
        """Calls an analysis of the C ABI with ``options`` as JSON; the parsed JSON result."""
        text = encode(json.dumps(options, ensure_ascii=False), "options")
        out = ctypes.c_void_p()
        with self._use() as h:
            status = getattr(self._lib, function)(h, *arguments, text, ctypes.byref(out))
            try:
                self._check(status, function, h)
                result = ctypes.string_at(out.value) if out.value else b"null"
            finally:
                if out.value:
                    self._lib.rubric_string_free(out)
        return json.loads(result.decode("utf-8"))

    def attribute(self, entity: str, from_period: int, to_period: int,
                  **options: Any) -> Dict[str, Any]:
        """What moved the entity's total from one period to another (``rubric attribute``):
        the change split into Shapley values of the changed inputs (and of the context),
        per node, and the rank movers. ``options``: ``samples``, ``seed``,
        ``exact_players``. The session's values are unchanged afterwards."""
        options = dict(options, entity=entity)
        options["from"] = from_period
        options["to"] = to_period
        return self._analysis("rubric_session_attribute_json", (), options)

    def sensitivity(self, **options: Any) -> Dict[str, Any]:
        """How robust the ranking is when the weights vary (``rubric sensitivity``): per
        row the nominal and median rank and total with 5-95% intervals and each grade's
        probability, per period the pairs whose order never flips; with ``sobol=True``
        Sobol indices. ``options``: ``samples``, ``seed``, ``vary`` ("10%" or 0.1),
        ``factors`` (a list of {"group", "distribution", "spread" or "alpha"}), ``sobol``,
        ``threads``."""
        return self._analysis("rubric_session_sensitivity_json", (), options)

    def sensitivity_runs(self, first: int, count: int, **options: Any) -> bytes:
        """Runs ``first`` to ``first + count - 1`` of the sweep ``sensitivity(**options)``
        makes, as an opaque block of bytes (their totals): blocks computed anywhere (other
        processes, other machines) with the same rows, values and options merge with
        ``sensitivity_merge`` into exactly what ``sensitivity`` gives. Not with
        ``sobol``."""
        if not isinstance(first, numbers.Integral) or not isinstance(count, numbers.Integral) \
                or first < 0 or count < 0:
            raise InvalidArgumentError("sensitivity_runs: first and count take whole "
                                       "numbers >= 0")
        text = encode(json.dumps(options, ensure_ascii=False), "options")
        out = ctypes.c_void_p()
        size = ctypes.c_size_t()
        function = "rubric_session_sensitivity_runs"
        with self._use() as h:
            status = self._lib.rubric_session_sensitivity_runs(
                h, text, int(first), int(count), ctypes.byref(out), ctypes.byref(size))
            try:
                self._check(status, function, h)
                block = ctypes.string_at(out.value, size.value) if out.value else b""
            finally:
                if out.value:
                    self._lib.rubric_string_free(out)
        return block

    def sensitivity_merge(self, blocks: Sequence[bytes], **options: Any) -> Dict[str, Any]:
        """The summary of a sweep from the blocks of ``sensitivity_runs`` (in any order)
        that cover its runs exactly once: equal, to the last bit, to
        ``sensitivity(**options)`` on the same rows and values. Missing, overlapping or
        foreign blocks (another seed, other samples, rows, values or factors) raise
        ``InvalidArgumentError``."""
        blocks = [bytes(b) for b in blocks]
        text = encode(json.dumps(options, ensure_ascii=False), "options")
        count = len(blocks)
        pointers = (ctypes.c_char_p * max(count, 1))(*blocks)
        sizes = (ctypes.c_size_t * max(count, 1))(*[len(b) for b in blocks])
        out = ctypes.c_void_p()
        function = "rubric_session_sensitivity_merge_json"
        with self._use() as h:
            status = self._lib.rubric_session_sensitivity_merge_json(
                h, text, pointers, sizes, count, ctypes.byref(out))
            try:
                self._check(status, function, h)
                result = ctypes.string_at(out.value) if out.value else b"null"
            finally:
                if out.value:
                    self._lib.rubric_string_free(out)
        return json.loads(result.decode("utf-8"))

    def goal(self, row: RowRef, grade: Optional[str] = None, total: Optional[float] = None,
             **options: Any) -> Dict[str, Any]:
        """What would it take for the row to reach its next grade (or ``grade``, or
        ``total``), ``rubric goal``: each input's smallest sufficient change, the vetoes
        to clear and a combined plan. ``options``: ``plan`` (bool), ``cost`` ({input:
        cost per unit}), ``range``. The session's values are unchanged afterwards."""
        if grade is not None:
            options["grade"] = grade
        if total is not None:
            options["total"] = total
        return self._analysis("rubric_session_goal_json", (self._row(row),), options)

    def _string_result(self, function: str, row: RowRef) -> str:
        r = self._row(row)
        out = ctypes.c_void_p()
        with self._use() as h:
            status = getattr(self._lib, function)(h, r, ctypes.byref(out))
            try:
                self._check(status, function, h)
                text = ctypes.string_at(out.value) if out.value else b""
            finally:
                if out.value:
                    self._lib.rubric_string_free(out)
        return text.decode("utf-8")

    def missing_reason(self, row: RowRef) -> str:
        """Why the row's total is missing ("no part of the total has a value: missing a,
        b"), or "" when it has one."""
        return self._string_result("rubric_session_missing_reason", row)

    def imputations(self, row: RowRef) -> List[Dict[str, Any]]:
        """The values ``impute`` estimated for the row: dicts with "expression", "input"
        (when an input's policy imputed it), "value" and "how"."""
        return json.loads(self._string_result("rubric_session_imputations_json", row))

    def grade(self, row: RowRef) -> Optional[str]:
        """The grade's name, or None when the standard has no grades or none applies."""
        value = self._result("rubric_session_grade", row, ctypes.c_char_p)
        return None if value is None else decode(value)

    def vetoed(self, row: RowRef) -> bool:
        """Whether any veto fired for the row."""
        return bool(self._result("rubric_session_vetoed", row, ctypes.c_int))

    def fired_vetoes(self, row: RowRef) -> List[str]:
        """The ids of the vetoes that fired for the row, in declaration order."""
        r = self._row(row)
        count = self._result("rubric_session_fired_veto_count", r, ctypes.c_size_t)
        vetoes = self._standard.vetoes
        return [vetoes[self._result("rubric_session_fired_veto", r, ctypes.c_size_t, k)].id
                for k in range(count)]

    def scorable(self, row: RowRef) -> bool:
        """Whether the row has results (False when a required input is missing)."""
        r = self._row(row)
        out = ctypes.c_int()
        with self._use() as h:
            self._check_quiet(self._lib.rubric_session_scorable(h, r, ctypes.byref(out)),
                              "rubric_session_scorable", "row %d is not a live row" % r)
        return bool(out.value)

    def explain(self, row: RowRef, node_id: Optional[NodeRef] = None) -> Dict[str, Any]:
        """Why the row earned what it did, for a node (id, index or Node) or, with None,
        the whole standard: the parsed JSON explanation (keys such as entity, period,
        scorable, node, label, rule, earned, possible, children, inputs, cohorts,
        vetoes)."""
        r = self._row(row)
        node = None if node_id is None else encode(
            node_id if isinstance(node_id, str) else self._standard.node(node_id).id, "node id")
        out = ctypes.c_void_p()
        with self._use() as h:
            status = self._lib.rubric_session_explain_json(h, r, node, ctypes.byref(out))
            try:
                self._check(status, "rubric_session_explain_json", h)
                text = ctypes.string_at(out.value) if out.value else b"null"
            finally:
                if out.value:
                    self._lib.rubric_string_free(out)
        return json.loads(text.decode("utf-8"))

    @property
    def ops(self) -> int:
        """Kernel runs since the session was created."""
        with self._use() as h:
            return int(self._lib.rubric_session_ops(h))

    def results(self, nodes: bool = True) -> List[Dict[str, Any]]:
        """The results of every live row, in index order, as dicts:

        ``{"row", "entity", "period", "scorable", "total", "grade", "vetoed", "vetoes",
        "nodes"}``, where ``nodes`` maps node ids to values (omitted with
        ``nodes=False``). For a row that is not scorable, total, grade and vetoed are
        None, vetoes is [] and nodes is {}.
        """
        out = []
        node_list = self._standard.nodes if nodes else []
        for r, entity, period in self.rows():
            ok = self.scorable(r)
            item: Dict[str, Any] = {
                "row": r, "entity": entity, "period": period, "scorable": ok,
                "total": self.total(r) if ok else None,
                "grade": self.grade(r) if ok else None,
                "vetoed": self.vetoed(r) if ok else None,
                "vetoes": self.fired_vetoes(r) if ok else [],
            }
            if nodes:
                item["nodes"] = {n.id: self.node_value(r, n.index) for n in node_list} if ok else {}
            out.append(item)
        return out

    # ---- columnar results (one C call for many rows) ----

    def _want_numpy(self, array: Optional[bool]) -> Any:
        """numpy for array=None when installed, or array=True (ImportError when absent);
        None for array=False."""
        if array is False:
            return None
        np = _numpy()
        if np is None and array:
            raise ImportError("array=True needs numpy, which is not installed")
        return np

    @staticmethod
    def _reusable(rows: Optional[Iterable[RowRef]]) -> Optional[Iterable[RowRef]]:
        """``rows`` as something that can be iterated more than once."""
        np = _numpy()
        if rows is None or isinstance(rows, (list, tuple, range)) or (
                np is not None and isinstance(rows, np.ndarray)):
            return rows
        return list(rows)

    def _row_buffer(self, rows: Optional[Iterable[RowRef]]) -> Tuple[Optional[int], int, Any]:
        """(address or None, count, the object that owns the memory) for ``rows``; None is
        rows 0 .. row_count - 1."""
        if rows is None:
            return None, self.row_count, None
        np = _numpy()
        if np is not None and isinstance(rows, np.ndarray):
            if rows.ndim != 1 or rows.dtype.kind not in "iu":
                raise TypeError("rows must be a one-dimensional array of integers")
            if rows.dtype.kind == "i" and rows.size and int(rows.min()) < 0:
                raise OutOfRangeError("row %d is out of range" % int(rows.min()), OUT_OF_RANGE)
            buffer = np.ascontiguousarray(rows, dtype=np.uintp)
            return (buffer.ctypes.data if buffer.size else None), int(buffer.size), buffer
        resolved = [self._row(r) for r in rows]
        buffer = (ctypes.c_size_t * len(resolved))(*resolved)
        return ctypes.addressof(buffer), len(resolved), buffer

    def _live_rows(self) -> List[int]:
        return [r for r in range(self.row_count) if self.live(r)]

    def _columnar(self, call, function: str, rows: Optional[Iterable[RowRef]], np: Any,
                  ctype, dtype: str, width: int = 1, with_missing: bool = False):
        """Runs ``call(handle, rows_address, count, out_address, missing_address)`` into a new
        buffer of count * width elements (a numpy array when ``np``, else a ctypes array).
        rows None is every live row: rows 0 .. row_count - 1 in one call, or, when some rows
        were removed, the live ones. Returns (out, missing or None, the row indices read)."""
        rows_address, count, keep = self._row_buffer(rows)
        row_list: Optional[List[int]] = None
        while True:
            n = count * width
            if np is not None:
                out = np.empty(n, dtype=dtype)
                out_address = out.ctypes.data if n else None
                missing = np.empty(n, dtype=np.uint8) if with_missing else None
                missing_address = missing.ctypes.data if with_missing and n else None
            else:
                out = (ctype * n)()
                out_address = ctypes.addressof(out) if n else None
                missing = (ctypes.c_ubyte * n)() if with_missing else None
                missing_address = ctypes.addressof(missing) if with_missing and n else None
            with self._use() as h:
                status = call(h, _pointer(rows_address, ctypes.c_size_t), count,
                              _pointer(out_address, ctype),
                              _pointer(missing_address, ctypes.c_uint8))
                if status == OUT_OF_RANGE and rows is None and row_list is None:
                    pass  # some rows were removed: read the live ones
                else:
                    self._check(status, function, h)
                    break
            row_list = self._live_rows()
            rows_address, count, keep = self._row_buffer(row_list)
        del keep
        used = row_list if row_list is not None else (
            list(range(count)) if rows is None else None)
        return out, missing, used

    def _float_result(self, out, np: Any, scorable=None):
        if np is not None:
            return out
        bits = (ctypes.c_uint64 * len(out)).from_buffer(out)
        return [None if bits[i] == MISSING_BITS or (math.isnan(v) and scorable is not None
                                                     and not scorable[i]) else v
                for i, v in enumerate(out)]

    def _scorable_buffer(self, rows: Optional[Iterable[RowRef]]):
        out, _, _ = self._columnar(
            lambda h, r, n, o, m: self._lib.rubric_session_scorable_flags(h, r, n, o),
            "rubric_session_scorable_flags", rows, None, ctypes.c_ubyte, "u1")
        return out

    def totals(self, rows: Optional[Iterable[RowRef]] = None, *,
               array: Optional[bool] = None) -> Union[List[Optional[float]], "numpy.ndarray"]:
        """The totals of many rows in one call (rubric_session_totals): of ``rows`` (indices,
        ``(entity, period)`` tuples or an integer numpy array) in that order, or with None
        of every live row in index order.

        With numpy installed (or ``array=True``) a float64 array: a missing total is
        rubric's missing NaN (:func:`rubric.missing_mask` finds it), a row that is not
        scorable a plain NaN (:meth:`scorable_flags` tells them apart). Else (or with
        ``array=False``) a list where both are None. A removed or unknown row raises
        OutOfRangeError."""
        np = self._want_numpy(array)
        rows = self._reusable(rows)
        out, _, _ = self._columnar(
            lambda h, r, n, o, m: self._lib.rubric_session_totals(h, r, n, o),
            "rubric_session_totals", rows, np, ctypes.c_double, "f8")
        return self._float_result(out, np, None if np is not None else
                                  (self._scorable_buffer(rows) if any(
                                      math.isnan(v) for v in out) else None))

    def node_values(self, node: NodeRef, rows: Optional[Iterable[RowRef]] = None, *,
                    array: Optional[bool] = None
                    ) -> Union[List[Optional[float]], "numpy.ndarray"]:
        """The values of one node (id, index or :class:`Node`) for many rows in one call
        (rubric_session_node_values); rows, the result and missing values as in
        :meth:`totals`."""
        np = self._want_numpy(array)
        node_index = self._standard.node(node).index
        rows = self._reusable(rows)
        out, _, _ = self._columnar(
            lambda h, r, n, o, m: self._lib.rubric_session_node_values(h, node_index, r, n, o),
            "rubric_session_node_values", rows, np, ctypes.c_double, "f8")
        return self._float_result(out, np, None if np is not None else
                                  (self._scorable_buffer(rows) if any(
                                      math.isnan(v) for v in out) else None))

    def grade_indices(self, rows: Optional[Iterable[RowRef]] = None, *,
                      array: Optional[bool] = None) -> Union[List[int], "numpy.ndarray"]:
        """The grades of many rows in one call (rubric_session_grades) as indices into
        ``standard.grades``, -1 for none (no grades, a missing total, a row that is not
        scorable): an int32 array with numpy, else a list."""
        np = self._want_numpy(array)
        out, _, _ = self._columnar(
            lambda h, r, n, o, m: self._lib.rubric_session_grades(h, r, n, o),
            "rubric_session_grades", rows, np, ctypes.c_int, "i4")
        return out if np is not None else list(out)

    def grades(self, rows: Optional[Iterable[RowRef]] = None) -> List[Optional[str]]:
        """The grades' names of many rows in one call, None where none applies (always a
        list)."""
        names = self._standard.grades
        return [names[g] if g >= 0 else None for g in self.grade_indices(rows, array=False)]

    def vetoed_flags(self, rows: Optional[Iterable[RowRef]] = None, *,
                     array: Optional[bool] = None) -> Union[List[bool], "numpy.ndarray"]:
        """Whether each row is vetoed (rubric_session_vetoed_flags; False for a row that is
        not scorable): a bool array with numpy, else a list."""
        np = self._want_numpy(array)
        out, _, _ = self._columnar(
            lambda h, r, n, o, m: self._lib.rubric_session_vetoed_flags(h, r, n, o),
            "rubric_session_vetoed_flags", rows, np, ctypes.c_ubyte, "u1")
        return out.astype(bool) if np is not None else [bool(v) for v in out]

    def scorable_flags(self, rows: Optional[Iterable[RowRef]] = None, *,
                       array: Optional[bool] = None) -> Union[List[bool], "numpy.ndarray"]:
        """Whether each row is scorable (rubric_session_scorable_flags): a bool array with
        numpy, else a list."""
        np = self._want_numpy(array)
        out, _, _ = self._columnar(
            lambda h, r, n, o, m: self._lib.rubric_session_scorable_flags(h, r, n, o),
            "rubric_session_scorable_flags", rows, np, ctypes.c_ubyte, "u1")
        return out.astype(bool) if np is not None else [bool(v) for v in out]

    def input_values(self, inputs: Optional[Sequence[InputRef]] = None,
                     rows: Optional[Iterable[RowRef]] = None, *, array: Optional[bool] = None
                     ) -> Union[List[List[Optional[float]]], "numpy.ndarray"]:
        """The values of several inputs (ids, indices or :class:`Input`; None: every input)
        for many rows in one call (rubric_session_input_values), as rules see them (an
        enum's option index; a text input gives 0). With numpy a float64 array of shape
        (rows, inputs) with NaN where a value is missing; else a list of rows, each a list
        with None where missing."""
        np = self._want_numpy(array)
        if inputs is None:
            indices = [i.index for i in self._standard.inputs]
        else:
            indices = [self._standard.input(i).index for i in inputs]
        width = len(indices)
        c_inputs = (ctypes.c_size_t * width)(*indices)
        out, missing, _ = self._columnar(
            lambda h, r, n, o, m: self._lib.rubric_session_input_values(
                h, c_inputs, width, r, n, o, m),
            "rubric_session_input_values", rows, np, ctypes.c_double, "f8", width=width,
            with_missing=True)
        if np is not None:
            out[missing.astype(bool)] = np.nan
            return out.reshape(-1, width) if width else out.reshape(0, 0)
        count = len(out) // width if width else 0
        return [[None if missing[r * width + k] else out[r * width + k] for k in range(width)]
                for r in range(count)]

    def to_frame(self, nodes: bool = False, inputs: bool = False) -> "pandas.DataFrame":
        """The results of every live row as a pandas DataFrame indexed by row: columns
        entity, period, scorable, total, grade (categorical), vetoed, then (``nodes=True``)
        one column per node id and (``inputs=True``) one per input id. Totals and values
        are NaN where missing or not scorable. Needs pandas (ImportError else)."""
        try:
            import pandas as pd
        except ImportError:
            raise ImportError("Session.to_frame needs pandas, which is not installed") from None
        np = self._want_numpy(True)
        totals, _, rows = self._columnar(
            lambda h, r, n, o, m: self._lib.rubric_session_totals(h, r, n, o),
            "rubric_session_totals", None, np, ctypes.c_double, "f8")
        row_array = np.asarray(rows, dtype=np.uintp)
        names = self._standard.grades
        categories = list(dict.fromkeys(names))
        codes = self.grade_indices(row_array, array=True)
        grade_codes = np.array([categories.index(n) for n in names] + [-1], dtype=np.int64)
        data: Dict[str, Any] = {
            "entity": [self.entity(r) for r in rows],
            "period": np.array([self.period(r) for r in rows], dtype=np.int64),
            "scorable": self.scorable_flags(row_array, array=True),
            "total": totals,
            "grade": pd.Categorical.from_codes(grade_codes[codes], categories=categories),
            "vetoed": self.vetoed_flags(row_array, array=True),
        }
        if nodes:
            for node in self._standard.nodes:
                data[node.id] = self.node_values(node, row_array, array=True)
        if inputs:
            values = self.input_values(None, row_array, array=True)
            for k, inp in enumerate(self._standard.inputs):
                data[inp.id] = values[:, k]
        return pd.DataFrame(data, index=pd.Index(rows, name="row"))

    def __repr__(self) -> str:
        if self.closed:
            return "<rubric.Session (closed)>"
        return "<rubric.Session of %s: %d rows>" % (self._standard.id, self.row_count)


def _source_path(source) -> Optional[str]:
    """The path named by ``source``, or None when it is CSV text."""
    if isinstance(source, os.PathLike) or (
            isinstance(source, str) and "\n" not in source and "\r" not in source
            and source and os.path.lexists(source)):
        path = os.fspath(source)
        return path if isinstance(path, str) else os.fsdecode(path)
    return None
