"""Helpers shared by the modules of the binding."""

from __future__ import annotations

import ctypes
import operator
import threading
from typing import List, Optional, Tuple

from . import _lib
from ._errors import (ClosedError, Diagnostic, InvalidArgumentError, OutOfRangeError, make_error,
                      OK)

_SEVERITIES = {0: "error", 1: "warning", 2: "note"}

SIZE_MAX = (1 << (8 * ctypes.sizeof(ctypes.c_size_t))) - 1
INT64_MIN = -(1 << 63)
INT64_MAX = (1 << 63) - 1


def encode(text, what: str = "string", nul_ok: bool = False) -> bytes:
    """UTF-8 bytes for a C string argument. ``bytes`` pass through unchanged (the library
    checks that they are UTF-8); a str with lone surrogates is passed as such, so that the
    library reports RUBRIC_INVALID_UTF8 rather than Python a UnicodeEncodeError."""
    if isinstance(text, str):
        data = text.encode("utf-8", "surrogatepass")
    elif isinstance(text, (bytes, bytearray, memoryview)):
        data = bytes(text)
    else:
        raise TypeError("%s must be str or bytes, not %s" % (what, type(text).__name__))
    if not nul_ok and b"\0" in data:
        raise InvalidArgumentError("%s contains a NUL character" % what)
    return data


def decode(data: Optional[bytes]) -> str:
    """A str from a borrowed C string (None, for a NULL pointer, gives "")."""
    return "" if data is None else data.decode("utf-8", "replace")


def index(value, what: str) -> int:
    """A non-negative int that fits a size_t, else OutOfRangeError / TypeError."""
    if isinstance(value, bool):
        raise TypeError("%s must be an int, not bool" % what)
    try:
        i = operator.index(value)
    except TypeError:
        raise TypeError("%s must be an int, not %s" % (what, type(value).__name__)) from None
    if i < 0 or i > SIZE_MAX:
        raise OutOfRangeError("%s %d is out of range" % (what, i))
    return i


def period(value) -> int:
    """An int64 period (an int, or a str of digits)."""
    if isinstance(value, bool):
        raise TypeError("a period must be an int, not bool")
    if isinstance(value, str):
        try:
            value = int(value.strip())
        except ValueError:
            raise InvalidArgumentError("a period must be an integer, not %r" % value) from None
    try:
        p = operator.index(value)
    except TypeError:
        if isinstance(value, float) and value.is_integer():
            p = int(value)
        else:
            raise TypeError("a period must be an int, not %s" % type(value).__name__) from None
    if p < INT64_MIN or p > INT64_MAX:
        raise OutOfRangeError("period %d does not fit in int64_t" % p)
    return p


def status_message(status: int) -> str:
    return decode(_lib.get().rubric_status_string(status))


def raise_for(status: int, function: str, message: Optional[str] = None) -> None:
    """Raises the RubricError subclass of a failed status (does nothing for RUBRIC_OK)."""
    if status == OK:
        return
    raise make_error(status, message or status_message(status), function)


def read_diagnostics(handle) -> Tuple[List[Diagnostic], str]:
    """The diagnostics of a rubric_diagnostics handle, and their rendering. Does not free
    the handle."""
    lib = _lib.get()
    if not handle:
        return [], ""
    out: List[Diagnostic] = []
    for i in range(lib.rubric_diagnostics_count(handle)):
        out.append(Diagnostic(
            severity=_SEVERITIES.get(lib.rubric_diagnostic_severity(handle, i), "error"),
            code=decode(lib.rubric_diagnostic_code(handle, i)),
            message=decode(lib.rubric_diagnostic_message(handle, i)),
            hint=decode(lib.rubric_diagnostic_hint(handle, i)),
            file=decode(lib.rubric_diagnostic_file(handle, i)),
            line=int(lib.rubric_diagnostic_line(handle, i)),
            column=int(lib.rubric_diagnostic_column(handle, i)),
            offset=int(lib.rubric_diagnostic_offset(handle, i)),
        ))
    return out, decode(lib.rubric_diagnostics_render(handle))


class Options:
    """A rubric_options handle for one call (a context manager)."""

    def __init__(self, **values):
        self._lib = _lib.get()
        self.handle = _lib.OptionsP()
        raise_for(self._lib.rubric_options_create(ctypes.byref(self.handle)),
                  "rubric_options_create")
        try:
            for key, value in values.items():
                if value is None:
                    continue
                if isinstance(value, bool) or not isinstance(value, (int, str)):
                    raise TypeError("option %s must be str or int, not %s"
                                    % (key, type(value).__name__))
                if isinstance(value, int):
                    if not INT64_MIN <= value <= INT64_MAX:
                        raise InvalidArgumentError("option %s=%d does not fit in int64_t"
                                                   % (key, value))
                    status = self._lib.rubric_options_set_int(self.handle, key.encode(), value)
                    function = "rubric_options_set_int"
                else:
                    status = self._lib.rubric_options_set_string(
                        self.handle, key.encode(), encode(value, key))
                    function = "rubric_options_set_string"
                raise_for(status, function, "option %s=%r: %s"
                          % (key, value, status_message(status)) if status else None)
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        if self.handle:
            self._lib.rubric_options_free(self.handle)
            self.handle = _lib.OptionsP()

    def __enter__(self) -> "Options":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class _InUse:
    """The handle of an :class:`OwnedHandle` for the duration of one call: ``with
    owner._use() as handle:``. close() waits until every call in flight has left."""

    __slots__ = ("_owner",)

    def __init__(self, owner: "OwnedHandle"):
        self._owner = owner

    def __enter__(self):
        owner = self._owner
        with owner._lock:
            handle = owner._handle
            if not handle:
                raise ClosedError("the %s is closed" % owner._noun)
            owner._calls += 1
        return handle

    def __exit__(self, *exc) -> None:
        owner = self._owner
        with owner._lock:
            owner._calls -= 1
            if owner._calls == 0:
                owner._idle.notify_all()


class OwnedHandle:
    """A C handle this object owns: freed once, by close(), ``with`` or garbage collection.

    Every C call on the handle runs inside ``with self._use() as handle:``, which counts
    it as in flight. close() makes later calls raise ClosedError, waits for the calls in
    flight (other threads may be in the middle of one), then frees the handle: a handle is
    never freed under a running call. Subclasses call :meth:`_own` first and set ``_noun``
    (for messages)."""

    _noun = "handle"
    _handle = None

    def _own(self, handle, free) -> None:
        """Takes ownership of ``handle`` (a ctypes pointer, possibly NULL for now), freed
        with ``free``."""
        self._lock = threading.Lock()
        self._idle = threading.Condition(self._lock)
        self._calls = 0
        self._free = free
        self._handle = handle

    @property
    def closed(self) -> bool:
        return not self._handle

    def _use(self) -> _InUse:
        """``with self._use() as handle:`` around every C call (ClosedError when closed)."""
        return _InUse(self)

    def close(self) -> None:
        """Frees the C handle (idempotent). Calls in flight in other threads finish
        first; later calls raise ClosedError."""
        lock = getattr(self, "_lock", None)
        if lock is None:  # the constructor failed before owning anything
            return
        with lock:
            handle = self._handle
            self._handle = type(handle)()
            while self._calls:
                self._idle.wait()
        if handle:
            self._free(handle)

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:
            pass
