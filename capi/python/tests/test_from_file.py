"""Standard.from_file: the library reads the file (rubric_standard_compile_file), with its
checks (a regular file within the size limit); reading bases is a choice, and bases stay in
the standard's folder unless any base is allowed."""

import os
import tempfile
import unittest

from test_rubric import CONSORTIUM, REPO, read_text, setUpModule  # noqa: F401

import rubric

BASES = REPO / "tests" / "data" / "bases"


class TestFromFile(unittest.TestCase):
    def compile_error(self, *args, **kwargs):
        with self.assertRaises(rubric.CompileError) as raised:
            rubric.Standard.from_file(*args, **kwargs)
        return raised.exception

    def test_the_library_reads_the_file(self):
        with rubric.Standard.from_file(CONSORTIUM / "standard.rubric") as standard:
            self.assertEqual(standard.id, "consortium")
        with rubric.Standard.from_file(str(CONSORTIUM / "standard.rubric")) as standard:
            self.assertEqual(standard.id, "consortium")
        for path in ("/nonexistent/standard.rubric", "/dev/zero", str(REPO)):
            error = self.compile_error(path)
            self.assertEqual(error.function, "rubric_standard_compile_file")
            self.assertEqual([d.code for d in error.diagnostics], ["E0009"], path)
            self.assertEqual(error.diagnostics[0].file, path)

    def test_file_name_names_the_file_in_diagnostics(self):
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "bad.rubric")
            with open(path, "w", encoding="utf-8") as f:
                f.write("standard s {\n  indicator a points 1 {\n    score nope\n  }\n}\n")
            error = self.compile_error(path, file_name="shown.rubric")
            self.assertEqual(error.diagnostics[0].code, "E0101")
            self.assertEqual(error.diagnostics[0].file, "shown.rubric")
            self.assertIn("shown.rubric:3:11: error: unknown name 'nope'", error.rendered)
            self.assertEqual(self.compile_error(path).diagnostics[0].file, path)

    def test_reading_bases_is_a_choice(self):
        with rubric.Standard.from_file(CONSORTIUM / "jiangsu.rubric") as jiangsu:
            self.assertEqual(jiangsu.id, "jiangsu")
        error = self.compile_error(CONSORTIUM / "jiangsu.rubric", read_bases=False)
        self.assertEqual([d.code for d in error.diagnostics], ["E0109"])

    def test_bases_stay_in_the_standards_folder_unless_allowed(self):
        outside = BASES / "variant" / "outside.rubric"
        error = self.compile_error(outside)
        self.assertEqual([d.code for d in error.diagnostics], ["E0109"])
        self.assertEqual(error.diagnostics[0].message,
                         "refused to read '../national.rubric': a base must be inside the "
                         "folder of the standard being compiled")
        with rubric.Standard.from_file(outside, allow_any_base=True) as variant:
            self.assertEqual(variant.id, "江苏")
        # compile() applies the same rule to the folder of file_name.
        source = read_text(outside)
        with self.assertRaises(rubric.CompileError) as raised:
            rubric.Standard.compile(source, str(outside), read_bases=True)
        self.assertIn("refused to read", raised.exception.diagnostics[0].message)
        with rubric.Standard.compile(source, str(outside), read_bases=True,
                                     allow_any_base=True) as variant:
            self.assertEqual(variant.id, "江苏")

    def test_a_file_that_is_not_a_standard_is_never_quoted(self):
        path = BASES / "variant" / "not_a_standard.rubric"
        error = self.compile_error(path, allow_any_base=True)
        self.assertEqual([d.code for d in error.diagnostics], ["E0109"])
        self.assertIn("is not a rubric standard", error.diagnostics[0].message)
        self.assertNotIn("secret-first-line", error.rendered)
        self.assertNotIn("secret-first-line", str(error.diagnostics))


if __name__ == "__main__":
    unittest.main()
