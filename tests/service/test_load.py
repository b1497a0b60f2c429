"""A short run of load.py (a second per measurement): every response checked, no request
failed. No timing is judged here: the figures go in docs/benchmarks.md."""
import pathlib
import subprocess
import sys
import unittest


class LoadTest(unittest.TestCase):
    def test_short_load_run(self):
        script = pathlib.Path(__file__).with_name("load.py")
        result = subprocess.run([sys.executable, str(script), "--seconds", "1"],
                                capture_output=True, text=True, timeout=300)
        print(result.stdout, result.stderr)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertEqual(len([l for l in result.stdout.splitlines() if "connections:" in l]), 6)


if __name__ == "__main__":
    unittest.main()
