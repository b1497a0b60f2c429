"""Without dask, pandas or numpy, `import rubric.dask` says what it needs, and the rest of
the package works (rubric.dask itself is tested in tests_dask/, where dask is)."""

import importlib.util
import unittest

MISSING = [m for m in ("dask", "pandas", "numpy") if importlib.util.find_spec(m) is None]


@unittest.skipUnless(MISSING, "dask, pandas and numpy are installed (tests_dask/ runs)")
class DaskImportTest(unittest.TestCase):
    def test_import_error_says_what_is_needed(self):
        with self.assertRaises(ImportError) as raised:
            import rubric.dask  # noqa: F401
        self.assertIn("rubric.dask needs dask", str(raised.exception))
        self.assertIn("python3-dask", str(raised.exception))
        import rubric
        self.assertTrue(rubric.HEADER_VERSION)


if __name__ == "__main__":
    unittest.main()
