"""docs/python.md against the package: every public name is described, and every signature
the page writes out (`name(arguments)` in inline code) is the code's own."""

import dataclasses
import inspect
import re
import sys
import unittest
from pathlib import Path

PYTHON_DIR = Path(__file__).resolve().parents[1]  # capi/python
REPO = PYTHON_DIR.parents[1]
if str(PYTHON_DIR) not in sys.path:
    sys.path.insert(0, str(PYTHON_DIR))

import rubric  # noqa: E402

DOC = REPO / "docs" / "python.md"


def inline_code(text):
    """The inline code spans of a Markdown text (code blocks left out), spaces collapsed."""
    text = re.sub(r"^```.*?^```", "", text, flags=re.S | re.M)
    return [" ".join(span.split()) for span in re.findall(r"`([^`]+)`", text)]


def public(cls):
    return [name for name, member in vars(cls).items()
            if not name.startswith("_") and (callable(member) or isinstance(
                member, (property, classmethod, staticmethod)))]


def signature(function):
    """The parameters as the page writes them: no annotations, no self or cls."""
    parameters = []
    star = False
    for p in inspect.signature(function).parameters.values():
        if p.name in ("self", "cls"):
            continue
        if p.kind == p.KEYWORD_ONLY and not star:
            parameters.append("*")
            star = True
        if p.kind == p.VAR_KEYWORD:
            parameters.append("**" + p.name)
        elif p.default is p.empty:
            parameters.append(p.name)
        else:
            parameters.append("%s=%r" % (p.name, p.default))
    return ", ".join(parameters)


class PythonDocsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.spans = inline_code(DOC.read_text(encoding="utf-8"))
        cls.words = set()
        for span in cls.spans:
            cls.words.update(re.findall(r"[A-Za-z_][A-Za-z_0-9]*", span))

    def test_every_public_name_is_described(self):
        names = set(rubric.__all__) | {"__version__"}
        for cls in (rubric.Standard, rubric.Session):
            names.update(public(cls))
        names.update({"closed", "diagnostics"})
        for cls in (rubric.Input, rubric.Node, rubric.Output, rubric.Veto, rubric.Diagnostic):
            names.update(f.name for f in dataclasses.fields(cls))
        names.update({"type_name", "is_error", "path", "version_string", "version_number",
                      "lib", "status", "status_name", "function", "message", "last_error",
                      "rendered", "errors"})
        missing = sorted(n for n in names if n not in self.words)
        self.assertEqual(missing, [], "docs/python.md does not name these")

    def test_written_signatures_are_the_codes(self):
        functions = {"load_library": rubric.load_library, "open_library": rubric.open_library,
                     "library_candidates": rubric.library_candidates,
                     "library_version": rubric.library_version,
                     "missing_mask": rubric.missing_mask, "Session": rubric.Session.__init__}
        for cls in (rubric.Standard, rubric.Session):
            for name in public(cls):
                member = vars(cls)[name]
                if isinstance(member, classmethod):
                    functions[name] = member.__func__
                elif callable(member):
                    functions[name] = member
        checked = 0
        for span in self.spans:
            for name, arguments in re.findall(r"([A-Za-z_][A-Za-z_0-9]*)\(([^()]*)\)", span):
                if name not in functions or not arguments:
                    continue  # a mention such as `to_frame()`, or not the package's
                expected = signature(functions[name])
                # A call with its arguments named by the parameters, or the signature.
                if arguments == expected or arguments.replace("'", '"') == \
                        expected.replace("'", '"'):
                    checked += 1
                    continue
                self.assertEqual(arguments, expected, "`%s(%s)` in docs/python.md" % (
                    name, arguments))
        self.assertGreater(checked, 40)


if __name__ == "__main__":
    unittest.main()
