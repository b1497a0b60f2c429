"""Tests of the Python binding over librubric's C ABI.

Run from capi/python:

    RUBRIC_LIBRARY=/path/to/librubric.so python3 -m unittest discover -s tests -v

Without RUBRIC_LIBRARY the tests use build/{release,ci,debug}/capi/librubric.so of this
checkout when one exists. When RUBRIC_CLI names the `rubric` executable, every total of
the consortium example is also compared with the CLI's CSV output.
"""

import csv
import ctypes
import gc
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
import unittest
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

PYTHON_DIR = Path(__file__).resolve().parents[1]  # capi/python
REPO = PYTHON_DIR.parents[1]  # the repository root
if str(PYTHON_DIR) not in sys.path:
    sys.path.insert(0, str(PYTHON_DIR))

import rubric  # noqa: E402
from rubric import _lib  # noqa: E402

CONSORTIUM = REPO / "examples" / "consortium"
HDI = REPO / "examples" / "hdi"
HEADER = REPO / "capi" / "rubric.h"
TOL = 1e-9

# From `rubric score examples/consortium/standard.rubric examples/consortium/cities.csv
# --format csv`: (entity, period) -> (total, grade, fired vetoes).
CONSORTIUM_EXPECTED = {
    ("C0001", 2023): (47.72219033923088, "不合格", []),
    ("C0001", 2024): (47.33426774313736, "不合格", []),
    ("C0001", 2025): (47.9398950303205, "不合格", []),
    ("C0002", 2025): (86.47899649093388, "良好", []),
    ("C0015", 2023): (84.16250799833621, "良好", []),
    ("C0018", 2024): (26.25087180116776, "不合格", ["T16_3"]),
    ("C0018", 2025): (31.63148781319183, "不合格", ["T16_4"]),
    ("C0020", 2025): (90.96701423613416, "优秀", []),
    ("C0026", 2024): (86.89456369001894, "不合格", ["T16_1"]),  # vetoed: 良好 by points
    ("C0030", 2024): (67.82125444677423, "合格", []),
}
# The ranking of 2025 (top 5) from the same output.
TOP_2025 = ["C0020", "C0027", "C0009", "C0002", "C0013"]
# `rubric whatif ... ` with C0001,2024,p8_2_2,40.
EDITED_TOTAL = 47.83081946727529


def default_library():
    for preset in ("release", "ci", "debug"):
        path = REPO / "build" / preset / "capi" / "librubric.so"
        if path.exists():
            return str(path)
    return None


def setUpModule():
    if not os.environ.get(_lib.ENV_VAR):
        found = default_library()
        if found:
            os.environ[_lib.ENV_VAR] = found
    rubric.load_library()


def read_text(path):
    return Path(path).read_text(encoding="utf-8")


def load_consortium(standard):
    session = rubric.Session(standard)
    warnings = session.load_csv(CONSORTIUM / "cities.csv")
    return session, warnings


def run_python(code, env_updates, cwd=None):
    env = dict(os.environ)
    env.pop(_lib.ENV_VAR, None)
    env.update(env_updates)
    return subprocess.run([sys.executable, "-c", code], env=env, cwd=cwd,
                          capture_output=True, text=True, timeout=60)


class TestLibrary(unittest.TestCase):
    def test_version(self):
        lib = rubric.load_library()
        self.assertIs(lib, rubric.load_library())
        self.assertEqual(lib.version_number // 10000, _lib.HEADER_VERSION_MAJOR)
        self.assertEqual(rubric.library_version(), lib.version_string)
        self.assertRegex(lib.version_string, r"^\d+\.\d+\.\d+")

    def test_loading_another_path_is_refused(self):
        with self.assertRaises(rubric.LibraryError):
            rubric.load_library("/nonexistent/librubric.so")

    def test_prototypes_match_header(self):
        """Every function of rubric.h has a prototype whose ctypes types are those of
        the header's C types, and the loaded library has them declared."""
        header = re.sub(r"/\*.*?\*/", " ", read_text(HEADER), flags=re.S)
        found = re.findall(r"^RUBRIC_API\s+([^;(]*?)\b(rubric_\w+)\s*\(([^)]*)\)\s*;",
                           header, flags=re.M)
        self.assertGreater(len(found), 60)
        handles = {"rubric_options": _lib.rubric_options,
                   "rubric_diagnostics": _lib.rubric_diagnostics,
                   "rubric_standard": _lib.rubric_standard,
                   "rubric_session": _lib.rubric_session}
        scalars = {"int": ctypes.c_int, "unsigned": ctypes.c_uint, "size_t": ctypes.c_size_t,
                   "int64_t": ctypes.c_int64, "uint64_t": ctypes.c_uint64,
                   "double": ctypes.c_double, "unsigned char": ctypes.c_ubyte,
                   "uint8_t": ctypes.c_uint8}

        def ctype(c):
            # (const char* const* is an array of borrowed strings, as const char**.)
            c = " ".join(c.replace("*", " * ").replace("const ", "").split())
            stars = c.count("*")
            base = c.replace("*", "").strip()
            if base == "void" and stars == 0:
                return None
            if base == "char":
                if stars == 1:
                    return ctypes.c_char_p
                # char** outputs: caller-owned (free with rubric_string_free) unless const
                return None if stars != 2 else "char**"
            t = handles.get(base) or scalars.get(base)
            self.assertIsNotNone(t, c)
            for _ in range(stars):
                t = ctypes.POINTER(t)
            return t

        lib = rubric.load_library().lib
        for ret, name, params in found:
            with self.subTest(function=name):
                self.assertIn(name, _lib.PROTOTYPES)
                restype, argtypes = _lib.PROTOTYPES[name]
                self.assertEqual(restype, ctype(ret))
                params = [] if params.strip() == "void" else \
                    [re.sub(r"\s*\b\w+$", "", p.strip()) for p in params.split(",")]
                self.assertEqual(len(argtypes), len(params))
                for declared, param in zip(argtypes, params):
                    expected = ctype(param)
                    if expected is ctypes.c_char_p and "const" not in param:
                        expected = ctypes.c_void_p  # a string handed back to rubric to free
                    if expected == "char**":
                        # const char** is borrowed (char* pointers copied by ctypes);
                        # char** is owned (kept as a void* to hand back to rubric).
                        expected = ctypes.POINTER(ctypes.c_char_p if "const" in param
                                                  else ctypes.c_void_p)
                    self.assertEqual(declared, expected, param)
                function = getattr(lib, name)
                self.assertEqual(function.argtypes, argtypes)
                self.assertEqual(function.restype, restype)
        self.assertEqual(sorted(n for _, n, _ in found), sorted(_lib.PROTOTYPES))

    def test_status_codes_match_header(self):
        header = read_text(HEADER)
        for code, name in rubric.STATUS_NAMES.items():
            match = re.search(r"\b%s = (\d+)" % name, header)
            self.assertIsNotNone(match, name)
            self.assertEqual(int(match.group(1)), code, name)

    def test_missing_library_is_a_clear_error(self):
        result = run_python(
            "import rubric\n"
            "try:\n"
            "    rubric.Standard.compile('standard t { }')\n"
            "except rubric.LibraryError as e:\n"
            "    print('LibraryError:', e)\n",
            {_lib.ENV_VAR: "/nonexistent/librubric.so", "PYTHONPATH": str(PYTHON_DIR)})
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("LibraryError", result.stdout)
        self.assertIn("RUBRIC_LIBRARY", result.stdout)
        self.assertIn("/nonexistent/librubric.so", result.stdout)

    def test_library_next_to_the_package_is_found(self):
        real = os.path.realpath(os.environ[_lib.ENV_VAR])
        with tempfile.TemporaryDirectory() as tmp:
            shutil.copytree(PYTHON_DIR / "rubric", Path(tmp) / "rubric",
                            ignore=shutil.ignore_patterns("__pycache__", "librubric.so*"))
            os.symlink(real, Path(tmp) / "rubric" / "librubric.so")
            result = run_python("import rubric; print(rubric.load_library().path)",
                                {"PYTHONPATH": tmp, "LD_LIBRARY_PATH": ""}, cwd=tmp)
            self.assertEqual(result.returncode, 0, result.stderr)
            self.assertEqual(result.stdout.strip(), str(Path(tmp) / "rubric" / "librubric.so"))

    def _build_fake(self, tmp, body):
        compiler = shutil.which("cc") or shutil.which("gcc") or shutil.which("clang")
        if compiler is None:
            self.skipTest("no C compiler")
        source = Path(tmp) / "fake.c"
        source.write_text(body)
        output = Path(tmp) / "librubric.so"
        subprocess.run([compiler, "-shared", "-fPIC", "-o", str(output), str(source)],
                       check=True, capture_output=True)
        return str(output)

    def test_other_major_version_is_refused(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = self._build_fake(tmp, textwrap.dedent("""\
                unsigned rubric_version_number(void) { return 10000; }
                const char* rubric_version_string(void) { return "1.0.0"; }
                int rubric_check_version(unsigned v) { return v / 10000 == 1 ? 0 : 11; }
                """))
            with self.assertRaises(rubric.VersionMismatchError) as caught:
                _lib.open_library(path)
            self.assertIn("1.0.0", str(caught.exception))
            self.assertEqual(caught.exception.status, 11)

    def test_library_without_rubric_functions_is_refused(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = self._build_fake(tmp, "int something_else(void) { return 0; }\n")
            with self.assertRaises(rubric.LibraryError) as caught:
                _lib.open_library(path)
            self.assertNotIsInstance(caught.exception, rubric.VersionMismatchError)
            self.assertIn("not librubric", str(caught.exception))


class TestStandard(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.standard = rubric.Standard.from_file(CONSORTIUM / "standard.rubric")

    @classmethod
    def tearDownClass(cls):
        cls.standard.close()

    def test_metadata(self):
        s = self.standard
        self.assertEqual(s.id, "consortium")
        self.assertEqual(s.title, "市域产教联合体建设标准（试行）")
        self.assertEqual(s.version, "2023-trial")
        self.assertEqual(s.diagnostics, [])
        self.assertEqual(len(s.inputs), 128)
        self.assertEqual(len(s.nodes), 3 + 16 + 44)
        self.assertEqual(s.grades, ["优秀", "良好", "合格", "不合格", "不合格"])
        self.assertEqual([v.id for v in s.vetoes],
                         ["T16_1", "T16_2", "T16_3", "T16_4", "T16_5", "T16_6"])

    def test_content_hash(self):
        # The bundled standard's hash, pinned: the same in every binding, and unchanged by
        # comments and layout (docs/audit.md).
        self.assertEqual(self.standard.content_hash, "sha256:44fe5396cc7d19fe5a2f6307ffd52c2a46d20e7ede04f135366b83c37c5a2f58")
        text = read_text(CONSORTIUM / "standard.rubric")
        with rubric.Standard.compile("// 注释\n" + text.replace("  ", "    ")) as relaid:
            self.assertEqual(relaid.content_hash, self.standard.content_hash)
        with rubric.Standard.compile(text.replace("优秀 >= 90", "优秀 >= 91")) as changed:
            self.assertNotEqual(changed.content_hash, self.standard.content_hash)

    def test_variant_from_file_reads_its_base(self):
        with rubric.Standard.from_file(CONSORTIUM / "jiangsu.rubric") as jiangsu:
            self.assertEqual(jiangsu.id, "jiangsu")
            self.assertIsNone(jiangsu.find_input("p1_2_1"))
            self.assertIsNotNone(jiangsu.find_input("n16_7"))
        source = (CONSORTIUM / "jiangsu.rubric").read_text(encoding="utf-8")
        with self.assertRaises(rubric.CompileError) as raised:
            rubric.Standard.compile(source, "jiangsu.rubric")
        self.assertEqual(raised.exception.diagnostics[0].code, "E0109")

    def test_inputs(self):
        s = self.standard
        p = s.find_input("p2_1_1")
        self.assertEqual((p.type, p.type_name, p.type_code), ("enum", "enum", 5))
        self.assertEqual(p.options, ("其他", "省级", "国家级"))
        self.assertEqual(p.label, "2.1.1 产业园区等级：国家级、省级")
        a = s.find_input("p2_1_2a")
        self.assertEqual((a.type, a.unit, a.options), ("number", "亿元", ()))
        self.assertEqual(s.find_input("p2_1_2b").type, "rank")
        self.assertEqual(s.find_input("p2_2_1a").type, "text")
        self.assertEqual(s.find_input("p1_1_1").type, "bool")
        self.assertIsNone(s.find_input("nope"))
        for i, item in enumerate(s.inputs):
            self.assertEqual(item.index, i)
            self.assertIs(s.find_input(item.id), item)

    def test_nodes(self):
        s = self.standard
        g1, i1, t1_1 = s.nodes[:3]
        self.assertEqual((g1.id, g1.kind, g1.parent, g1.parent_index, g1.points),
                         ("G1", "group", None, None, 20.0))
        self.assertEqual((i1.id, i1.parent, i1.points), ("I1", "G1", 4.0))
        self.assertEqual((t1_1.id, t1_1.kind, t1_1.parent, t1_1.label, t1_1.points),
                         ("T1_1", "indicator", "I1", "1.1 省级", 2.0))
        self.assertEqual(sum(n.points for n in s.nodes if n.parent is None), 100.0)
        self.assertIsNone(s.find_node("nope"))
        self.assertEqual(s.find_node("T16_3").parent, "I16")
        with self.assertRaises(rubric.NotFoundError):
            s.node("nope")
        with self.assertRaises(rubric.OutOfRangeError):
            s.node(len(s.nodes))

    def test_standard_without_points(self):
        with rubric.Standard.from_file(HDI / "hdi.rubric") as hdi:
            self.assertEqual([n.points for n in hdi.nodes], [None] * 5)
            self.assertEqual(hdi.grades, [])
            self.assertEqual(hdi.vetoes, [])
            self.assertEqual(hdi.find_node("eys_index").parent, "education")

    def test_close_keeps_metadata(self):
        s = rubric.Standard.compile(read_text(CONSORTIUM / "standard.rubric"))
        s.close()
        s.close()  # idempotent
        self.assertTrue(s.closed)
        self.assertEqual(s.id, "consortium")
        self.assertEqual(s.find_input("p1_1_1").index, 0)
        with self.assertRaises(rubric.ClosedError):
            rubric.Session(s)

    def test_constructor_is_not_public(self):
        with self.assertRaises(TypeError):
            rubric.Standard()


class TestCompileErrors(unittest.TestCase):
    def test_unknown_name(self):
        source = textwrap.dedent("""\
            standard t "T" {
              input a : number
              indicator i points 10 { score a / 10 + c }
            }
            """)
        with self.assertRaises(rubric.CompileError) as caught:
            rubric.Standard.compile(source, file_name="t.rubric")
        e = caught.exception
        self.assertIsInstance(e, rubric.RubricError)
        self.assertEqual(e.status, 7)
        self.assertEqual(e.status_name, "RUBRIC_COMPILE_ERROR")
        self.assertEqual(len(e.diagnostics), 1)
        d = e.diagnostics[0]
        self.assertEqual((d.severity, d.code, d.file, d.line, d.column),
                         ("error", "E0101", "t.rubric", 3, 42))
        self.assertEqual(d.message, "unknown name 'c'")
        self.assertEqual(d.hint, "")  # one-letter names get no suggestion
        self.assertEqual(source.encode()[d.offset:d.offset + 1], b"c")
        self.assertIn("t.rubric:3:42: error: unknown name 'c' [E0101]", e.rendered)
        self.assertIn("^", e.rendered)
        self.assertIn("E0101", str(e))
        self.assertEqual(e.errors, e.diagnostics)

    def test_columns_count_code_points(self):
        source = 'standard t {\n  input 甲 : number\n  indicator 乙 { value 甲 + 丙 }\n}\n'
        with self.assertRaises(rubric.CompileError) as caught:
            rubric.Standard.compile(source)
        d = caught.exception.diagnostics[0]
        self.assertEqual((d.code, d.line, d.column, d.file), ("E0101", 3, 27, "<input>"))
        self.assertEqual(source.encode()[d.offset:d.offset + 3], "丙".encode())

    def test_several_errors(self):
        source = textwrap.dedent("""\
            standard t {
              input a : number
              input a : number
              indicator i points 5 { score x }
            }
            """)
        with self.assertRaises(rubric.CompileError) as caught:
            rubric.Standard.compile(source)
        codes = sorted(d.code for d in caught.exception.errors)
        self.assertIn("E0102", codes)
        self.assertIn("E0101", codes)

    def test_invalid_utf8(self):
        with self.assertRaises(rubric.CompileError) as caught:
            rubric.Standard.compile(b'standard t "\xff" { }')
        self.assertEqual(caught.exception.diagnostics[0].code, "E0001")

    def test_points_mismatch_and_cycle(self):
        with self.assertRaises(rubric.CompileError) as caught:
            rubric.Standard.compile("standard t { total 10\n indicator i points 4 { score 1 } }")
        self.assertEqual(caught.exception.diagnostics[0].code, "E0401")
        with self.assertRaises(rubric.CompileError) as caught:
            rubric.Standard.compile("standard t { let a = b\n let b = a\n indicator i { value a } }")
        self.assertIn("E0301", [d.code for d in caught.exception.diagnostics])


class TestConsortium(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.standard = rubric.Standard.from_file(CONSORTIUM / "standard.rubric")
        cls.session, cls.warnings = load_consortium(cls.standard)

    @classmethod
    def tearDownClass(cls):
        cls.session.close()
        cls.standard.close()

    def test_loaded(self):
        self.assertEqual(self.warnings, [])
        self.assertEqual(self.session.row_count, 90)
        rows = self.session.rows()
        self.assertEqual(len(rows), 90)
        self.assertEqual(rows[0], (0, "C0001", 2023))
        self.assertEqual({p for _, _, p in rows}, {2023, 2024, 2025})

    def test_totals_grades_vetoes_match_cli(self):
        s = self.session
        for (entity, period), (total, grade, vetoes) in CONSORTIUM_EXPECTED.items():
            with self.subTest(entity=entity, period=period):
                row = s.find_row(entity, period)
                self.assertIsNotNone(row)
                self.assertTrue(s.scorable(row))
                self.assertAlmostEqual(s.total(row), total, delta=TOL)
                self.assertEqual(s.grade(row), grade)
                self.assertEqual(s.fired_vetoes(row), vetoes)
                self.assertEqual(s.vetoed(row), bool(vetoes))
                # rows by (entity, period) too
                self.assertEqual(s.total((entity, period)), s.total(row))

    def test_node_values(self):
        s = self.session
        row = s.find_row("C0018", 2024)
        self.assertAlmostEqual(s.node_value(row, "G1"), 8.065586846546717, delta=TOL)
        self.assertAlmostEqual(s.node_value(row, "G2"), 18.185284954621046, delta=TOL)
        self.assertEqual(s.node_value(row, "G3"), 0.0)
        g2 = self.standard.find_node("G2")
        self.assertEqual(s.node_value(row, g2), s.node_value(row, g2.index))
        total = sum(s.node_value(row, n) for n in ("G1", "G2", "G3"))
        self.assertAlmostEqual(total, s.total(row), delta=TOL)

    def test_ranking(self):
        last = [r for r in self.session.results(nodes=False) if r["period"] == 2025]
        ranked = sorted(last, key=lambda r: -r["total"])
        self.assertEqual([r["entity"] for r in ranked[:5]], TOP_2025)

    def test_results(self):
        results = self.session.results()
        self.assertEqual(len(results), 90)
        first = results[0]
        self.assertEqual(set(first), {"row", "entity", "period", "scorable", "total", "grade",
                                      "vetoed", "vetoes", "nodes"})
        self.assertEqual((first["entity"], first["period"]), ("C0001", 2023))
        self.assertAlmostEqual(first["total"], 47.72219033923088, delta=TOL)
        self.assertEqual(list(first["nodes"]), [n.id for n in self.standard.nodes])
        self.assertAlmostEqual(first["nodes"]["G1"], 11.644329633859929, delta=TOL)
        vetoed = [(r["entity"], r["period"], r["vetoes"]) for r in results if r["vetoed"]]
        self.assertEqual(vetoed, [("C0018", 2024, ["T16_3"]), ("C0018", 2025, ["T16_4"]),
                                  ("C0026", 2024, ["T16_1"])])

    def test_explain_whole_standard(self):
        row = self.session.find_row("C0018", 2024)
        e = self.session.explain(row)
        self.assertEqual((e["entity"], e["period"], e["node"]), ("C0018", 2024, "consortium"))
        self.assertTrue(e["scorable"])
        self.assertTrue(e["vetoed"])
        self.assertEqual(e["grade"], "不合格")
        self.assertAlmostEqual(e["earned"], 26.25087180116776, delta=TOL)
        self.assertEqual(e["possible"], 100.0)
        self.assertEqual([c["id"] for c in e["children"]], ["G1", "G2", "G3"])
        for child in e["children"]:
            self.assertEqual(set(child), {"id", "label", "earned", "possible"})
        self.assertIsInstance(e["inputs"], list)
        self.assertIsInstance(e["cohorts"], list)
        self.assertIsInstance(e["vetoes"], list)

    def test_explain_indicator(self):
        row = self.session.find_row("C0018", 2024)
        e = self.session.explain(row, "T2_1")
        self.assertEqual((e["node"], e["label"], e["possible"]), ("T2_1", "2.1 区位优势", 2.5))
        self.assertAlmostEqual(e["earned"], self.session.node_value(row, "T2_1"), delta=TOL)
        self.assertEqual([i["id"] for i in e["inputs"]], ["p2_1_1", "p2_1_2a", "p2_1_2b"])
        self.assertEqual(e["inputs"][0]["shown"], "其他")
        for item in e["inputs"]:
            self.assertTrue({"id", "label", "value", "shown", "missing", "defaulted"} <= set(item))
        (cohort,) = e["cohorts"]
        self.assertEqual((cohort["function"], cohort["cohort_size"]), ("cohort_minmax", 30))
        # by Node and by index too
        node = self.standard.find_node("T2_1")
        self.assertEqual(self.session.explain(row, node), e)
        self.assertEqual(self.session.explain(row, node.index), e)

    def test_missing_values_and_imputations(self):
        standard = rubric.Standard.compile(textwrap.dedent("""\
            standard m {
              input region : enum { east, west }
              input x : number missing exclude
              input y : number missing impute cohort_mean by region
              indicator a points 1 { score x / 10 }
              indicator b points 1 { score y / 10 }
            }
            """))
        session = rubric.Session(standard)
        session.load_csv("entity,period,region,x,y\nA,2024,east,5,4\nB,2024,east,,\n"
                         "C,2024,west,,\n")
        a, b, c = (session.find_row(e, 2024) for e in "ABC")
        self.assertEqual(session.node_value(a, "a"), 0.5)
        self.assertIsNone(session.node_value(b, "a"))  # x missing: the value is missing
        self.assertAlmostEqual(session.node_value(b, "b"), 0.4, delta=TOL)  # y imputed
        self.assertEqual(session.imputations(b), [{
            "expression": "y", "input": "y", "value": 4.0,
            "how": "mean of 1 present value (by region = east)"}])
        self.assertEqual(session.imputations(a), [])
        self.assertIsNone(session.total(c))  # nothing present, nothing to impute from
        self.assertEqual(session.missing_reason(c),
                         "no part of the total has a value: missing x, y")
        self.assertEqual(session.missing_reason(a), "")
        self.assertIsNone(session.results()[2]["total"])

    def test_outputs_and_weighted_groups(self):
        standard = rubric.Standard.compile(textwrap.dedent("""\
            standard w {
              input a : number
              input b : number
              group g {
                weights ahp {
                  x: 1 3
                  y: 1
                }
                indicator x { value a }
                indicator y { value b }
              }
              output let doubled "twice g" = g * 2
              output let level = band(g) { high >= 5  low otherwise }
            }
            """))
        self.assertEqual([(o.index, o.id, o.label) for o in standard.outputs],
                         [(0, "doubled", "twice g"), (1, "level", "")])
        groups = standard.weighted_groups
        self.assertEqual(len(groups), 1)
        self.assertEqual(groups[0]["group"], "g")
        self.assertEqual(groups[0]["children"], ["x", "y"])
        self.assertEqual(groups[0]["weights"], [0.75, 0.25])
        self.assertEqual(groups[0]["consistency"][0]["cr"], 0.0)
        session = rubric.Session(standard)
        session.load_csv("entity,period,a,b\nA,2024,8,4\nB,2024,1,1\n")
        a, b = session.find_row("A", 2024), session.find_row("B", 2024)
        self.assertAlmostEqual(session.output_value(a, "doubled"), 14, delta=TOL)
        self.assertEqual(session.output_value(a, "level"), 1)
        self.assertEqual(session.output_text(a, "level"), "high")
        self.assertEqual(session.output_text(b, standard.outputs[1]), "low")
        self.assertEqual(session.output_text(b, 0), "2")
        with self.assertRaises(rubric.NotFoundError):
            session.output_value(a, "nope")
        with self.assertRaises(rubric.OutOfRangeError):
            session.output_text(a, 5)

    def test_goal_and_attribute(self):
        standard = rubric.Standard.from_file(REPO / "examples" / "guide" / "06_grades.rubric")
        session = rubric.Session(standard)
        session.load_csv(REPO / "examples" / "guide" / "06_grades.csv")
        row = session.find_row("无锡", 2023)
        before = session.total(row)
        goal = session.goal(row)
        self.assertFalse(goal["already"])
        self.assertEqual(goal["target"], {"grade": "优秀", "total": 9.0})
        self.assertEqual(session.total(row), before)  # the session is as it was
        reached = [c for c in goal["single_changes"] if c["reachable"]]
        self.assertEqual([c["input"] for c in reached], ["p7_1_2"])
        # Applying the answer really reaches the target (as rubric goal verifies).
        session.set(row, reached[0]["input"], int(reached[0]["to"]))
        self.assertGreaterEqual(session.total(row), 9.0)
        self.assertEqual(session.grade(row), "优秀")
        self.assertEqual(session.goal(row, grade="优秀")["already"], True)
        with self.assertRaises(rubric.InvalidArgumentError):
            session.goal(row, grade="没有这一档")
        # attribute: the contributions add up to the change of the total.
        fresh = rubric.Session(standard)
        fresh.load_csv(REPO / "examples" / "guide" / "06_grades.csv")
        moved = fresh.attribute("无锡", 2023, 2024)
        change = fresh.total(("无锡", 2024)) - fresh.total(("无锡", 2023))
        self.assertAlmostEqual(moved["change"], change, delta=1e-9)
        self.assertAlmostEqual(sum(i["contribution"] for i in moved["inputs"]), change,
                               delta=1e-9)
        self.assertAlmostEqual(fresh.total(("无锡", 2023)), before, delta=0)
        with self.assertRaises(rubric.InvalidArgumentError):
            fresh.attribute("无锡", 2023, 2024, unknown_option=1)
        # sensitivity: deterministic for a seed; the nominal ranks are rubric score's.
        first = fresh.sensitivity(samples=200, seed=7, vary="10%")
        self.assertEqual(first, fresh.sensitivity(samples=200, seed=7, vary=0.1, threads=2))
        self.assertTrue(first["rows"])
        with self.assertRaises(rubric.InvalidArgumentError):
            fresh.sensitivity(samples=0)

    def test_sensitivity_in_blocks(self):
        options = dict(samples=24, seed=5,
                       factors="total uniform 25%\nG1 dirichlet 3\n")
        whole = self.session.sensitivity(**options)
        a = self.session.sensitivity_runs(0, 10, **options)
        b = self.session.sensitivity_runs(10, 5, **options)
        c = self.session.sensitivity_runs(15, 9, **options)
        self.assertIsInstance(a, bytes)
        # A header of 52 bytes, then 8 bytes a run for each of the 90 rows.
        self.assertEqual(len(b), 52 + 5 * 90 * 8)
        self.assertEqual(self.session.sensitivity_merge([c, a, b], **options), whole)
        ones = [self.session.sensitivity_runs(r, 1, **options) for r in range(24)]
        self.assertEqual(self.session.sensitivity_merge(ones, **options), whole)
        # A block is the same whoever computes it: a second session of the same rows.
        other, _ = load_consortium(self.standard)
        with other:
            self.assertEqual(other.sensitivity_runs(10, 5, **options), b)
            self.assertEqual(other.sensitivity_merge([a, b, c], **options), whole)
        errors = [
            (lambda: self.session.sensitivity_merge([a, c], **options), "runs 10 to 14"),
            (lambda: self.session.sensitivity_merge([a, b, b, c], **options), "overlap"),
            (lambda: self.session.sensitivity_merge([a, b, c], **dict(options, seed=6)),
             "seed 5, not 6"),
            (lambda: self.session.sensitivity_merge([a, b[:-3], c], **options),
             "not the bytes of a block"),
            (lambda: self.session.sensitivity_runs(20, 5, **options), "beyond"),
            (lambda: self.session.sensitivity_runs(0, 0, **options), "at least one run"),
            (lambda: self.session.sensitivity_runs(0, 4, samples=4, sobol=True), "sobol"),
            (lambda: self.session.sensitivity_runs(-1, 4, **options), "whole numbers"),
        ]
        for call, message in errors:
            with self.assertRaises(rubric.InvalidArgumentError) as caught:
                call()
            self.assertIn(message, caught.exception.message)

    def test_explain_errors(self):
        row = self.session.find_row("C0018", 2024)
        with self.assertRaises(rubric.NotFoundError) as caught:
            self.session.explain(row, "NOPE")
        self.assertIn("NOPE", caught.exception.message)
        with self.assertRaises(rubric.OutOfRangeError):
            self.session.explain(10_000)

    def test_values(self):
        s = self.session
        row = s.find_row("C0018", 2024)
        self.assertEqual(s.value(row, "p2_1_1"), 0.0)  # option 其他
        self.assertFalse(s.is_missing(row, "p2_1_1"))
        self.assertEqual(s.value(row, "p2_1_2a"), 89.28)

    @unittest.skipUnless(os.environ.get("RUBRIC_CLI"), "RUBRIC_CLI is not set")
    def test_every_total_matches_cli(self):
        out = subprocess.run(
            [os.environ["RUBRIC_CLI"], "score", str(CONSORTIUM / "standard.rubric"),
             str(CONSORTIUM / "cities.csv"), "--format", "csv"],
            check=True, capture_output=True, text=True).stdout
        expected = {(r["entity"], int(r["period"])): float(r["points"])
                    for r in csv.DictReader(io.StringIO(out)) if r["node"] == "total"}
        self.assertEqual(len(expected), 90)
        for (entity, period), total in expected.items():
            self.assertAlmostEqual(self.session.total((entity, period)), total, delta=TOL)


class TestEdits(unittest.TestCase):
    def setUp(self):
        self.standard = rubric.Standard.from_file(CONSORTIUM / "standard.rubric")
        self.session, _ = load_consortium(self.standard)
        self.session.evaluate()
        self.row = self.session.find_row("C0001", 2024)

    def tearDown(self):
        self.session.close()
        self.standard.close()

    def all_totals(self, session):
        return {(r["entity"], r["period"]): r["total"] for r in session.results(nodes=False)}

    def test_incremental_edit_matches_cli_and_full_evaluation(self):
        s = self.session
        before = s.total(self.row)
        ops = s.ops
        s.set(self.row, "p8_2_2", 40)
        after = s.total(self.row)
        spent = s.ops - ops
        self.assertNotEqual(before, after)
        self.assertAlmostEqual(after, EDITED_TOTAL, delta=TOL)
        self.assertGreater(spent, 0)
        # incremental: far fewer kernel runs than a full evaluation
        s.evaluate()
        full = s.ops - ops - spent
        self.assertLess(spent, full)
        # every row equals a fresh session given the same value, bit for bit
        with rubric.Session(self.standard) as fresh:
            fresh.load_csv(CONSORTIUM / "cities.csv")
            fresh.set(("C0001", 2024), "p8_2_2", 40)
            self.assertEqual(self.all_totals(s), self.all_totals(fresh))

    def test_set_dispatch(self):
        s, r = self.session, self.row
        s.set(r, "p2_1_1", "国家级")  # enum label
        self.assertEqual(s.value(r, "p2_1_1"), 2.0)
        s.set(r, "p2_1_1", 1)  # enum option index
        self.assertEqual(s.value(r, "p2_1_1"), 1.0)
        s.set(r, "p1_1_1", False)  # bool
        self.assertEqual(s.value(r, "p1_1_1"), 0.0)
        s.set(r, "p1_1_1", "是")  # bool from its textual form
        self.assertEqual(s.value(r, "p1_1_1"), 1.0)
        s.set(r, "p2_1_2a", 12.5)  # number
        self.assertEqual(s.value(r, "p2_1_2a"), 12.5)
        s.set(r, "p2_1_2a", "13.25")  # number from text
        self.assertEqual(s.value(r, "p2_1_2a"), 13.25)
        s.set(r, "p2_2_1a", "新能源汽车")  # text
        s.set(r, "p2_1_2a", None)  # clear
        self.assertTrue(s.is_missing(r, "p2_1_2a"))
        self.assertEqual(s.value(r, "p2_1_2a"), 0.0)  # the default
        s.set(r, "p2_1_2b", "")  # "" = missing for data strings
        self.assertTrue(s.is_missing(r, "p2_1_2b"))
        index = self.standard.find_input("p2_1_2a")
        s.set(r, index, 7)  # by Input
        s.set(r, index.index, 8)  # by index
        self.assertEqual(s.value(r, "p2_1_2a"), 8.0)
        s.clear(r, "p2_1_2a")
        self.assertTrue(s.is_missing(r, "p2_1_2a"))

    def test_set_many(self):
        s = self.session
        rows = [s.find_row("C%04d" % i, 2025) for i in range(1, 31)]
        values = [float(i) for i in range(30)]
        values[3] = None
        ops = s.ops
        s.set_many("p8_2_2", rows, values)
        self.assertEqual(s.value(rows[5], "p8_2_2"), 5.0)
        self.assertTrue(s.is_missing(rows[3], "p8_2_2"))
        self.assertGreater(s.total(rows[0]), -1)
        self.assertGreater(s.ops, ops)
        with rubric.Session(self.standard) as fresh:
            fresh.load_csv(CONSORTIUM / "cities.csv")
            for row, value in zip(rows, values):
                fresh.set(fresh.find_row(s.entity(row), 2025), "p8_2_2", value)
            self.assertEqual(self.all_totals(s), self.all_totals(fresh))
        # bools, and the fallback for enum labels
        s.set_many("p1_1_1", rows[:2], [True, False])
        self.assertEqual([s.value(r, "p1_1_1") for r in rows[:2]], [1.0, 0.0])
        s.set_many("p2_1_1", rows[:2], ["省级", "国家级"])
        self.assertEqual([s.value(r, "p2_1_1") for r in rows[:2]], [1.0, 2.0])

    def test_set_many_errors(self):
        s = self.session
        rows = [s.find_row("C0001", 2025), s.find_row("C0002", 2025)]
        with self.assertRaises(rubric.InvalidArgumentError):
            s.set_many("p8_2_2", rows, [1.0])
        with self.assertRaises(rubric.OutOfRangeError):
            s.set_many("p8_2_2", [rows[0], 10_000], [1.0, 2.0])
        self.assertEqual(s.value(rows[0], "p8_2_2"), 1.0)  # earlier values stay set
        with self.assertRaises(rubric.InvalidArgumentError):
            s.set_many("p1_1_1", rows, [1.0, 0.5])  # bool must be 0 or 1
        with self.assertRaises(rubric.TypeMismatchError):
            s.set_many("p2_1_1", rows, [1.5, 2.5])  # enum by number

    def test_remove_and_add_rows(self):
        s = self.session
        row = s.find_row("C0030", 2025)
        s.remove_row(row)
        self.assertFalse(s.live(row))
        self.assertIsNone(s.find_row("C0030", 2025))
        self.assertEqual(len(s.rows()), 89)
        self.assertEqual(s.entity(row), "C0030")  # removed rows keep their index
        with self.assertRaises(rubric.OutOfRangeError):
            s.total(row)
        with self.assertRaises(rubric.OutOfRangeError):
            s.remove_row(row)
        new = s.add_row("C0030", 2025)
        self.assertEqual(new, 90)
        self.assertEqual((s.entity(new), s.period(new)), ("C0030", 2025))
        self.assertTrue(s.scorable(new))
        with self.assertRaises(rubric.AlreadyExistsError):
            s.add_row("C0030", 2025)

    def test_load_rows(self):
        s = self.session
        rows = s.load_rows([
            {"entity": "NEW", "period": 2025, "p1_1_1": True, "p2_1_1": "国家级",
             "p8_2_2": 12},
            {"entity": "C0001", "period": 2024, "p8_2_2": 40},
        ])
        self.assertEqual(rows[1], self.row)
        self.assertEqual(s.row_count, 91)
        self.assertEqual(s.value(rows[0], "p2_1_1"), 2.0)
        self.assertTrue(s.is_missing(rows[0], "p1_1_2"))
        # C0001 2024 has the edited value; NEW joined its period's cohorts
        with rubric.Session(self.standard) as other:
            other.load_csv(CONSORTIUM / "cities.csv")
            other.set(("C0001", 2024), "p8_2_2", 40)
            self.assertAlmostEqual(other.total(("C0001", 2024)), EDITED_TOTAL, delta=TOL)
        self.assertTrue(s.scorable(rows[0]))
        with rubric.Session(self.standard) as fresh:
            fresh.load_rows([{"id": "x", "year": "2020", "p1_1_1": 1}],
                            entity_key="id", period_key="year")
            self.assertEqual(fresh.rows(), [(0, "x", 2020)])
            self.assertEqual(fresh.node_value(0, "T1_1"), 1.0)
            with self.assertRaises(rubric.InvalidArgumentError):
                fresh.load_rows([{"entity": "y"}])
            with self.assertRaises(rubric.NotFoundError):
                fresh.load_rows([{"entity": "y", "period": 1, "nope": 1}])


class TestErrors(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.standard = rubric.Standard.compile(textwrap.dedent("""\
            standard t "T" {
              missing default
              input a "A" : number >= 0 <= 10
              input e : enum { lo, mid, hi }
              input note : text
              input flag : bool
              indicator i points 10 { score a / 10 }
              indicator j { value lookup(e) { lo: 0, hi: 2 } }
            }
            """), "t.rubric")

    def setUp(self):
        self.session = rubric.Session(self.standard)
        self.row = self.session.add_row("x", 2024)

    def tearDown(self):
        self.session.close()

    def test_unknown_input(self):
        with self.assertRaises(rubric.NotFoundError) as caught:
            self.session.set(self.row, "nope", 1)
        self.assertIn("nope", str(caught.exception))
        self.assertIsInstance(caught.exception, LookupError)
        with self.assertRaises(rubric.OutOfRangeError):
            self.session.set(self.row, 99, 1)

    def test_bad_enum_label(self):
        with self.assertRaises(rubric.InvalidArgumentError) as caught:
            self.session.set(self.row, "e", "top")
        e = caught.exception
        self.assertEqual(e.status, 1)
        self.assertEqual(e.function, "rubric_session_set_string")
        self.assertIn("'top' is not one of its options (lo, mid, hi)", e.message)
        with self.assertRaises(rubric.OutOfRangeError):
            self.session.set(self.row, "e", 3)  # option index past the end

    def test_out_of_range_row(self):
        for call in (lambda: self.session.set(5, "a", 1), lambda: self.session.total(5),
                     lambda: self.session.node_value(5, "i"), lambda: self.session.grade(5),
                     lambda: self.session.scorable(5), lambda: self.session.value(5, "a"),
                     lambda: self.session.entity(5), lambda: self.session.remove_row(5)):
            with self.assertRaises(rubric.OutOfRangeError) as caught:
                call()
            self.assertEqual(caught.exception.status, 4)
            self.assertIsInstance(caught.exception, IndexError)
        with self.assertRaises(rubric.OutOfRangeError):
            self.session.total(-1)
        with self.assertRaises(rubric.NotFoundError):
            self.session.total(("nobody", 2024))
        with self.assertRaises(rubric.OutOfRangeError):
            self.session.node_value(self.row, 99)

    def test_type_mismatch_and_bounds(self):
        s, r = self.session, self.row
        with self.assertRaises(rubric.TypeMismatchError) as caught:
            s.set(r, "note", 1.5)
        self.assertEqual(caught.exception.status, 5)
        with self.assertRaises(rubric.TypeMismatchError):
            s.set(r, "e", 1.5)
        with self.assertRaises(rubric.TypeMismatchError):
            s.set(r, "a", [1])
        with self.assertRaises(rubric.InvalidArgumentError) as caught:
            s.set(r, "a", 11)
        self.assertIn("above its declared maximum 10", caught.exception.message)
        with self.assertRaises(rubric.InvalidArgumentError):
            s.set(r, "a", "-1")
        with self.assertRaises(rubric.InvalidArgumentError):
            s.set(r, "a", float("nan"))
        with self.assertRaises(rubric.InvalidArgumentError):
            s.set(r, "flag", 0.5)
        with self.assertRaises(rubric.InvalidArgumentError):
            s.set(r, "flag", "maybe")
        s.set(r, "a", 5)
        self.assertEqual(s.total(r), 5.0)
        self.assertIsNone(s.grade(r))  # no grades

    def test_duplicate_row_and_bad_strings(self):
        s = self.session
        with self.assertRaises(rubric.AlreadyExistsError) as caught:
            s.add_row("x", 2024)
        self.assertIn("x", caught.exception.message)
        with self.assertRaises(rubric.InvalidUtf8Error):
            s.add_row("bad\udcff", 2024)  # a lone surrogate is not UTF-8
        with self.assertRaises(rubric.InvalidUtf8Error):
            s.set(self.row, "note", "bad\udcff")
        with self.assertRaises(rubric.InvalidArgumentError):
            s.add_row("nul\0", 2024)
        # The rule of data files holds here too: no empty entity, no control characters.
        with self.assertRaises(rubric.InvalidArgumentError) as caught:
            s.add_row("", 2024)
        self.assertIn("empty entity", caught.exception.message)
        with self.assertRaises(rubric.InvalidArgumentError):
            s.add_row("   ", 2024)
        with self.assertRaises(rubric.InvalidArgumentError) as caught:
            s.add_row("x\x1b[2J", 2024)
        self.assertIn("U+001B", caught.exception.message)
        self.assertEqual(s.row_count, 1)
        with self.assertRaises(rubric.OutOfRangeError):
            s.add_row("y", 2 ** 63)
        self.assertEqual(s.add_row("y", -(2 ** 63)), 1)

    def test_invalid_data(self):
        data = textwrap.dedent("""\
            entity,period,input,value
            x,2025,a,99
            x,2025,zz,1
            y,abc,a,1
            z,2025,e,top
            """)
        with self.assertRaises(rubric.DataError) as caught:
            self.session.load_csv(data, file_name="d.csv")
        e = caught.exception
        self.assertEqual(e.status, 8)
        self.assertEqual([(d.code, d.line, d.file) for d in e.errors],
                         [("D0102", 2, "d.csv"), ("D0101", 3, "d.csv"), ("D0005", 4, "d.csv"),
                          (e.errors[3].code, 5, "d.csv")])
        self.assertIn("'top'", e.errors[3].message)
        self.assertIn("d.csv:3: error: unknown input 'zz' [D0101]", e.rendered)
        self.assertIn("D0102", str(e))

    def test_load_csv_options_and_warnings(self):
        wide = "who,year,a,e,extra\nq,3,1,mid,zzz\nq,4,,,\n"
        with self.assertRaises(rubric.DataError):  # no entity column by default
            self.session.load_csv(wide)
        with rubric.Session(self.standard) as s:
            warnings = s.load_csv(wide, entity_column="who", period_column="year")
            # The unknown column, then the inputs the file never gives (W0002).
            self.assertEqual([w.code for w in warnings], ["W0001", "W0002", "W0002"])
            self.assertEqual(warnings[0].severity, "warning")
            self.assertIn("extra", warnings[0].message)
            self.assertIn("'note'", warnings[1].message)
            self.assertIn("'flag'", warnings[2].message)
            self.assertIn("as false (missing default)", warnings[2].message)
        with rubric.Session(self.standard) as s:
            self.assertEqual([w.code for w in s.load_csv(wide.encode(), entity_column="who",
                                                         period_column="year",
                                                         ignore_columns=["extra"])],
                             ["W0002", "W0002"])
            self.assertEqual(s.rows(), [(0, "q", 3), (1, "q", 4)])
            self.assertEqual(s.value((("q", 3)), "e"), 1.0)
            self.assertTrue(s.is_missing(("q", 4), "a"))
            with self.assertRaises(rubric.InvalidArgumentError):
                s.load_csv(wide, max_errors=0)

    def test_load_csv_from_path(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "bad.csv"
            path.write_text("entity,period,input,value\nx,1,zz,1\n", encoding="utf-8")
            for source in (path, str(path)):
                with rubric.Session(self.standard) as s:
                    with self.assertRaises(rubric.DataError) as caught:
                        s.load_csv(source)
                    self.assertEqual(caught.exception.errors[0].file, str(path))

    def test_load_csv_checks_the_file_before_reading_it(self):
        # A pipe without a writer, a device and a folder are refused at once, saying why;
        # they are never read (a pipe would wait forever, /dev/zero would never end).
        with tempfile.TemporaryDirectory() as tmp:
            fifo = os.path.join(tmp, "pipe.csv")
            os.mkfifo(fifo)
            cases = ((fifo, ": a pipe, not a regular file"),
                     ("/dev/zero", ": a character device, not a regular file"),
                     (tmp, ": Is a directory"),
                     (Path(tmp) / "absent.csv", ": No such file or directory"))
            for source, reason in cases:
                with rubric.Session(self.standard) as s:
                    with self.assertRaises(rubric.InvalidArgumentError) as caught:
                        s.load_csv(source)
                    self.assertIn("cannot read %s%s" % (os.fspath(source), reason),
                                  str(caught.exception))
                    self.assertEqual(s.row_count, 0)

    def test_closed_session(self):
        s = rubric.Session(self.standard)
        s.close()
        s.close()
        self.assertTrue(s.closed)
        with self.assertRaises(rubric.ClosedError):
            s.add_row("x", 1)
        with self.assertRaises(rubric.ClosedError):
            s.ops

    def test_error_hierarchy(self):
        for cls in (rubric.NotFoundError, rubric.AlreadyExistsError, rubric.OutOfRangeError,
                    rubric.TypeMismatchError, rubric.InvalidArgumentError,
                    rubric.NotScorableError, rubric.CompileError, rubric.DataError,
                    rubric.LibraryError, rubric.VersionMismatchError):
            self.assertTrue(issubclass(cls, rubric.RubricError), cls)


class TestHdi(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.standard = rubric.Standard.from_file(HDI / "hdi.rubric")
        cls.session = rubric.Session(cls.standard)
        cls.warnings = cls.session.load_csv(HDI / "hdi.csv", entity_column="iso3",
                                            period_column="year",
                                            ignore_columns="country,hdi_published")
        with open(HDI / "hdi.csv", newline="", encoding="utf-8") as f:
            cls.published = {r["iso3"]: r["hdi_published"] for r in csv.DictReader(f)}

    @classmethod
    def tearDownClass(cls):
        cls.session.close()

    def test_loaded(self):
        self.assertEqual(self.warnings, [])
        self.assertEqual(len(self.session.rows()), 195)

    def test_totals(self):
        s = self.session
        self.assertAlmostEqual(s.total(("AFG", 2022)), 0.4617423219835559, delta=TOL)
        self.assertAlmostEqual(s.total(("CHE", 2022)), 0.966522687456764, delta=TOL)
        self.assertAlmostEqual(s.total(("NOR", 2022)), 0.9659087143680244, delta=TOL)
        self.assertIsNone(s.grade(("NOR", 2022)))
        self.assertFalse(s.vetoed(("NOR", 2022)))

    def test_published_values(self):
        checked = 0
        for r in self.session.results(nodes=False):
            published = self.published[r["entity"]]
            if not published:
                self.assertFalse(r["scorable"], r["entity"])
                continue
            rounded = Decimal(repr(r["total"])).quantize(Decimal("0.001"), ROUND_HALF_UP)
            self.assertEqual(rounded, Decimal(published), r["entity"])
            checked += 1
        self.assertEqual(checked, 193)

    def test_unscorable_rows(self):
        s = self.session
        for entity, missing in (("PRK", "eys"), ("MCO", "mys")):
            row = s.find_row(entity, 2022)
            self.assertFalse(s.scorable(row))
            self.assertTrue(s.is_missing(row, missing))
            for call in (s.total, s.grade, s.vetoed, s.fired_vetoes,
                         lambda r: s.node_value(r, "health")):
                with self.assertRaises(rubric.NotScorableError) as caught:
                    call(row)
                self.assertEqual(caught.exception.status, 9)
                self.assertIn("missing input '%s'" % missing, caught.exception.message)
            e = s.explain(row)
            self.assertFalse(e["scorable"])
            self.assertEqual(e["reason"], "missing input '%s'" % missing)
        bad = [(r["entity"], r["total"], r["nodes"]) for r in s.results() if not r["scorable"]]
        self.assertEqual(sorted(bad), [("MCO", None, {}), ("PRK", None, {})])

    def test_completing_a_row_makes_it_scorable(self):
        with rubric.Session(self.standard) as s:
            s.load_csv(HDI / "hdi.csv", entity_column="iso3", period_column="year",
                       ignore_columns=["country", "hdi_published"])
            row = s.find_row("MCO", 2022)  # lacks mys and gnipc
            s.set(row, "mys", 10.0)
            self.assertFalse(s.scorable(row))
            with self.assertRaises(rubric.NotScorableError) as caught:
                s.total(row)
            self.assertIn("missing input 'gnipc'", caught.exception.message)
            s.set_many("gnipc", [row], [150000])
            self.assertTrue(s.scorable(row))
            self.assertTrue(0.5 < s.total(row) < 1)
            s.set(row, "mys", None)
            self.assertFalse(s.scorable(row))

    def test_goalpost_cases(self):
        with rubric.Session(self.standard) as s:
            s.load_csv(HDI / "hdi_extra_cases.csv", entity_column="iso3", period_column="year",
                       ignore_columns=["country", "hdi_published", "note"])
            with open(HDI / "hdi_extra_cases.csv", newline="", encoding="utf-8") as f:
                for r in csv.DictReader(f):
                    total = s.total((r["iso3"], int(r["year"])))
                    rounded = Decimal(repr(total)).quantize(Decimal("0.001"), ROUND_HALF_UP)
                    self.assertEqual(rounded, Decimal(r["hdi_published"]))


class TestLifetime(unittest.TestCase):
    def test_session_keeps_standard(self):
        standard = rubric.Standard.from_file(HDI / "hdi.rubric")
        session = rubric.Session(standard)
        self.assertIs(session.standard, standard)
        del standard
        gc.collect()
        row = session.add_row("X", 1)
        session.load_rows([{"entity": "X", "period": 1, "le": 70, "eys": 12, "mys": 8,
                            "gnipc": 10000}])
        self.assertTrue(0 < session.total(row) < 1)

    def test_closing_the_standard_first(self):
        standard = rubric.Standard.from_file(HDI / "hdi.rubric")
        with rubric.Session(standard) as session:
            standard.close()
            session.load_csv("entity,period,input,value\nX,1,le,70\nX,1,eys,12\n"
                             "X,1,mys,8\nX,1,gnipc,10000\n")
            self.assertTrue(0 < session.total(("X", 1)) < 1)
            self.assertEqual(session.explain(("X", 1), "health")["node"], "health")
        self.assertTrue(session.closed)

    def test_many_handles(self):
        source = read_text(HDI / "hdi.rubric")
        for _ in range(50):
            with rubric.Standard.compile(source) as standard:
                sessions = [rubric.Session(standard) for _ in range(3)]
                for s in sessions:
                    s.add_row("a", 1)
            del sessions
        gc.collect()

    def test_context_managers(self):
        with rubric.Standard.compile(read_text(HDI / "hdi.rubric")) as standard:
            with rubric.Session(standard) as session:
                self.assertFalse(session.closed)
            self.assertTrue(session.closed)
        self.assertTrue(standard.closed)
        self.assertIn("closed", repr(session))
        self.assertIn("closed", repr(standard))


def _numpy_or_none():
    try:
        import numpy
        return numpy
    except ImportError:
        return None


def _pandas_or_none():
    try:
        import pandas
        return pandas
    except ImportError:
        return None


MISSING_SOURCE = textwrap.dedent("""\
    standard m {
      grades {
        A >= 1
        B otherwise
      }
      input x : number missing exclude
      input req : number missing unscorable
      indicator a points 1 { score x / 10 }
      indicator r points 1 { score req / 10 }
    }
    """)
# A: everything; B: x missing (a is missing); C: the required input missing (not scorable).
MISSING_CSV = "entity,period,x,req\nA,2024,5,6\nB,2024,,4\nC,2024,3,\n"


class TestColumnar(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.standard = rubric.Standard.from_file(CONSORTIUM / "standard.rubric")
        cls.session, _ = load_consortium(cls.standard)
        cls.missing_standard = rubric.Standard.compile(MISSING_SOURCE)

    @classmethod
    def tearDownClass(cls):
        cls.session.close()
        cls.standard.close()
        cls.missing_standard.close()

    def missing_session(self):
        session = rubric.Session(self.missing_standard)
        session.load_csv(MISSING_CSV)
        self.addCleanup(session.close)
        return session

    def test_lists_match_row_by_row(self):
        s = self.session
        n = s.row_count
        totals = s.totals(array=False)
        self.assertIsInstance(totals, list)
        self.assertEqual(totals, [s.total(r) for r in range(n)])
        self.assertEqual(s.grades(), [s.grade(r) for r in range(n)])
        self.assertEqual(s.vetoed_flags(array=False), [s.vetoed(r) for r in range(n)])
        self.assertEqual(s.scorable_flags(array=False), [True] * n)
        names = self.standard.grades
        self.assertEqual([names[g] if g >= 0 else None for g in s.grade_indices(array=False)],
                         s.grades())
        for node in ("T8_2", self.standard.nodes[0], 5):
            with self.subTest(node=node):
                index = self.standard.node(node).index
                self.assertEqual(s.node_values(node, array=False),
                                 [s.node_value(r, index) for r in range(n)])

    def test_chosen_rows(self):
        s = self.session
        rows = [("C0018", 2024), 0, ("C0026", 2024), 0]
        indices = [s.find_row("C0018", 2024), 0, s.find_row("C0026", 2024), 0]
        self.assertEqual(s.totals(rows, array=False), [s.total(r) for r in indices])
        self.assertEqual(s.vetoed_flags(rows, array=False), [True, False, True, False])
        self.assertEqual(s.grades(rows)[0], CONSORTIUM_EXPECTED[("C0018", 2024)][1])
        self.assertEqual(s.totals([], array=False), [])
        self.assertEqual(s.input_values(["p8_2_2"], [0, 1], array=False),
                         [[s.value(0, "p8_2_2")], [s.value(1, "p8_2_2")]])

    def test_missing_and_not_scorable(self):
        s = self.missing_session()
        self.assertEqual(s.scorable_flags(array=False), [True, True, False])
        a = s.node_values("a", array=False)
        self.assertEqual(a[0], 0.5)
        self.assertIsNone(a[1])  # missing
        self.assertIsNone(a[2])  # not scorable
        self.assertEqual(s.totals(array=False), [s.total(0), s.total(1), None])
        # A generator of rows is read once (the not-scorable check reads the rows again).
        self.assertEqual(s.totals((r for r in range(3)), array=False),
                         [s.total(0), s.total(1), None])
        self.assertEqual(s.node_values("a", iter([2, 1]), array=False), [None, None])
        self.assertEqual(s.grade_indices(array=False)[2], -1)
        self.assertEqual(s.vetoed_flags(array=False), [False, False, False])
        values = s.input_values(array=False)
        self.assertEqual(values, [[5.0, 6.0], [None, 4.0], [3.0, None]])

    def test_removed_rows(self):
        s = self.missing_session()
        s.remove_row(1)
        self.assertEqual(s.totals(array=False), [s.total(0), None])  # rows 0 and 2
        self.assertEqual(s.scorable_flags(array=False), [True, False])
        with self.assertRaises(rubric.OutOfRangeError) as caught:
            s.totals([0, 1])
        self.assertIn("not a live row", caught.exception.message)

    def test_misuse(self):
        s = self.session
        with self.assertRaises(rubric.OutOfRangeError):
            s.totals([0, 10 ** 6])
        with self.assertRaises(rubric.OutOfRangeError):
            s.totals([-1])
        with self.assertRaises(rubric.NotFoundError):
            s.node_values("no_such_node")
        with self.assertRaises(rubric.NotFoundError):
            s.input_values(["no_such_input"])
        with self.assertRaises(TypeError):
            s.totals(["x"])
        self.assertEqual(s.input_values([], [0, 1], array=False), [])

    def test_without_numpy_array_true(self):
        if _numpy_or_none() is not None:
            self.skipTest("numpy is installed")
        with self.assertRaises(ImportError):
            self.session.totals(array=True)
        self.assertIsInstance(self.session.totals(), list)

    def test_numpy(self):
        np = _numpy_or_none()
        if np is None:
            self.skipTest("numpy is not installed")
        s = self.session
        totals = s.totals()
        self.assertIsInstance(totals, np.ndarray)
        self.assertEqual(totals.dtype, np.float64)
        self.assertEqual(totals.tolist(), s.totals(array=False))
        rows = np.array([3, 1, 2], dtype=np.int64)
        self.assertEqual(s.node_values("T8_2", rows).tolist(),
                         [s.node_value(r, "T8_2") for r in (3, 1, 2)])
        self.assertEqual(s.vetoed_flags().dtype, np.bool_)
        self.assertEqual(s.grade_indices().dtype, np.int32)
        values = s.input_values(["p8_2_2", "p13_3_5"], rows)
        self.assertEqual(values.shape, (3, 2))
        self.assertEqual(values[0, 0], s.value(3, "p8_2_2"))
        with self.assertRaises(rubric.OutOfRangeError):
            s.totals(np.array([-1]))
        with self.assertRaises(TypeError):
            s.totals(np.array([0.5]))
        m = self.missing_session()
        m.set_many("x", np.array([0, 1]), np.array([2.0, np.nan]))
        self.assertEqual(m.value(0, "x"), 2.0)
        self.assertTrue(m.is_missing(1, "x"))
        with self.assertRaises(rubric.InvalidArgumentError):
            m.set_many("x", [0], np.array([1.0, 2.0]))
        m.set_many("x", [0, 1], np.array([5, np.nan]))
        a = m.node_values("a")
        self.assertEqual(rubric.missing_mask(a).tolist(), [False, True, False])
        self.assertTrue(np.isnan(a[1]) and np.isnan(a[2]))
        inputs = m.input_values()
        self.assertTrue(np.isnan(inputs[1, 0]) and np.isnan(inputs[2, 1]))
        self.assertEqual(inputs[0].tolist(), [5.0, 6.0])

    def test_to_frame(self):
        pd = _pandas_or_none()
        if pd is None:
            with self.assertRaises(ImportError):
                self.session.to_frame()
            self.skipTest("pandas is not installed")
        s = self.session
        frame = s.to_frame(nodes=True, inputs=True)
        self.assertEqual(len(frame), s.row_count)
        self.assertEqual(list(frame.columns[:6]),
                         ["entity", "period", "scorable", "total", "grade", "vetoed"])
        row = s.find_row("C0026", 2024)
        self.assertEqual(frame.loc[row, "entity"], "C0026")
        self.assertEqual(frame.loc[row, "period"], 2024)
        self.assertEqual(frame.loc[row, "total"], s.total(row))
        self.assertEqual(frame.loc[row, "grade"], s.grade(row))
        self.assertTrue(frame.loc[row, "vetoed"])
        self.assertEqual(frame.loc[row, "T8_2"], s.node_value(row, "T8_2"))
        for inp in ("p8_2_2", "p13_3_5"):
            if s.is_missing(row, inp):
                self.assertTrue(pd.isna(frame.loc[row, inp]))
            else:
                self.assertEqual(frame.loc[row, inp], s.value(row, inp))
        m = self.missing_session()
        m.remove_row(0)
        small = m.to_frame()
        self.assertEqual(list(small.index), [1, 2])
        self.assertFalse(small.loc[2, "scorable"])
        self.assertTrue(pd.isna(small.loc[2, "grade"]))

    def test_installed_candidates(self):
        import types
        folder = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, folder)
        fake = os.path.join(folder, "librubric.so.%d" % _lib.HEADER_VERSION_MAJOR)
        Path(fake).write_bytes(b"")
        module = types.ModuleType("rubric._paths")
        module.LIBDIR = folder
        sys.modules["rubric._paths"] = module
        setattr(rubric, "_paths", module)
        try:
            self.assertIn(fake, _lib._installed_candidates())
        finally:
            del sys.modules["rubric._paths"]
            delattr(rubric, "_paths")


class TestExample(unittest.TestCase):
    def test_score_consortium(self):
        script = REPO / "examples" / "python" / "score_consortium.py"
        env = dict(os.environ)
        env.pop("PYTHONPATH", None)
        result = subprocess.run([sys.executable, str(script)], env=env, capture_output=True,
                                text=True, timeout=120)
        self.assertEqual(result.returncode, 0, result.stderr)
        lines = result.stdout.splitlines()
        self.assertTrue(any(line.lstrip().startswith("1 ") and "C0020" in line
                            for line in lines), result.stdout)
        self.assertIn("47.83081946727529", result.stdout)


if __name__ == "__main__":
    unittest.main()
