"""rubric.Standard: a compiled evaluation standard."""

from __future__ import annotations

import ctypes
import json
import os
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Tuple, Union

from . import _lib
from ._errors import (ClosedError, CompileError, Diagnostic, NotFoundError, OutOfRangeError,
                      COMPILE_ERROR, NOT_FOUND, OK, OUT_OF_RANGE)
from ._util import OwnedHandle, Options, decode, encode, index, raise_for, read_diagnostics

TYPE_NAMES = ("bool", "number", "percent", "integer", "rank", "enum", "text")
KIND_NAMES = ("group", "indicator")


@dataclass(frozen=True)
class Input:
    """An input (observation point) of a standard.

    ``type`` is the type's name ("bool", "number", "percent", "integer", "rank", "enum"
    or "text"), ``type_code`` its RUBRIC_TYPE_* value; ``unit`` is "" when none;
    ``options`` lists an enum's option labels, lowest first (empty for other types).
    An Input can be given wherever an input is expected (as can its id or index).
    """

    index: int
    id: str
    label: str
    type: str
    type_code: int
    unit: str
    options: Tuple[str, ...]

    @property
    def type_name(self) -> str:
        return self.type


@dataclass(frozen=True)
class Node:
    """A group or indicator, in pre-order.

    ``kind`` is "group" or "indicator"; ``parent`` the parent's id (None at the top
    level) and ``parent_index`` its index; ``points`` the possible points, or None when
    the node has none (a free-form value).
    """

    index: int
    id: str
    label: str
    kind: str
    parent: Optional[str]
    parent_index: Optional[int]
    points: Optional[float]


@dataclass(frozen=True)
class Veto:
    """A veto (an item of the negative list)."""

    index: int
    id: str
    label: str


@dataclass(frozen=True)
class Output:
    """A let marked ``output let``: reported beside the nodes."""

    index: int
    id: str
    label: str


InputRef = Union[int, str, Input]
NodeRef = Union[int, str, Node]
OutputRef = Union[int, str, Output]


class Standard(OwnedHandle):
    """A compiled standard: immutable, and usable from any number of threads.

    Create one with :meth:`compile` (or :meth:`from_file`). It frees its C handle when it
    is closed (:meth:`close`, or the end of a ``with`` block) or garbage-collected.
    Sessions keep the standard they were created from alive.
    """

    _noun = "standard"

    def __init__(self, *args, **kwargs):
        raise TypeError("use Standard.compile(source) or Standard.from_file(path)")

    @classmethod
    def _wrap(cls, handle, diagnostics: List[Diagnostic], lib) -> "Standard":
        self = object.__new__(cls)
        self._lib = lib
        self._own(handle, lib.rubric_standard_free)
        self.diagnostics = diagnostics
        # Read the metadata now, while no other thread knows the handle, so that it stays
        # available after close() (sessions created from this standard outlive its handle
        # and look ids up here).
        self._id = decode(lib.rubric_standard_id(handle))
        self._title = decode(lib.rubric_standard_title(handle))
        self._version = decode(lib.rubric_standard_version(handle))
        self._content_hash = decode(lib.rubric_standard_content_hash(handle))
        self._inputs = _read_inputs(lib, handle)
        self._nodes = _read_nodes(lib, handle)
        self._vetoes = tuple(
            Veto(i, decode(lib.rubric_standard_veto_id(handle, i)),
                 decode(lib.rubric_standard_veto_label(handle, i)))
            for i in range(lib.rubric_standard_veto_count(handle)))
        self._grades = tuple(decode(lib.rubric_standard_grade_name(handle, i))
                             for i in range(lib.rubric_standard_grade_count(handle)))
        self._outputs = tuple(
            Output(i, decode(lib.rubric_standard_output_id(handle, i)),
                   decode(lib.rubric_standard_output_label(handle, i)))
            for i in range(lib.rubric_standard_output_count(handle)))
        self._weighted_groups = _read_weighted_groups(lib, handle)
        self._input_ids = {x.id: x for x in self._inputs}
        self._node_ids = {x.id: x for x in self._nodes}
        return self

    @classmethod
    def compile(cls, source: Union[str, bytes], file_name: str = "<input>",
                read_bases: bool = False, allow_any_base: bool = False) -> "Standard":
        """Compiles rubric source text.

        Args:
            source: the source (str, or UTF-8 bytes).
            file_name: the name shown in diagnostics.
            read_bases: for a variant (``extends BASE from "FILE"``), read its bases from
                files relative to ``file_name``; otherwise a variant is error E0109.
            allow_any_base: read bases from any path; otherwise an absolute path, or one
                that leaves the folder of ``file_name`` (its subfolders included, ``..``
                and symbolic links resolved), is error E0109.

        Returns:
            The Standard. Its ``diagnostics`` attribute holds the warnings, if any.

        Raises:
            CompileError: the source has errors; ``.diagnostics`` lists them (with
                severity, code, message, hint, file, line, column, offset) and
                ``.rendered`` is the library's rendering with source lines and carets.
        """
        data = encode(source, "source", nul_ok=True)
        return cls._compile("rubric_standard_compile", (data, len(data)), file_name,
                            file_name, read_bases, allow_any_base)

    @classmethod
    def from_file(cls, path: Union[str, os.PathLike], file_name: Optional[str] = None,
                  read_bases: bool = True, allow_any_base: bool = False) -> "Standard":
        """Compiles the rubric file at ``path``, read by the library
        (``rubric_standard_compile_file``): only a regular file within the source size
        limit; one that cannot be read raises CompileError with diagnostic E0009.

        Args:
            path: the file (str or os.PathLike).
            file_name: the file's name in diagnostics (default: ``path``).
            read_bases: read the bases of a variant from files relative to ``path``
                (default); False makes a variant error E0109.
            allow_any_base: as for :meth:`compile`: bases outside the folder of ``path``
                too.
        """
        name = os.fsdecode(os.fspath(path))
        return cls._compile("rubric_standard_compile_file", (encode(name, "path"),),
                            name if file_name is None else file_name, file_name, read_bases,
                            allow_any_base)

    @classmethod
    def _compile(cls, function: str, arguments: tuple, shown: str, file_name: Optional[str],
                 read_bases: bool, allow_any_base: bool) -> "Standard":
        """Calls ``function(&out, &diagnostics, *arguments, options)``, a compile function
        of the C ABI, and wraps the standard (CompileError, naming ``shown``, when the
        source has errors)."""
        lib = _lib.get()
        handle = _lib.StandardP()
        diagnostics = _lib.DiagnosticsP()
        with Options(file_name=file_name, read_bases=1 if read_bases else 0,
                     allow_any_base=1 if allow_any_base else 0) as options:
            status = getattr(lib, function)(ctypes.byref(handle), ctypes.byref(diagnostics),
                                            *arguments, options.handle)
        try:
            found, rendered = read_diagnostics(diagnostics)
        finally:
            lib.rubric_diagnostics_free(diagnostics)
        if status == COMPILE_ERROR:
            raise CompileError("%s has errors" % shown, status, function,
                               diagnostics=found, rendered=rendered)
        raise_for(status, function)
        return cls._wrap(handle, found, lib)

    # ---- lifetime: see OwnedHandle ----
    def close(self) -> None:
        """Frees the C handle (idempotent), once the calls in flight in other threads
        (``Session(standard)``, ``find_input``, ...) have finished. The metadata (id,
        inputs, nodes, ...) stays available, and sessions created from this standard keep
        working (the library keeps the compiled standard alive for them); only new
        sessions need an open standard: ``Session(standard)`` raises ClosedError."""
        OwnedHandle.close(self)


    # ---- inspection ----

    # The metadata below is read once, when the standard is compiled, and stays
    # available after close().

    @property
    def id(self) -> str:
        """The standard's id."""
        return self._id

    @property
    def title(self) -> str:
        """The standard's title ("" when none)."""
        return self._title

    @property
    def version(self) -> str:
        """The standard's declared version ("" when none)."""
        return self._version

    @property
    def content_hash(self) -> str:
        """What identifies the standard's meaning: "sha256:" and 64 hex digits, unchanged by
        formatting and comments, changed by any change of meaning (for audit trails)."""
        return self._content_hash

    @property
    def inputs(self) -> List[Input]:
        """The inputs, in declaration order (index i is input i)."""
        return list(self._inputs)

    @property
    def nodes(self) -> List[Node]:
        """The groups and indicators, in pre-order."""
        return list(self._nodes)

    @property
    def vetoes(self) -> List[Veto]:
        """The vetoes (the negative list), in declaration order."""
        return list(self._vetoes)

    @property
    def outputs(self) -> List[Output]:
        """The outputs (``output let``), in declaration order (index i is output i)."""
        return list(self._outputs)

    @property
    def weighted_groups(self) -> List[Dict[str, Any]]:
        """The groups that weigh their children (``aggregate``, ``weights``): dicts with
        "group", "aggregate", "method", "children" (ids), "weights" (when known at compile
        time: AHP, given) and "consistency" (per AHP matrix: "lambda_max", "ci", "ri",
        "cr")."""
        return [dict(g) for g in self._weighted_groups]

    def output(self, ref: OutputRef) -> Output:
        """The output for an id, index or Output; NotFoundError / OutOfRangeError else."""
        if isinstance(ref, Output):
            return ref
        if isinstance(ref, str):
            for output in self._outputs:
                if output.id == ref:
                    return output
            raise NotFoundError("unknown output '%s'" % ref, NOT_FOUND)
        i = index(ref, "output")
        if i >= len(self._outputs):
            raise OutOfRangeError("output %d is out of range (%d outputs)"
                                  % (i, len(self._outputs)), OUT_OF_RANGE)
        return self._outputs[i]

    @property
    def grades(self) -> List[str]:
        """The grade bands' names, highest first, as declared (a name may appear twice,
        e.g. for its ``otherwise`` and ``when vetoed`` bands); empty without grades."""
        return list(self._grades)

    def find_input(self, id: str) -> Optional[Input]:
        """The input with this id, or None."""
        key = encode(id, "input id")
        out = ctypes.c_size_t()
        try:
            with self._use() as handle:
                status = self._lib.rubric_standard_find_input(handle, key, ctypes.byref(out))
        except ClosedError:  # the metadata read at compile time
            return self._input_ids.get(id)
        if status == NOT_FOUND:
            return None
        raise_for(status, "rubric_standard_find_input")
        return self._inputs[out.value]

    def find_node(self, id: str) -> Optional[Node]:
        """The group or indicator with this id, or None."""
        key = encode(id, "node id")
        out = ctypes.c_size_t()
        try:
            with self._use() as handle:
                status = self._lib.rubric_standard_find_node(handle, key, ctypes.byref(out))
        except ClosedError:
            return self._node_ids.get(id)
        if status == NOT_FOUND:
            return None
        raise_for(status, "rubric_standard_find_node")
        return self._nodes[out.value]

    def input(self, ref: InputRef) -> Input:
        """The input for an id, index or Input; NotFoundError / OutOfRangeError else."""
        if isinstance(ref, Input):
            return ref
        if isinstance(ref, str):
            found = self.find_input(ref)
            if found is None:
                raise NotFoundError("unknown input '%s'" % ref, NOT_FOUND)
            return found
        i = index(ref, "input")
        inputs = self.inputs
        if i >= len(inputs):
            raise OutOfRangeError("input %d is out of range (%d inputs)" % (i, len(inputs)),
                                  OUT_OF_RANGE)
        return inputs[i]

    def node(self, ref: NodeRef) -> Node:
        """The node for an id, index or Node; NotFoundError / OutOfRangeError else."""
        if isinstance(ref, Node):
            return ref
        if isinstance(ref, str):
            found = self.find_node(ref)
            if found is None:
                raise NotFoundError("unknown node '%s'" % ref, NOT_FOUND)
            return found
        i = index(ref, "node")
        nodes = self.nodes
        if i >= len(nodes):
            raise OutOfRangeError("node %d is out of range (%d nodes)" % (i, len(nodes)),
                                  OUT_OF_RANGE)
        return nodes[i]

    def __repr__(self) -> str:
        return "<rubric.Standard %s %r version %r: %d inputs, %d nodes%s>" % (
            self.id, self.title, self.version, len(self._inputs), len(self._nodes),
            " (closed)" if self.closed else "")


def _read_inputs(lib, h) -> Tuple[Input, ...]:
    """The inputs of the standard handle ``h``."""
    inputs = []
    for i in range(lib.rubric_standard_input_count(h)):
        code = lib.rubric_standard_input_type(h, i)
        inputs.append(Input(
            index=i,
            id=decode(lib.rubric_standard_input_id(h, i)),
            label=decode(lib.rubric_standard_input_label(h, i)),
            type=TYPE_NAMES[code] if 0 <= code < len(TYPE_NAMES) else "type %d" % code,
            type_code=code,
            unit=decode(lib.rubric_standard_input_unit(h, i)),
            options=tuple(decode(lib.rubric_standard_input_option(h, i, k))
                          for k in range(lib.rubric_standard_input_option_count(h, i))),
        ))
    return tuple(inputs)


def _read_weighted_groups(lib, h) -> Tuple[Dict[str, Any], ...]:
    """The weighted groups of the standard handle ``h`` (rubric_standard_weighted_groups_json)."""
    out = ctypes.c_void_p()
    status = lib.rubric_standard_weighted_groups_json(h, ctypes.byref(out))
    try:
        raise_for(status, "rubric_standard_weighted_groups_json")
        text = ctypes.string_at(out.value) if out.value else b"[]"
    finally:
        if out.value:
            lib.rubric_string_free(out)
    return tuple(json.loads(text.decode("utf-8")))


def _read_nodes(lib, h) -> Tuple[Node, ...]:
    """The groups and indicators of the standard handle ``h``, in pre-order."""
    count = lib.rubric_standard_node_count(h)
    ids = [decode(lib.rubric_standard_node_id(h, i)) for i in range(count)]
    nodes = []
    for i in range(count):
        parent = ctypes.c_size_t()
        status = lib.rubric_standard_node_parent(h, i, ctypes.byref(parent))
        if status not in (OK, NOT_FOUND):
            raise_for(status, "rubric_standard_node_parent")
        points = ctypes.c_double()
        pstatus = lib.rubric_standard_node_points(h, i, ctypes.byref(points))
        if pstatus not in (OK, NOT_FOUND):
            raise_for(pstatus, "rubric_standard_node_points")
        kind = lib.rubric_standard_node_kind(h, i)
        nodes.append(Node(
            index=i,
            id=ids[i],
            label=decode(lib.rubric_standard_node_label(h, i)),
            kind=KIND_NAMES[kind] if 0 <= kind < len(KIND_NAMES) else "kind %d" % kind,
            parent=ids[parent.value] if status == OK else None,
            parent_index=parent.value if status == OK else None,
            points=points.value if pstatus == OK else None,
        ))
    return tuple(nodes)
