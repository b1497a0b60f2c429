"""Python binding of rubric, an embeddable rules engine for standards-based scoring.

A thin layer over the stable C ABI (``capi/rubric.h``, ``librubric.so``) using only the
standard library (ctypes)::

    import rubric

    standard = rubric.Standard.from_file("examples/consortium/standard.rubric")
    with rubric.Session(standard) as session:
        session.load_csv("examples/consortium/cities.csv")
        row = session.find_row("C0001", 2024)
        print(session.total(row), session.grade(row))
        session.set(row, "p8_2_2", 40)          # incremental: only dependents recompute
        print(session.total(row), session.explain(row, "T8_2")["earned"])

Columnar reads (``session.totals()``, ``node_values``, ``grade_indices``, ``vetoed_flags``,
``scorable_flags``, ``input_values``) make one C call for many rows and give numpy arrays
when numpy is installed; ``session.to_frame()`` gives a pandas DataFrame when pandas is.

The library is found through ``RUBRIC_LIBRARY`` (a path to librubric.so), then
``librubric.so*`` next to this package, then the folder ``cmake --install`` recorded
(``rubric/_paths.py``) or pkg-config gives, then the system's search path; see
:func:`load_library`. It is loaded on first use, and its version is checked then.
"""

from ._errors import (AlreadyExistsError, ClosedError, CompileError, DataError, Diagnostic,
                      InternalError, InvalidArgumentError, InvalidUtf8Error, LibraryError,
                      NoMemoryError, NotFoundError, NotScorableError, OutOfRangeError,
                      RubricError, STATUS_NAMES, TypeMismatchError, VersionMismatchError)
from ._lib import (HEADER_VERSION, Library, library_candidates, load_library, open_library)
from .session import Session, missing_mask
from .standard import Input, Node, Output, Standard, Veto

__version__ = "0.6.0"

__all__ = [
    "AlreadyExistsError", "ClosedError", "CompileError", "DataError", "Diagnostic",
    "HEADER_VERSION", "Input", "InternalError", "InvalidArgumentError", "InvalidUtf8Error",
    "Library", "LibraryError", "NoMemoryError", "Node", "NotFoundError", "NotScorableError",
    "OutOfRangeError", "Output", "RubricError", "STATUS_NAMES", "Session", "Standard",
    "TypeMismatchError", "Veto", "VersionMismatchError", "library_candidates",
    "library_version", "load_library", "missing_mask", "open_library",
]


def library_version() -> str:
    """The version string of the loaded librubric (loading it if needed)."""
    return load_library().version_string
