"""Exceptions and diagnostics of the rubric binding."""

from __future__ import annotations

from dataclasses import dataclass
from typing import List, Optional, Sequence

# Status codes of rubric.h (fixed for the whole major version).
OK = 0
INVALID_ARGUMENT = 1
NOT_FOUND = 2
ALREADY_EXISTS = 3
OUT_OF_RANGE = 4
TYPE_MISMATCH = 5
INVALID_UTF8 = 6
COMPILE_ERROR = 7
DATA_ERROR = 8
NOT_SCORABLE = 9
NO_MEMORY = 10
VERSION_MISMATCH = 11
INTERNAL = 12

STATUS_NAMES = {
    OK: "RUBRIC_OK",
    INVALID_ARGUMENT: "RUBRIC_INVALID_ARGUMENT",
    NOT_FOUND: "RUBRIC_NOT_FOUND",
    ALREADY_EXISTS: "RUBRIC_ALREADY_EXISTS",
    OUT_OF_RANGE: "RUBRIC_OUT_OF_RANGE",
    TYPE_MISMATCH: "RUBRIC_TYPE_MISMATCH",
    INVALID_UTF8: "RUBRIC_INVALID_UTF8",
    COMPILE_ERROR: "RUBRIC_COMPILE_ERROR",
    DATA_ERROR: "RUBRIC_DATA_ERROR",
    NOT_SCORABLE: "RUBRIC_NOT_SCORABLE",
    NO_MEMORY: "RUBRIC_NO_MEMORY",
    VERSION_MISMATCH: "RUBRIC_VERSION_MISMATCH",
    INTERNAL: "RUBRIC_INTERNAL",
}


class RubricError(Exception):
    """Base class of every error raised by the binding.

    Attributes:
        status: the rubric_status code (an int, see ``STATUS_NAMES``), or None for
            errors detected by the binding itself before calling the library.
        status_name: e.g. ``"RUBRIC_NOT_FOUND"`` (None when ``status`` is None).
        message: the library's message for this failure (the session's
            ``rubric_session_last_error`` when there is one), else a description
            made by the binding.
        function: the C function that failed, when there is one.
    """

    def __init__(self, message: str = "", status: Optional[int] = None,
                 function: Optional[str] = None):
        self.status = status
        self.message = message
        self.function = function
        super().__init__(self._format())

    @property
    def status_name(self) -> Optional[str]:
        if self.status is None:
            return None
        return STATUS_NAMES.get(self.status, "status %d" % self.status)

    # Kept for symmetry with the C ABI's vocabulary.
    @property
    def last_error(self) -> str:
        return self.message

    def _format(self) -> str:
        text = self.message or ""
        if self.status is not None:
            text = "%s (%s)" % (text, self.status_name) if text else self.status_name
        if self.function:
            text = "%s: %s" % (self.function, text)
        return text


class LibraryError(RubricError, OSError):
    """librubric could not be found or loaded, or lacks a function the binding needs."""


class VersionMismatchError(LibraryError):
    """The loaded librubric has another major version (or an older minor) than the
    binding was written for (RUBRIC_VERSION_MISMATCH)."""


class InvalidArgumentError(RubricError, ValueError):
    """RUBRIC_INVALID_ARGUMENT: a bad argument, key or value."""


class NotFoundError(RubricError, LookupError):
    """RUBRIC_NOT_FOUND: an unknown id, entity/period, or a result that does not exist."""


class AlreadyExistsError(RubricError):
    """RUBRIC_ALREADY_EXISTS: a duplicate (entity, period) row."""


class OutOfRangeError(RubricError, IndexError):
    """RUBRIC_OUT_OF_RANGE: an index past the end, or a row that is not live."""


class TypeMismatchError(RubricError, TypeError):
    """RUBRIC_TYPE_MISMATCH: a value of the wrong kind for the input."""


class InvalidUtf8Error(RubricError, ValueError):
    """RUBRIC_INVALID_UTF8: a string that is not valid UTF-8."""


class NotScorableError(RubricError):
    """RUBRIC_NOT_SCORABLE: the row has no results (a required input is missing)."""


class NoMemoryError(RubricError, MemoryError):
    """RUBRIC_NO_MEMORY."""


class InternalError(RubricError):
    """RUBRIC_INTERNAL: a bug in rubric."""


class ClosedError(RubricError, ValueError):
    """The handle (Standard or Session) was closed."""


@dataclass(frozen=True)
class Diagnostic:
    """One diagnostic of the compiler or the CSV loader."""

    severity: str  # "error", "warning" or "note"
    code: str  # stable code, e.g. "E0101"
    message: str
    hint: str  # "" when none
    file: str
    line: int  # 1-based; 0 when there is none
    column: int  # 1-based, in code points; 0 when there is none
    offset: int  # byte offset in the source

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def __str__(self) -> str:
        where = self.file or ""
        if self.line:
            where += ":%d" % self.line
            if self.column:
                where += ":%d" % self.column
        text = "%s: %s: %s" % (where, self.severity, self.message) if where else \
            "%s: %s" % (self.severity, self.message)
        if self.code:
            text += " [%s]" % self.code
        return text


class _DiagnosticsError(RubricError):
    def __init__(self, message: str, status: Optional[int] = None,
                 function: Optional[str] = None,
                 diagnostics: Sequence[Diagnostic] = (), rendered: str = ""):
        self.diagnostics: List[Diagnostic] = list(diagnostics)
        self.rendered = rendered
        first = next((d for d in self.diagnostics if d.is_error), None)
        if first is not None:
            message = "%s: %s" % (message, first)
        super().__init__(message, status, function)

    @property
    def errors(self) -> List[Diagnostic]:
        """The diagnostics of severity "error"."""
        return [d for d in self.diagnostics if d.is_error]


class CompileError(_DiagnosticsError):
    """RUBRIC_COMPILE_ERROR: the standard has errors.

    ``diagnostics`` lists every diagnostic (errors and warnings, as
    :class:`Diagnostic`), ``rendered`` is the library's rendering (with source lines
    and carets).
    """


class DataError(_DiagnosticsError):
    """RUBRIC_DATA_ERROR: the data have errors (``diagnostics``, ``rendered``)."""


_BY_STATUS = {
    INVALID_ARGUMENT: InvalidArgumentError,
    NOT_FOUND: NotFoundError,
    ALREADY_EXISTS: AlreadyExistsError,
    OUT_OF_RANGE: OutOfRangeError,
    TYPE_MISMATCH: TypeMismatchError,
    INVALID_UTF8: InvalidUtf8Error,
    COMPILE_ERROR: CompileError,
    DATA_ERROR: DataError,
    NOT_SCORABLE: NotScorableError,
    NO_MEMORY: NoMemoryError,
    VERSION_MISMATCH: VersionMismatchError,
    INTERNAL: InternalError,
}


def error_class(status: int) -> type:
    """The exception class for a rubric_status code."""
    return _BY_STATUS.get(status, RubricError)


def make_error(status: int, message: str, function: Optional[str] = None) -> RubricError:
    """An exception instance for a failed status."""
    return error_class(status)(message, status, function)
