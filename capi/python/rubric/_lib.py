"""Finding and loading librubric.so, and the ctypes prototypes of the C ABI (rubric.h).

Every function the binding calls has its argtypes and restype declared here; nothing
relies on ctypes' defaults (int arguments and an int result).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import glob
import os
import shutil
import subprocess
import threading
from ctypes import (POINTER, c_char_p, c_double, c_int, c_int64, c_size_t, c_ubyte,
                    c_uint, c_uint8, c_uint64, c_void_p)
from typing import List, Optional

from ._errors import LibraryError, VersionMismatchError, VERSION_MISMATCH

# The version of rubric.h this binding was written against (RUBRIC_VERSION_NUMBER).
HEADER_VERSION_MAJOR = 0
HEADER_VERSION_MINOR = 6
HEADER_VERSION_PATCH = 0
HEADER_VERSION = HEADER_VERSION_MAJOR * 10000 + HEADER_VERSION_MINOR * 100 + HEADER_VERSION_PATCH

ENV_VAR = "RUBRIC_LIBRARY"


# Opaque handle types: distinct pointer types, so that ctypes refuses a session where a
# standard is expected.
class rubric_options(ctypes.Structure):
    _fields_: list = []


class rubric_diagnostics(ctypes.Structure):
    _fields_: list = []


class rubric_standard(ctypes.Structure):
    _fields_: list = []


class rubric_session(ctypes.Structure):
    _fields_: list = []


OptionsP = POINTER(rubric_options)
DiagnosticsP = POINTER(rubric_diagnostics)
StandardP = POINTER(rubric_standard)
SessionP = POINTER(rubric_session)

_size_p = POINTER(c_size_t)

# name: (restype, argtypes). Strings the caller must free come back through char** and are
# declared as POINTER(c_void_p), so that the exact pointer can be given to
# rubric_string_free; borrowed strings are c_char_p (copied to bytes by ctypes).
PROTOTYPES = {
    # version and status
    "rubric_version_number": (c_uint, []),
    "rubric_version_string": (c_char_p, []),
    "rubric_check_version": (c_int, [c_uint]),
    "rubric_status_string": (c_char_p, [c_int]),
    "rubric_string_free": (None, [c_void_p]),
    # options
    "rubric_options_create": (c_int, [POINTER(OptionsP)]),
    "rubric_options_free": (None, [OptionsP]),
    "rubric_options_set_string": (c_int, [OptionsP, c_char_p, c_char_p]),
    "rubric_options_set_int": (c_int, [OptionsP, c_char_p, c_int64]),
    # diagnostics
    "rubric_diagnostics_count": (c_size_t, [DiagnosticsP]),
    "rubric_diagnostics_error_count": (c_size_t, [DiagnosticsP]),
    "rubric_diagnostic_severity": (c_int, [DiagnosticsP, c_size_t]),
    "rubric_diagnostic_code": (c_char_p, [DiagnosticsP, c_size_t]),
    "rubric_diagnostic_message": (c_char_p, [DiagnosticsP, c_size_t]),
    "rubric_diagnostic_hint": (c_char_p, [DiagnosticsP, c_size_t]),
    "rubric_diagnostic_file": (c_char_p, [DiagnosticsP, c_size_t]),
    "rubric_diagnostic_line": (c_int, [DiagnosticsP, c_size_t]),
    "rubric_diagnostic_column": (c_int, [DiagnosticsP, c_size_t]),
    "rubric_diagnostic_offset": (c_size_t, [DiagnosticsP, c_size_t]),
    "rubric_diagnostics_render": (c_char_p, [DiagnosticsP]),
    "rubric_diagnostics_free": (None, [DiagnosticsP]),
    # standard
    "rubric_standard_compile": (c_int, [POINTER(StandardP), POINTER(DiagnosticsP), c_char_p,
                                        c_size_t, OptionsP]),
    "rubric_standard_compile_file": (c_int, [POINTER(StandardP), POINTER(DiagnosticsP),
                                             c_char_p, OptionsP]),
    "rubric_standard_free": (None, [StandardP]),
    "rubric_standard_id": (c_char_p, [StandardP]),
    "rubric_standard_title": (c_char_p, [StandardP]),
    "rubric_standard_version": (c_char_p, [StandardP]),
    "rubric_standard_content_hash": (c_char_p, [StandardP]),
    "rubric_standard_input_count": (c_size_t, [StandardP]),
    "rubric_standard_find_input": (c_int, [StandardP, c_char_p, _size_p]),
    "rubric_standard_input_id": (c_char_p, [StandardP, c_size_t]),
    "rubric_standard_input_label": (c_char_p, [StandardP, c_size_t]),
    "rubric_standard_input_type": (c_int, [StandardP, c_size_t]),
    "rubric_standard_input_unit": (c_char_p, [StandardP, c_size_t]),
    "rubric_standard_input_option_count": (c_size_t, [StandardP, c_size_t]),
    "rubric_standard_input_option": (c_char_p, [StandardP, c_size_t, c_size_t]),
    "rubric_standard_node_count": (c_size_t, [StandardP]),
    "rubric_standard_find_node": (c_int, [StandardP, c_char_p, _size_p]),
    "rubric_standard_node_id": (c_char_p, [StandardP, c_size_t]),
    "rubric_standard_node_label": (c_char_p, [StandardP, c_size_t]),
    "rubric_standard_node_kind": (c_int, [StandardP, c_size_t]),
    "rubric_standard_node_parent": (c_int, [StandardP, c_size_t, _size_p]),
    "rubric_standard_node_points": (c_int, [StandardP, c_size_t, POINTER(c_double)]),
    "rubric_standard_output_count": (c_size_t, [StandardP]),
    "rubric_standard_output_id": (c_char_p, [StandardP, c_size_t]),
    "rubric_standard_output_label": (c_char_p, [StandardP, c_size_t]),
    "rubric_standard_weighted_groups_json": (c_int, [StandardP, POINTER(c_void_p)]),
    "rubric_standard_veto_count": (c_size_t, [StandardP]),
    "rubric_standard_veto_id": (c_char_p, [StandardP, c_size_t]),
    "rubric_standard_veto_label": (c_char_p, [StandardP, c_size_t]),
    "rubric_standard_grade_count": (c_size_t, [StandardP]),
    "rubric_standard_grade_name": (c_char_p, [StandardP, c_size_t]),
    # session
    "rubric_session_create": (c_int, [POINTER(SessionP), StandardP]),
    "rubric_session_free": (None, [SessionP]),
    "rubric_session_last_error": (c_char_p, [SessionP]),
    "rubric_session_add_row": (c_int, [SessionP, c_char_p, c_int64, _size_p]),
    "rubric_session_find_row": (c_int, [SessionP, c_char_p, c_int64, _size_p]),
    "rubric_session_remove_row": (c_int, [SessionP, c_size_t]),
    "rubric_session_row_live": (c_int, [SessionP, c_size_t, POINTER(c_int)]),
    "rubric_session_row_count": (c_size_t, [SessionP]),
    "rubric_session_row_entity": (c_int, [SessionP, c_size_t, POINTER(c_char_p)]),
    "rubric_session_row_period": (c_int, [SessionP, c_size_t, POINTER(c_int64)]),
    "rubric_session_set_number": (c_int, [SessionP, c_size_t, c_size_t, c_double]),
    "rubric_session_set_option": (c_int, [SessionP, c_size_t, c_size_t, c_size_t]),
    "rubric_session_set_text": (c_int, [SessionP, c_size_t, c_size_t, c_char_p]),
    "rubric_session_set_string": (c_int, [SessionP, c_size_t, c_size_t, c_char_p]),
    "rubric_session_clear": (c_int, [SessionP, c_size_t, c_size_t]),
    "rubric_session_set_numbers": (c_int, [SessionP, c_size_t, _size_p, POINTER(c_double),
                                           POINTER(c_ubyte), c_size_t]),
    "rubric_session_get_value": (c_int, [SessionP, c_size_t, c_size_t, POINTER(c_double),
                                         POINTER(c_int)]),
    "rubric_session_load_csv": (c_int, [SessionP, POINTER(DiagnosticsP), c_char_p, c_size_t,
                                        OptionsP]),
    "rubric_session_load_csv_file": (c_int, [SessionP, POINTER(DiagnosticsP), c_char_p,
                                             OptionsP]),
    "rubric_session_evaluate": (c_int, [SessionP]),
    "rubric_session_total": (c_int, [SessionP, c_size_t, POINTER(c_double)]),
    "rubric_session_node_value": (c_int, [SessionP, c_size_t, c_size_t, POINTER(c_double)]),
    "rubric_session_grade": (c_int, [SessionP, c_size_t, POINTER(c_char_p)]),
    "rubric_session_scorable": (c_int, [SessionP, c_size_t, POINTER(c_int)]),
    "rubric_session_vetoed": (c_int, [SessionP, c_size_t, POINTER(c_int)]),
    "rubric_session_fired_veto_count": (c_int, [SessionP, c_size_t, _size_p]),
    "rubric_session_fired_veto": (c_int, [SessionP, c_size_t, c_size_t, _size_p]),
    "rubric_session_explain_json": (c_int, [SessionP, c_size_t, c_char_p, POINTER(c_void_p)]),
    "rubric_session_ops": (c_uint64, [SessionP]),
    "rubric_value_is_missing": (c_int, [c_double]),
    "rubric_session_missing_reason": (c_int, [SessionP, c_size_t, POINTER(c_void_p)]),
    "rubric_session_imputations_json": (c_int, [SessionP, c_size_t, POINTER(c_void_p)]),
    "rubric_session_attribute_json": (c_int, [SessionP, c_char_p, POINTER(c_void_p)]),
    "rubric_session_sensitivity_json": (c_int, [SessionP, c_char_p, POINTER(c_void_p)]),
    # a sweep in blocks of runs (0.6.0)
    "rubric_session_sensitivity_runs": (c_int, [SessionP, c_char_p, c_size_t, c_size_t,
                                                POINTER(c_void_p), POINTER(c_size_t)]),
    "rubric_session_sensitivity_merge_json": (c_int, [SessionP, c_char_p, POINTER(c_char_p),
                                                      POINTER(c_size_t), c_size_t,
                                                      POINTER(c_void_p)]),
    "rubric_session_goal_json": (c_int, [SessionP, c_size_t, c_char_p, POINTER(c_void_p)]),
    "rubric_session_output_value": (c_int, [SessionP, c_size_t, c_size_t, POINTER(c_double)]),
    "rubric_session_output_text": (c_int, [SessionP, c_size_t, c_size_t, POINTER(c_void_p)]),
    # columnar results (0.4.0): the binding passes ctypes arrays or numpy buffers cast to
    # these pointer types
    "rubric_session_totals": (c_int, [SessionP, _size_p, c_size_t, POINTER(c_double)]),
    "rubric_session_node_values": (c_int, [SessionP, c_size_t, _size_p, c_size_t,
                                           POINTER(c_double)]),
    "rubric_session_grades": (c_int, [SessionP, _size_p, c_size_t, POINTER(c_int)]),
    "rubric_session_vetoed_flags": (c_int, [SessionP, _size_p, c_size_t, POINTER(c_uint8)]),
    "rubric_session_scorable_flags": (c_int, [SessionP, _size_p, c_size_t, POINTER(c_uint8)]),
    "rubric_session_input_values": (c_int, [SessionP, _size_p, c_size_t, _size_p, c_size_t,
                                            POINTER(c_double), POINTER(c_uint8)]),
}


class Library:
    """A loaded librubric: ``lib`` is the ctypes.CDLL with every prototype declared."""

    def __init__(self, lib: ctypes.CDLL, path: str):
        self.lib = lib
        self.path = path
        self.version_number = int(lib.rubric_version_number())
        self.version_string = (lib.rubric_version_string() or b"").decode("utf-8", "replace")

    def __getattr__(self, name: str):
        # Only reached for names that are not attributes: the C functions.
        return getattr(self.lib, name)

    def __repr__(self) -> str:
        return "<rubric.Library %s at %r>" % (self.version_string, self.path)


def _package_dir() -> str:
    return os.path.dirname(os.path.abspath(__file__))


def _local_candidates() -> List[str]:
    """librubric.so* files next to the package (in rubric/, then in its parent)."""
    found: List[str] = []
    preferred = [
        "librubric.so.%d" % HEADER_VERSION_MAJOR,  # the SONAME of the supported major
        "librubric.so",
    ]
    for directory in (_package_dir(), os.path.dirname(_package_dir())):
        names = sorted(os.path.basename(p) for p in glob.glob(os.path.join(directory, "librubric.so*")))
        ordered = [n for n in preferred if n in names] + [n for n in names if n not in preferred]
        found.extend(os.path.join(directory, n) for n in ordered)
    return found


def _installed_candidates() -> List[str]:
    """librubric.so.MAJOR in the library folder of an installed rubric: the one recorded by
    ``cmake --install`` in ``rubric/_paths.py`` (present in the copy of the package that
    the install puts in PREFIX/share/rubric/python), then the one pkg-config gives for
    ``rubric`` (``pkg-config --variable=libdir rubric``), when either exists."""
    soname = "librubric.so.%d" % HEADER_VERSION_MAJOR
    folders: List[str] = []
    try:
        from . import _paths  # type: ignore[attr-defined]  # written by cmake --install
        folders.append(str(_paths.LIBDIR))
    except ImportError:
        pass
    pkg_config = shutil.which("pkg-config")
    if pkg_config:
        try:
            result = subprocess.run([pkg_config, "--variable=libdir", "rubric"],
                                    capture_output=True, text=True, timeout=10, check=False)
            if result.returncode == 0 and result.stdout.strip():
                folders.append(result.stdout.strip())
        except (OSError, subprocess.SubprocessError):
            pass
    found: List[str] = []
    for folder in folders:
        path = os.path.normpath(os.path.join(folder, soname))
        if os.path.exists(path) and path not in found:
            found.append(path)
    return found


def _system_candidates() -> List[str]:
    """Names for the dynamic loader's own search (LD_LIBRARY_PATH, ld.so.cache, ...)."""
    names = ["librubric.so.%d" % HEADER_VERSION_MAJOR]
    found = ctypes.util.find_library("rubric")
    if found and found not in names:
        names.append(found)
    return names


def library_candidates() -> List[str]:
    """The paths or names the binding would try, in order (see :func:`load_library`)."""
    env = os.environ.get(ENV_VAR)
    if env:
        return [env]
    return _local_candidates() + _installed_candidates() + _system_candidates()


def open_library(path: str) -> Library:
    """Loads the library at ``path`` (a path or a soname), checks its version and declares
    every prototype. Does not touch the cached library of :func:`load_library`.

    Raises:
        LibraryError: the file cannot be loaded or lacks a rubric function.
        VersionMismatchError: its major version differs from the binding's, or its minor
            version is older.
    """
    try:
        lib = ctypes.CDLL(path)
    except OSError as e:
        raise LibraryError("cannot load librubric from %r: %s" % (path, e)) from None

    # Check the version before declaring anything else: another major version may not
    # have the same functions.
    try:
        version_number = lib.rubric_version_number
        version_string = lib.rubric_version_string
        check_version = lib.rubric_check_version
    except AttributeError:
        raise LibraryError("%r is not librubric: it has no rubric_version_number, "
                           "rubric_version_string and rubric_check_version" % path) from None
    version_number.argtypes, version_number.restype = [], c_uint
    version_string.argtypes, version_string.restype = [], c_char_p
    check_version.argtypes, check_version.restype = [c_uint], c_int
    number = int(version_number())
    text = (version_string() or b"?").decode("utf-8", "replace")
    status = int(check_version(HEADER_VERSION))
    if number // 10000 != HEADER_VERSION_MAJOR or status != 0:
        raise VersionMismatchError(
            "librubric %s at %r cannot serve this binding, written for the C ABI %d.%d.%d: "
            "the major versions must be equal and the library's minor version at least %d"
            % (text, path, HEADER_VERSION_MAJOR, HEADER_VERSION_MINOR, HEADER_VERSION_PATCH,
               HEADER_VERSION_MINOR),
            VERSION_MISMATCH if status != 0 else None, "rubric_check_version")

    for name, (restype, argtypes) in PROTOTYPES.items():
        try:
            function = getattr(lib, name)
        except AttributeError:
            raise LibraryError("librubric %s at %r lacks %s" % (text, path, name)) from None
        function.argtypes = argtypes
        function.restype = restype
    return Library(lib, path)


_lock = threading.Lock()
_loaded: Optional[Library] = None


def load_library(path: Optional[str] = None) -> Library:
    """Loads librubric once per process and returns it.

    With ``path`` None the library is searched, in order:

    1. the environment variable ``RUBRIC_LIBRARY`` (a path to librubric.so); when set,
       nothing else is tried;
    2. ``librubric.so*`` next to the package: in ``rubric/``, then in its parent
       directory (``librubric.so.0`` first, then ``librubric.so``, then others);
    3. an installed rubric: the library folder recorded by ``cmake --install`` in
       ``rubric/_paths.py`` (the package copy in PREFIX/share/rubric/python has it), then
       ``pkg-config --variable=libdir rubric``;
    4. the system: ``librubric.so.0`` through the dynamic loader's search path, then
       ``ctypes.util.find_library("rubric")``.

    Calling it again returns the library already loaded. Calling it with a ``path``
    other than the loaded one raises LibraryError.
    """
    global _loaded
    with _lock:
        if _loaded is not None:
            if path is not None and os.path.realpath(path) != os.path.realpath(_loaded.path):
                raise LibraryError("librubric is already loaded from %r; cannot load %r too"
                                   % (_loaded.path, path))
            return _loaded
        if path is not None:
            _loaded = open_library(path)
            return _loaded
        candidates = library_candidates()
        errors: List[str] = []
        for candidate in candidates:
            try:
                _loaded = open_library(candidate)
                return _loaded
            except VersionMismatchError:
                raise
            except LibraryError as e:
                if os.environ.get(ENV_VAR):
                    raise LibraryError("%s=%r: %s" % (ENV_VAR, candidate, e.message)) from None
                errors.append(e.message)
        raise LibraryError(
            "librubric not found. Set %s to the path of librubric.so, put librubric.so next "
            "to the rubric package, or install it where the dynamic loader finds it. Tried: %s"
            % (ENV_VAR, "; ".join(errors) if errors else ", ".join(candidates)))


def get() -> Library:
    """The loaded library, loading it on first use."""
    lib = _loaded
    return lib if lib is not None else load_library()
